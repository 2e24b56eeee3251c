/** A location as people read it: `path:line`, or the path alone when no line is known. */
export function locString(l: { path: string; line?: number; column?: number } | undefined): string | undefined {
  if (!l) return undefined;
  return l.line ? `${l.path}:${l.line}` : l.path;
}
