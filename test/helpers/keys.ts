/**
 * Key-shaped strings made at run time (never stored in the repo, so `keydoctor scan .` stays clean).
 * Deterministic per seed so failures reproduce.
 */
import { createHash } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = ALNUM + '_-';
const HEX = '0123456789abcdef';
// The marker every OpenAI key carries, assembled so the source never holds a key-shaped literal.
export const MARK = ['T3Bl', 'bkFJ'].join('');

function stream(seed: string): () => number {
  let counter = 0;
  let pool: number[] = [];
  return () => {
    if (pool.length === 0) pool = [...createHash('sha256').update(`${seed}#${counter++}`).digest()];
    return pool.shift() ?? 0;
  };
}

function chars(next: () => number, alphabet: string, n: number, alnumEnds = false): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const a = alnumEnds && (i === 0 || i === n - 1) ? ALNUM : alphabet;
    s += a[next() % a.length];
  }
  return s;
}

export type KeyKind = 'proj' | 'proj56' | 'legacy' | 'svcacct' | 'admin' | 'none56' | 'named';

export function openaiKey(kind: KeyKind = 'proj', seed = 'k'): string {
  const n = stream(`kd-test:${kind}:${seed}`);
  const sk = ['s', 'k'].join('');
  switch (kind) {
    case 'proj':
      return `${sk}-proj-${chars(n, URLSAFE, 74, true)}${MARK}${chars(n, URLSAFE, 74, true)}`;
    case 'proj56':
      return `${sk}-proj-${chars(n, ALNUM, 20)}${MARK}${chars(n, ALNUM, 20)}`;
    case 'legacy':
      return `${sk}-${chars(n, ALNUM, 20)}${MARK}${chars(n, ALNUM, 20)}`;
    case 'svcacct':
      return `${sk}-svcacct-${chars(n, URLSAFE, 74, true)}${MARK}${chars(n, URLSAFE, 74, true)}`;
    case 'admin':
      return `${sk}-admin-${chars(n, URLSAFE, 58, true)}${MARK}${chars(n, URLSAFE, 58, true)}`;
    case 'none56':
      return `${sk}-None-${chars(n, ALNUM, 20)}${MARK}${chars(n, ALNUM, 20)}`;
    case 'named':
      return `${sk}-mybot-${chars(n, ALNUM, 20)}${MARK}${chars(n, ALNUM, 20)}`;
  }
}

export type ForeignKind =
  | 'anthropic'
  | 'openrouter'
  | 'groq'
  | 'google'
  | 'xai'
  | 'azure'
  | 'azure84'
  | 'deepseek'
  | 'litellm'
  | 'huggingface'
  | 'perplexity'
  | 'cerebras'
  | 'nvidia'
  | 'together'
  | 'fireworks'
  | 'vercel-gateway';

export function foreignKey(kind: ForeignKind, seed = 'f'): string {
  const n = stream(`kd-test:${kind}:${seed}`);
  const sk = ['s', 'k'].join('');
  switch (kind) {
    case 'anthropic':
      return `${sk}-ant-api03-${chars(n, URLSAFE, 93, true)}AA`;
    case 'openrouter':
      return `${sk}-or-v1-${chars(n, HEX, 64)}`;
    case 'groq':
      return `gsk_${chars(n, ALNUM, 52)}`;
    case 'google':
      return `AI${'za'}${chars(n, URLSAFE, 35)}`;
    case 'xai':
      return `xai-${chars(n, ALNUM, 80)}`;
    case 'azure':
      return chars(n, HEX, 32);
    case 'azure84':
      return `${chars(n, ALNUM, 52)}JQQJ99${chars(n, ALNUM, 1)}B${chars(n, ALNUM, 12)}AAABACOG${chars(n, ALNUM, 4)}`;
    case 'deepseek':
      return `${sk}-${chars(n, HEX, 32)}`;
    case 'litellm':
      return `${sk}-${chars(n, URLSAFE, 22, true)}`;
    case 'huggingface':
      return `hf_${chars(n, ALNUM, 34)}`;
    case 'perplexity':
      return `pplx-${chars(n, ALNUM, 48)}`;
    case 'cerebras':
      return `csk-${chars(n, '0123456789abcdefghijklmnopqrstuvwxyz', 48)}`;
    case 'nvidia':
      return `nvapi-${chars(n, URLSAFE, 64, true)}`;
    case 'together':
      return `tgp_v1_${chars(n, URLSAFE, 43, true)}`;
    case 'fireworks':
      return `fw_${chars(n, ALNUM, 40)}`;
    case 'vercel-gateway':
      return `vck_${chars(n, ALNUM, 52)}`;
  }
}

/** How api.openai.com echoes a rejected key: first 8, stars, last 4. */
export function openaiMask(key: string): string {
  if (key.length <= 12) return key;
  return key.slice(0, 8) + '*'.repeat(key.length - 12) + key.slice(-4);
}
