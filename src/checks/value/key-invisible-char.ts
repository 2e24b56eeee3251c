import { isPlaceholder } from '../../keys/classify.js';
import type { FindingDraft } from '../../core/types.js';
import { about, keyList, setFix, sourceText, targetNames, winnerGroups, verb } from './_lib/shared.js';
import { cleanValue } from './_lib/shared.js';
import type { Check } from '../types.js';

const NAMES: Record<string, string> = {
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u2060': 'WORD JOINER',
  '\ufeff': 'BYTE ORDER MARK',
  '\u00a0': 'NO-BREAK SPACE',
  '\u00ad': 'SOFT HYPHEN',
  '\u201c': 'LEFT DOUBLE QUOTATION MARK',
  '\u201d': 'RIGHT DOUBLE QUOTATION MARK',
  '\u2018': 'LEFT SINGLE QUOTATION MARK',
  '\u2019': 'RIGHT SINGLE QUOTATION MARK',
  '\u2013': 'EN DASH',
  '\u2014': 'EM DASH',
  '\u2026': 'HORIZONTAL ELLIPSIS',
  '\ufffd': 'REPLACEMENT CHARACTER (bytes that were not UTF-8)',
  ' ': 'SPACE',
};

/** The first character no key contains, inside the value (ends are key-whitespace's). */
export function oddChar(value: string): { char: string; index: number } | undefined {
  const v = value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const offset = value.indexOf(v);
  for (let i = 0; i < v.length; i++) {
    const c = v[i] as string;
    const code = c.charCodeAt(0);
    if (code > 0x20 && code < 0x7f) continue;
    return { char: c, index: i + offset };
  }
  return undefined;
}

function shifted(o: { char: string; index: number } | undefined, by: number) {
  return o ? { char: o.char, index: o.index + by } : undefined;
}

export const check: Check = {
  meta: {
    id: 'key-invisible-char',
    title: 'The key contains an invisible or non-ASCII character',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value holds a character no API key has: a zero-width space, a no-break space, a byte order mark, smart quotes or an en dash from a word processor or chat app, a control character, or a space in the middle. A space after a comma of a list of whole keys (`sk-…A, sk-…B`, which the app splits and trims) is not reported: key-malformed says what the list means.',
      why: 'The key no longer matches (401 `invalid_api_key`), or the HTTP library refuses the header outright ("Invalid character in header content", "ByteString" / "latin-1" encode errors). It cannot be seen in an editor.',
      fix: 'Copy the key again from the dashboard with the copy button and paste it into a plain-text editor; or delete and retype the characters around the position named.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      // `Bearer sk-...`: the space after Bearer is key-bearer-prefix's; a character after it is still reported
      const bearer = /^\s*["']?bearer /i.exec(g.value);
      const odd = bearer ? shifted(oddChar(g.value.slice(bearer[0].length)), bearer[0].length) : oddChar(g.value);
      if (!odd) continue;
      if (isPlaceholder(cleanValue(g.value))) continue; // `<your key here>`: key-placeholder says what it is
      // a space after a comma of a list of whole keys (`sk-…A, sk-…B`): code that splits the list trims it,
      // and key-malformed says what the list means for a client that does not split it
      if (odd.char === ' ' && keyList(cleanValue(g.value))) continue;
      const code = `U+${odd.char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      const name = NAMES[odd.char] ?? (odd.char.charCodeAt(0) < 0x20 ? 'a control character' : 'a non-ASCII character');
      out.push(
        about(
          'key-invisible-char',
          g,
          `${g.name} from ${sourceText(g.winner)} contains ${code} ${name} at position ${odd.index + 1}, so the key ${targetNames(g.targets)} ${verb(g.targets, 'sends', 'send')} cannot match.`,
          setFix(g.winner, g.name, 'Paste the key again as plain text.'),
          undefined,
        ),
      );
    }
    return out;
  },
};
