/**
 * Array helpers that hold for any length. `a.push(...b)`, `Math.max(...b)` and `a.splice(i, n, ...b)`
 * pass every element as an argument, and past about 100,000 elements V8 throws "Maximum call stack
 * size exceeded": a hostile file with that many lines would crash the run. The lint forbids the
 * spread forms in src/; these loops take their place.
 */

/** Appends every item of `items` to `target` (any number of them); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** The largest number of `xs` (`-Infinity` when there is none), for any length. */
export function maxOf(xs: Iterable<number>): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** Replaces the whole content of `target` with `items` (in place: other holders see the change). */
export function replaceAll<T>(target: T[], items: readonly T[]): void {
  target.length = 0;
  for (const x of items) target.push(x);
}

/** The smallest number of `xs` (`Infinity` when there is none), for any length. */
export function minOf(xs: Iterable<number>): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}
