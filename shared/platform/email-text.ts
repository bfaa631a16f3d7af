/** What every email the system sends shares: its languages and how typed text is made safe to show. */
export type Locale = "zh-CN" | "en";

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Narrow enough to read as part of the word, yet a word break to every linkifier. */
const HAIR_SPACE = "\u200a";

/**
 * What reporters and administrators typed reaches a digest as plain text, never as a link: mail
 * clients (and mailparser's linkify-it, which the local SES emulator uses) turn "http://x.example",
 * "www.x.example", "x.com" and "a@x.com" into links on their own, and a digest must not carry an
 * attacker's link under the city's sender. A hair space after "://", before each dot inside a
 * name and around each "@" breaks every such run while the text still reads the same. Zero-width
 * characters (U+200B, U+2060) do not do it: linkify-it counts them as letters of the host name.
 */
export const unlinkable = (value: string): string =>
  value
    .replace(/:\/\//g, `://${HAIR_SPACE}`)
    .replace(/(?<=[\p{L}\p{N}_-])\.(?=[\p{L}\p{N}_-])/gu, `${HAIR_SPACE}.`)
    .replace(/@/g, `${HAIR_SPACE}@${HAIR_SPACE}`);
