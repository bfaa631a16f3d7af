/**
 * Schemas use zod v4's tree-shakable "mini" API (`import * as z from "zod/mini"`, members only,
 * never the namespace re-exported): the classic API drags every locale and the JSON-schema
 * importer into each Lambda bundle. This module loads the English messages once and holds the
 * helpers every schema shares.
 */

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

/** A whole number within bounds, as JSON sends it. */
export const integer = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

/** A trimmed, non-empty string of bounded length. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A query-string number (always text on the wire) with a default when absent. */
export const queryInteger = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), integer(min, max)), fallback);
