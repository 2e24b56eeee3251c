/** Random dotenv files with a damaged key, for the property tests (deterministic per seed). */
import { createHash } from 'node:crypto';

function rng(seed: string): () => number {
  let counter = 0;
  let pool: number[] = [];
  return () => {
    if (pool.length === 0) pool = [...createHash('sha256').update(`${seed}#${counter++}`).digest()];
    return (pool.shift() ?? 0) / 256;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

type Enc = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

function encode(text: string, enc: Enc): Buffer {
  switch (enc) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) {
        const a = le[i] as number;
        le[i] = le[i + 1] as number;
        le[i + 1] = a;
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
  }
}

const WORDS = ['alpha', 'beta', 'héllo wörld', '日本語', 'x=y', 'a#b', 'https://example.com/v1', '42', 'true', ''];
const DAMAGE = ['quotes', 'nested', 'spaces', 'zwsp', 'bearer'] as const;

export interface Case {
  enc: Enc;
  bytes: Buffer;
  keyLine: number;
  damage: (typeof DAMAGE)[number];
}

export function makeCase(seed: string, key: string): Case {
  const r = rng(seed);
  const enc = pick(r, ['utf8', 'utf8', 'utf8-bom', 'utf16le', 'utf16be'] as const);
  const eolMode = pick(r, ['lf', 'crlf', 'mixed'] as const);
  const eol = () => (eolMode === 'lf' ? '\n' : eolMode === 'crlf' ? '\r\n' : pick(r, ['\n', '\r\n']));
  const damage = pick(r, DAMAGE);
  const value =
    damage === 'quotes'
      ? `"${key}"`
      : damage === 'nested'
        ? `"'${key}'"`
        : damage === 'spaces'
          ? `"  ${key} "`
          : damage === 'zwsp'
            ? `${key.slice(0, 20)}\u200b${key.slice(20)}`
            : `Bearer ${key}`;
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 8);
  const at = Math.floor(r() * (n + 1));
  let keyLine = 0;
  for (let i = 0; i <= n; i++) {
    if (i === at) {
      lines.push(
        `${damage === 'quotes' ? '' : pick(r, ['', 'export '])}OPENAI_API_KEY=${value}${pick(r, ['', '', ' # from the dashboard'])}`,
      );
      keyLine = lines.length;
      continue;
    }
    const kind = pick(r, ['comment', 'blank', 'plain', 'double', 'single'] as const);
    const name = `VAR_${i}_${pick(r, ['A', 'B', 'PORT', 'MODE'])}`;
    if (kind === 'comment') lines.push(`# ${pick(r, WORDS)} ${pick(r, WORDS)}`);
    else if (kind === 'blank') lines.push('');
    else if (kind === 'plain') lines.push(`${name}=${pick(r, WORDS).replace(/[ #=]/g, '_')}`);
    else if (kind === 'double') lines.push(`${name}="${pick(r, WORDS)}"`);
    else lines.push(`${name}='${pick(r, WORDS)}'`);
  }
  let text = lines.map((l, i) => (i < lines.length - 1 ? l + eol() : l)).join('');
  if (r() < 0.7) text += eol();
  return { enc, bytes: encode(text, enc), keyLine, damage };
}
