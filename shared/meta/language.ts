/**
 * The languages the forms are described in, and the one an `Accept-Language` header asks for.
 * Small and free of schemas: the meta function's bundle imports it.
 */

export const formLanguages = ["zh-CN", "en"] as const;
export type FormLanguage = (typeof formLanguages)[number];

/**
 * The served language a language tag names, if any: `zh`, `zh-CN`, `zh-Hans` (and `zh-Hans-CN`,
 * `zh-SG`) read simplified Chinese; any `en` tag reads English. Traditional Chinese (`zh-Hant`,
 * `zh-TW`, `zh-HK`, `zh-MO`) is not served, so it falls through to the caller's next preference.
 */
const languageOfTag = (tag: string): FormLanguage | undefined => {
  const [primary, ...subtags] = tag.toLowerCase().split("-");
  if (primary === "en") return "en";
  if (primary !== "zh") return undefined;
  const traditional = subtags.some((subtag) => ["hant", "tw", "hk", "mo"].includes(subtag));
  return traditional ? undefined : "zh-CN";
};

const TAG = /^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The language to answer in: the served language the caller prefers most (q-values honoured, the
 * earlier of equal ones first; `q=0` means "not this"), else `fallback` (the deployment's
 * EMAIL_LOCALE). `*` accepts the fallback; a malformed entry is skipped, never an error.
 */
export const negotiateLanguage = (header: string | undefined, fallback: FormLanguage): FormLanguage => {
  if (!header) return fallback;
  const ranges = header
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...parameters] = entry.split(";").map((part) => part.trim());
      let quality = 1;
      for (const parameter of parameters) {
        const match = QUALITY.exec(parameter);
        if (match?.[1] !== undefined) quality = Number(match[1]);
        else if (/^q=/i.test(parameter)) quality = Number.NaN;
      }
      return { tag, quality, index };
    })
    .filter(({ tag, quality }) => TAG.test(tag) && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === "*") return fallback;
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return fallback;
};
