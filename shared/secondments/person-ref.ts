/**
 * A secondment names its person by a reference the two units agree on, never by who the person is:
 * the register is read by many offices, and a resident ID number or a phone number in it would
 * identify the cadre to all of them. This module spots both, however they are written (spaces,
 * dashes, dots or brackets between the digits, a +86 or 0086 prefix), inside a longer text too.
 */

/** Characters people put between the digits of one number. */
const SEPARATOR = "[\\s\\-.()（）－–—]";

/** Groups of digits joined by separators: one run may hold one number, several, or a reference. */
const RUN = new RegExp(`\\+?\\d+[Xx]?(?:${SEPARATOR}+\\+?\\d+[Xx]?)*`, "g");
const GROUP = /\d+[Xx]?/g;

const MONTH = "(0[1-9]|1[0-2])";
const DAY = "(0[1-9]|[12]\\d|3[01])";
/** 18 characters: region, birth date YYYYMMDD, sequence, check digit (X for ten). */
const RESIDENT_ID_18 = new RegExp(`^[1-9]\\d{5}(18|19|20)\\d{2}${MONTH}${DAY}\\d{3}[\\dXx]$`);
/** The first-generation form: 15 digits, birth date YYMMDD. */
const RESIDENT_ID_15 = new RegExp(`^[1-9]\\d{5}\\d{2}${MONTH}${DAY}\\d{3}$`);
const COUNTRY = "(86|0086)";
const MOBILE = new RegExp(`^${COUNTRY}?1[3-9]\\d{9}$`);
/** An area code with its trunk 0 (010, 0571) and a local number of 7 or 8 digits; abroad the 0 goes. */
const LANDLINE = new RegExp(`^(${COUNTRY}?0|${COUNTRY})[1-9]\\d{1,2}[2-9]\\d{6,7}$`);

/**
 * Every number a text could be read as: each run of digit groups, and each stretch of consecutive
 * groups within it, joined without separators ("2026 138 1234 5678" holds "13812345678").
 */
const candidatesOf = (value: string): string[] =>
  [...value.matchAll(RUN)].flatMap(([run]) => {
    const groups = run.match(GROUP) ?? [];
    const joined: string[] = [];
    for (let first = 0; first < groups.length; first++)
      for (let last = first; last < groups.length; last++)
        joined.push(groups.slice(first, last + 1).join(""));
    return joined;
  });

export type PersonalNumber = "resident ID number" | "phone number";

/** What personal number the text holds, if any. */
export const personalNumberIn = (value: string): PersonalNumber | undefined => {
  const candidates = candidatesOf(value);
  if (candidates.some((candidate) => RESIDENT_ID_18.test(candidate) || RESIDENT_ID_15.test(candidate)))
    return "resident ID number";
  if (candidates.some((candidate) => MOBILE.test(candidate) || LANDLINE.test(candidate)))
    return "phone number";
  return undefined;
};
