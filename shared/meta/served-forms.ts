/**
 * The forms the meta function serves: generated at build time (`npm run openapi` writes
 * forms.json, every form in every served language; a unit test fails when it is stale), so the
 * function carries neither the schemas nor the JSON Schema generator. The caller's Accept-Language
 * picks the language, else the deployment's EMAIL_LOCALE.
 */
import { config } from "../platform/config.ts";
import generated from "./forms.json" with { type: "json" };
import type { Forms, FormsDocument } from "./forms.ts";
import { type FormLanguage, negotiateLanguage } from "./language.ts";

const forms = generated as unknown as FormsDocument;

export type ServedForms = { language: FormLanguage } & Forms;

export const servedForms = (acceptLanguage: string | undefined): ServedForms => {
  const language = negotiateLanguage(acceptLanguage, config().EMAIL_LOCALE);
  return { language, ...forms[language] };
};
