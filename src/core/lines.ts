/** Offsets in a text ↔ 1-based lines and columns, by binary search over cached line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  /** `cr`: a lone CR also ends a line (dotenv parsers treat `\r`, `\r\n` and `\n` alike). */
  constructor(
    readonly text: string,
    opts: { cr?: boolean } = {},
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && opts.cr) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Number of lines. */
  get count(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. */
  at(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - (this.starts[line - 1] ?? 0) + 1 };
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of the start of a 1-based line. */
  start(n: number): number {
    return this.starts[n - 1] ?? this.text.length;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(n: number): string {
    const s = this.starts[n - 1];
    if (s === undefined) return '';
    const e = this.starts[n] ?? this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }
}
