/**
 * Schemas use zod v4's tree-shakable "mini" API (`import * as z from "zod/mini"`, members only,
 * never the namespace re-exported): the classic API drags every locale and the JSON-schema
 * importer into each Lambda bundle. No locale is loaded at all: the messages a client sees are
 * written from the issues themselves (http/issues.ts). This module holds the helpers every schema
 * shares; custom messages are predicates ("must ...") that get the field's name in front.
 */

import * as z from "zod/mini";

/** A whole number within bounds, as JSON sends it. */
export const integer = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.int({ error }).check(z.minimum(min, { error }), z.maximum(max, { error }));
};

/** A trimmed, non-empty string of bounded length. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A query-string number (always text on the wire) with a default when absent. */
export const queryInteger = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(z.coerce.number({ error: `must be a whole number from ${min} to ${max}` }), integer(min, max)),
    fallback,
  );
