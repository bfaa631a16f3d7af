/**
 * Writes shared/meta/openapi.json, the document the meta function serves, from the route table
 * and the zod schemas. Run it after changing a route or a schema: `npm run openapi`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateOpenApiDocument } from "../shared/meta/openapi.ts";

export const generatedDocumentPath = join(import.meta.dirname, "..", "shared", "meta", "openapi.json");

export const generatedDocumentText = (): string => `${JSON.stringify(generateOpenApiDocument(), null, 2)}\n`;

if (import.meta.main) {
  writeFileSync(generatedDocumentPath, generatedDocumentText());
  console.log(`wrote ${generatedDocumentPath}`);
}
