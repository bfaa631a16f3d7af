/**
 * Each stored entity is declared once: its type, schema version, record schema, primary key and
 * index keys, built from the record's own (or derived) attributes. Key strings are derived here
 * and nowhere else, and every item read back is parsed with the entity's schema rather than cast.
 */
import type * as z from "zod/mini";
import { type IndexName, tableIndexes } from "./table-definition.ts";

/** Attributes only the table needs; a record never carries them. */
const keyAttribute = /^(pk|sk|gsi\d(pk|sk)|entity|schemaVersion|expiresAt)$/;

type Item = Record<string, unknown>;

type IndexKeys<A extends string> = { pk: readonly A[]; sk: readonly A[] };

/** The attributes keys may be built from: the record's own and the derived ones. */
type KeyAttribute<S extends z.ZodMiniType<Record<string, unknown>>, D> =
  | Extract<keyof z.output<S>, string>
  | Extract<keyof D, string>;

export type EntityDeclaration<
  S extends z.ZodMiniType<Record<string, unknown>>,
  D extends Record<string, string>,
  A extends string = KeyAttribute<S, D>,
> = {
  /** Prefix of every key, and the item's `entity` attribute. */
  type: string;
  /** Raised when the stored shape changes, so old items can be recognised and migrated. */
  version: number;
  schema: S;
  /** Values computed from a record that keys need but the record does not store (a UTC day, say). */
  derive?: (record: z.output<S>) => D;
  /** The record's own partition: `<type>#<attributes>`, with the item's sort key `<type>`. */
  primary: readonly A[];
  indexes?: Partial<Record<IndexName, IndexKeys<A>>>;
};

export type KeyValues<A extends string> = Partial<Record<A, string | number>>;

export type IndexQuery = { index: IndexName; name: string; sortName: string; value: string };

const indexAttributes = new Map(tableIndexes.map((index) => [index.indexName, index]));

/** Thrown when a stored item no longer matches its schema: data to repair, never a client error. */
export class CorruptItemError extends Error {
  constructor(type: string, cause: unknown) {
    super(`A stored ${type} item does not match its schema`, { cause });
    this.name = "CorruptItemError";
  }
}

export const defineEntity = <
  S extends z.ZodMiniType<Record<string, unknown>>,
  D extends Record<string, string> = Record<never, string>,
  A extends Extract<keyof z.output<S>, string> | Extract<keyof D, string> = Extract<
    keyof z.output<S>,
    string
  >,
>(
  declaration: EntityDeclaration<S, D, A>,
) => {
  type Record_ = z.output<S>;
  const { type } = declaration;

  const join = (attributes: readonly A[], values: KeyValues<A>): string =>
    [type, ...attributes.map((attribute) => String(values[attribute] ?? ""))].join("#");
  const sortOf = (attributes: readonly A[], values: KeyValues<A>): string =>
    attributes.map((attribute) => String(values[attribute] ?? "")).join("#");

  const valuesOf = (record: Record_): KeyValues<A> => ({
    ...record,
    ...declaration.derive?.(record),
  });

  const key = (values: KeyValues<A>) => ({ pk: join(declaration.primary, values), sk: type });

  return {
    type,
    key,
    /** The stored item: the record, its keys and its index keys. */
    toItem(record: Record_): Item & { pk: string; sk: string } {
      const values = valuesOf(record);
      const item: Item & { pk: string; sk: string } = {
        ...record,
        ...key(values),
        entity: type,
        schemaVersion: declaration.version,
      };
      for (const [name, keys] of Object.entries(declaration.indexes ?? {}) as [IndexName, IndexKeys<A>][]) {
        const attributes = indexAttributes.get(name);
        if (!attributes) continue;
        item[attributes.partitionKey] = join(keys.pk, values);
        item[attributes.sortKey] = sortOf(keys.sk, values);
      }
      return item;
    },
    /** A stored item back as a record, checked against the schema. */
    fromItem(item: Item): Record_ {
      const record = Object.fromEntries(Object.entries(item).filter(([name]) => !keyAttribute.test(name)));
      const parsed = declaration.schema.safeParse(record);
      if (!parsed.success) throw new CorruptItemError(type, parsed.error);
      return parsed.data;
    },
    /** The partition of one index that holds the records with these attribute values. */
    partition(index: IndexName, values: KeyValues<A>): IndexQuery {
      const keys = declaration.indexes?.[index];
      const attributes = indexAttributes.get(index);
      if (!keys || !attributes) throw new Error(`${type} is not indexed by ${index}`);
      return {
        index,
        name: attributes.partitionKey,
        sortName: attributes.sortKey,
        value: join(keys.pk, values),
      };
    },
  };
};

export type Entity<R> = {
  type: string;
  key(values: object): { pk: string; sk: string };
  toItem(record: R): Item & { pk: string; sk: string };
  fromItem(item: Item): R;
};
