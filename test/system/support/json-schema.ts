/**
 * An independent JSON Schema 2020-12 validator (Ajv, strict, with the standard formats), as a
 * frontend would use on the forms GET /v1/forms serves.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";

export type CompiledForm = ((data: unknown) => boolean) & { errors?: unknown[] | null };

// ajv-formats is CommonJS: under Node's ESM its default import is module.exports, whose `default`
// is the plugin too; TypeScript sees only the latter.
const addFormats = formats as unknown as typeof formats.default;

/** A fresh validator that compiles each schema on its own, as a client holding one form would. */
export const compileForm = (schema: Record<string, unknown>): CompiledForm => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema) as CompiledForm;
};
