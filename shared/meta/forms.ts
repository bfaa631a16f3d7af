/**
 * The forms a frontend renders: for each request kind and each fact kind, a standalone JSON Schema
 * 2020-12 document generated from the same zod schemas that validate submissions, with a title and
 * a description on the form and on every field, and a label on every choice, in each served
 * language (texts in form-texts.ts). The kinds are the members of the two discriminated unions,
 * so a kind added to a union gets its form with no change here.
 *
 * Generated at build time like the OpenAPI document (`npm run openapi` writes forms.json; a unit
 * test fails when it is stale): the meta function serves the file (served-forms.ts) and carries
 * neither the schemas nor the JSON Schema generator.
 */
import * as z from "zod/mini";
import { reportFactSchema } from "../facts/schemas.ts";
import { submitRequestSchema } from "../requests/kinds/index.ts";
import { choiceTitle, fieldText, kindTexts } from "./form-texts.ts";
import { type FormLanguage, formLanguages } from "./language.ts";

export type JsonSchema = Record<string, unknown>;
export type Forms = { requests: Record<string, JsonSchema>; facts: Record<string, JsonSchema> };
/** What forms.json holds: every form in every served language. */
export type FormsDocument = Record<FormLanguage, Forms>;

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

type Def = {
  type: string;
  coerce?: boolean;
  in?: z.ZodMiniType;
  out?: z.ZodMiniType;
  options?: z.ZodMiniType[];
  shape?: Record<string, z.ZodMiniType>;
  values?: unknown[];
};
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The members of a discriminated union on `kind`, each by its `kind` literal. */
export const formKindsOf = (union: z.ZodMiniType): [string, z.ZodMiniType][] =>
  (defOf(union).options ?? []).map((member) => {
    const literal = defOf(member).shape?.kind;
    const kind = literal ? defOf(literal).values?.[0] : undefined;
    if (typeof kind !== "string") throw new Error("every member of a form union needs a `kind` literal");
    return [kind, member];
  });

/**
 * A pipe whose input coerces (a query number) accepts what its output allows, as the OpenAPI
 * document says too (openapi.ts); no form field is one today, but a form must not read looser
 * than the API.
 */
const override = (ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void => {
  const def = defOf(ctx.zodSchema);
  if (def.type === "pipe" && def.in && def.out && defOf(def.in).coerce) {
    const { $schema: _dialect, ...accepted } = z.toJSONSchema(def.out, {
      target: "draft-2020-12",
      io: "output",
      unrepresentable: "any",
    }) as JsonSchema;
    for (const key of Object.keys(ctx.jsonSchema)) if (key !== "default") delete ctx.jsonSchema[key];
    Object.assign(ctx.jsonSchema, accepted);
  }
};

/** A field's choices as `oneOf` consts with their labels, the way form renderers read them. */
const labelledChoices = (schema: JsonSchema, field: string, language: FormLanguage): JsonSchema => {
  if (!Array.isArray(schema.enum)) return schema;
  const { enum: values, ...rest } = schema;
  return {
    ...rest,
    oneOf: values.map((value) => {
      const title = choiceTitle(field, value, language);
      return { const: value, ...(title === undefined ? {} : { title }) };
    }),
  };
};

/** A field with its title and description first, and its choices (or its items' choices) labelled. */
const annotateField = (
  kind: string,
  field: string,
  schema: JsonSchema,
  language: FormLanguage,
): JsonSchema => {
  const text = fieldText(kind, field, language);
  let annotated = labelledChoices(schema, field, language);
  if (typeof annotated.items === "object" && annotated.items !== null) {
    annotated = { ...annotated, items: labelledChoices(annotated.items as JsonSchema, field, language) };
  }
  if (typeof annotated.properties === "object" && annotated.properties !== null) {
    annotated = {
      ...annotated,
      properties: annotateFields(kind, annotated.properties as JsonSchema, language),
    };
  }
  return text ? { title: text.title, description: text.description, ...annotated } : annotated;
};

const annotateFields = (kind: string, properties: JsonSchema, language: FormLanguage): JsonSchema =>
  Object.fromEntries(
    Object.entries(properties).map(([field, schema]) => [
      field,
      annotateField(kind, field, schema as JsonSchema, language),
    ]),
  );

/** One kind's form in one language: a standalone JSON Schema 2020-12 document. */
export const formOf = (kind: string, schema: z.ZodMiniType, language: FormLanguage): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override,
  }) as JsonSchema;
  const text = kindTexts[kind]?.[language];
  return {
    $schema: JSON_SCHEMA_DIALECT,
    ...(text ? { title: text.title, description: text.description } : {}),
    ...json,
    ...(typeof json.properties === "object" && json.properties !== null
      ? { properties: annotateFields(kind, json.properties as JsonSchema, language) }
      : {}),
  };
};

const formsOf = (union: z.ZodMiniType, language: FormLanguage): Record<string, JsonSchema> =>
  Object.fromEntries(formKindsOf(union).map(([kind, schema]) => [kind, formOf(kind, schema, language)]));

/** Every form in every served language, as forms.json holds them. */
export const generateFormsDocument = (): FormsDocument =>
  Object.fromEntries(
    formLanguages.map((language) => [
      language,
      { requests: formsOf(submitRequestSchema, language), facts: formsOf(reportFactSchema, language) },
    ]),
  ) as FormsDocument;

const isText = (value: unknown): boolean => typeof value === "string" && value.trim().length > 0;

/** Every field (and the fields of its items and nested objects) lacking a title or a description. */
const missingInFields = (properties: unknown, where: string): string[] =>
  Object.entries((properties ?? {}) as Record<string, JsonSchema>).flatMap(([field, schema]) => {
    const path = `${where}.${field}`;
    const items = (schema.items ?? {}) as JsonSchema;
    const choices = [schema, items].flatMap((holder) =>
      Array.isArray(holder.oneOf) ? (holder.oneOf as JsonSchema[]) : [],
    );
    return [
      ...(isText(schema.title) ? [] : [`${path} has no title`]),
      ...(isText(schema.description) ? [] : [`${path} has no description`]),
      ...choices
        .filter((choice) => "const" in choice && !isText(choice.title))
        .map((choice) => `${path} choice ${JSON.stringify(choice.const)} has no title`),
      ...missingInFields(schema.properties, path),
      ...missingInFields(items.properties, `${path}[]`),
    ];
  });

/**
 * What the forms lack, one line each ("en requests.meeting.planItemId has no title"): a form
 * without its title or description, a field without either, a choice without its label.
 */
export const missingFormTexts = (document: FormsDocument): string[] =>
  Object.entries(document).flatMap(([language, forms]) =>
    Object.entries(forms).flatMap(([section, byKind]) =>
      Object.entries(byKind as Record<string, JsonSchema>).flatMap(([kind, form]) => {
        const where = `${language} ${section}.${kind}`;
        return [
          ...(isText(form.title) ? [] : [`${where} has no title`]),
          ...(isText(form.description) ? [] : [`${where} has no description`]),
          ...missingInFields(form.properties, where),
        ];
      }),
    ),
  );
