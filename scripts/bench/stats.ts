/**
 * What every benchmark shares: medians, a shuffled interleaving (so that no contender always runs
 * first or last in a round while other processes load the machine), and one table per benchmark
 * that ends with the ratio, the target and whether the target was met.
 */

export const median = (samples: readonly number[]): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

/** The p-th percentile (0..100), nearest rank. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
};

/** A new array in random order (Fisher-Yates). */
export const shuffled = <T>(items: readonly T[]): T[] => {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    const a = copy[index];
    const b = copy[other];
    if (a === undefined || b === undefined) continue;
    copy[index] = b;
    copy[other] = a;
  }
  return copy;
};

export const ms = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : "-";
export const times = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : "-");

export type Column = { title: string; align?: "left" | "right" };

/** A plain-text table: the first column left-aligned, the others right-aligned unless told. */
export const formatTable = (columns: readonly Column[], rows: readonly (readonly string[])[]): string => {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        const left = (columns[index]?.align ?? (index === 0 ? "left" : "right")) === "left";
        return left ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [
    line(columns.map((column) => column.title)),
    rule,
    ...rows.map((row) => line(columns.map((_, index) => row[index] ?? ""))),
  ].join("\n");
};

/** "ok" or "MISSED": the last column of every benchmark table. */
export const verdict = (ratio: number, target: number): string =>
  Number.isFinite(ratio) && ratio <= target ? "ok" : "MISSED";
