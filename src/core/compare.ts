/**
 * Ordering of paths, ids and names in reports: by UTF-16 code unit, the same on every machine.
 * (`localeCompare` depends on the locale and its first call builds an ICU collator, which costs
 * more than the rest of a small report.)
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
