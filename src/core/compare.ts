/**
 * Ordering of paths, ids and names in reports: by UTF-16 code unit, the same on every machine.
 * (`localeCompare` depends on the locale and its first call builds an ICU collator, which costs
 * more than the rest of a small report.)
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** [major, minor, patch] of a version string; undefined when it is not one. */
export function versionTuple(v: string): [number, number, number] | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Compares two version strings numerically (missing parts are 0); an unreadable one sorts first. */
export function compareVersions(a: string, b: string): number {
  const x = versionTuple(a);
  const y = versionTuple(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
