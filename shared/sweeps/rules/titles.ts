/** Enough titles to recognise what a violation is about; the rest are counted, so a flood stays short. */
const TITLES_SHOWN = 3;

/**
 * A violation's summary: the titles involved as the reporters wrote them and nothing else, since
 * emails put the violation into words in the reader's language from its rule and detail.
 */
export const titlesSummary = (titles: Iterable<string>): string => {
  const sorted = [...new Set(titles)].sort();
  const more = sorted.length - TITLES_SHOWN;
  return `${sorted.slice(0, TITLES_SHOWN).join("; ")}${more > 0 ? ` (+${more})` : ""}`;
};
