/**
 * Finding many fixed strings (the registered secrets) in a text in one pass, in time linear in the
 * text whatever the number of secrets: one search per secret would make a report with 10,000 keys
 * cost 10,000 passes over each of its 10,000 strings.
 *
 * The secrets sit in a trie of CHUNK-character steps (every secret is at least CHUNK long), with a
 * bitmap of their first three characters in front: at most text positions the bitmap says no in
 * one lookup; where it says maybe, the trie is walked a chunk at a time while the text matches.
 * Where matches overlap (one secret starts inside another's occurrence) the whole covered run is
 * one region, so no part of either is left out.
 */

/** Every secret is at least this long (SecretSet drops shorter values). */
export const CHUNK = 8;
const BITS = 1 << 20;

interface Node {
  /** The next CHUNK characters → the node after them. */
  next?: Map<string, Node>;
  /** Remainders shorter than CHUNK of secrets that end below this node, longest first. */
  tails?: string[];
  /** A secret ends exactly here. */
  end?: boolean;
}

function hash3(text: string, i: number): number {
  return (text.charCodeAt(i) * 961 + text.charCodeAt(i + 1) * 31 + text.charCodeAt(i + 2)) & (BITS - 1);
}

export class MultiMatcher {
  private readonly root = new Map<string, Node>();
  private readonly first = new Uint8Array(BITS >> 3);
  private count = 0;

  /** Adds a string of at least CHUNK characters (shorter ones are ignored). */
  add(s: string): void {
    if (s.length < CHUNK) return;
    this.count++;
    const h = hash3(s, 0);
    this.first[h >> 3] = (this.first[h >> 3] as number) | (1 << (h & 7));
    const head = s.slice(0, CHUNK);
    let node = this.root.get(head);
    if (!node) this.root.set(head, (node = {}));
    let at = CHUNK;
    while (s.length - at >= CHUNK) {
      const step = s.slice(at, at + CHUNK);
      node.next ??= new Map();
      let n = node.next.get(step);
      if (!n) node.next.set(step, (n = {}));
      node = n;
      at += CHUNK;
    }
    if (at === s.length) node.end = true;
    else {
      const tail = s.slice(at);
      const tails = (node.tails ??= []);
      if (!tails.includes(tail)) {
        tails.push(tail);
        tails.sort((a, b) => b.length - a.length);
      }
    }
  }

  get size(): number {
    return this.count;
  }

  /** Length of the longest added string that starts at `i` of `text` (0: none). */
  matchAt(text: string, i: number): number {
    if (i + CHUNK > text.length) return 0;
    const h = hash3(text, i);
    if (((this.first[h >> 3] as number) & (1 << (h & 7))) === 0) return 0;
    let node = this.root.get(text.slice(i, i + CHUNK));
    let pos = i + CHUNK;
    let best = 0;
    while (node) {
      if (node.end) best = pos - i;
      if (node.tails) {
        for (const t of node.tails) {
          if (text.startsWith(t, pos)) {
            if (pos - i + t.length > best) best = pos - i + t.length;
            break;
          }
        }
      }
      if (!node.next || pos + CHUNK > text.length) break;
      node = node.next.get(text.slice(pos, pos + CHUNK));
      pos += CHUNK;
    }
    return best;
  }

  /** Calls `f(start, length)` for the longest added string at each place it occurs, left to right, without overlaps. */
  each(text: string, f: (start: number, length: number) => void): void {
    if (this.count === 0) return;
    const n = text.length - CHUNK;
    for (let i = 0; i <= n;) {
      const len = this.matchAt(text, i);
      if (len === 0) i++;
      else {
        f(i, len);
        i += len;
      }
    }
  }

  /** `text` with every region covered by an added string replaced by `f(region)`; one left-to-right pass. */
  replace(text: string, f: (region: string) => string): string {
    if (this.count === 0 || text.length < CHUNK) return text;
    let out = '';
    let last = 0;
    const n = text.length - CHUNK;
    let i = 0;
    while (i <= n) {
      const len = this.matchAt(text, i);
      if (len === 0) {
        i++;
        continue;
      }
      let end = i + len;
      // A match that starts inside this one and runs past its end joins the region.
      for (let j = i + 1; j < end && j <= n; j++) {
        const l2 = this.matchAt(text, j);
        if (l2 > 0 && j + l2 > end) end = j + l2;
      }
      out += text.slice(last, i) + f(text.slice(i, end));
      last = i = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}
