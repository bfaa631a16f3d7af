/**
 * Writes what the meta function serves, from the route table and the zod schemas:
 * shared/meta/openapi.json (the OpenAPI document) and shared/meta/forms.json (each request and
 * fact kind's form, in every served language). Run it after changing a route, a schema or a
 * form's texts: `npm run openapi`. It fails while a form lacks a text (shared/meta/form-texts.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateFormsDocument, missingFormTexts } from "../shared/meta/forms.ts";
import { generateOpenApiDocument } from "../shared/meta/openapi.ts";

const metaDirectory = join(import.meta.dirname, "..", "shared", "meta");

export const generatedDocumentPath = join(metaDirectory, "openapi.json");

export const generatedDocumentText = (): string => `${JSON.stringify(generateOpenApiDocument(), null, 2)}\n`;

export const generatedFormsPath = join(metaDirectory, "forms.json");

export const generatedFormsText = (): string => `${JSON.stringify(generateFormsDocument(), null, 2)}\n`;

if (import.meta.main) {
  writeFileSync(generatedDocumentPath, generatedDocumentText());
  console.log(`wrote ${generatedDocumentPath}`);
  writeFileSync(generatedFormsPath, generatedFormsText());
  console.log(`wrote ${generatedFormsPath}`);
  const missing = missingFormTexts(generateFormsDocument());
  if (missing.length > 0) {
    console.error(
      `The forms lack ${missing.length} text(s); add them to shared/meta/form-texts.ts and run again:\n  ${missing.join("\n  ")}`,
    );
    process.exitCode = 1;
  }
}
