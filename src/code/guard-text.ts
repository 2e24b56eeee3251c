/** Guards in words, for the report (which loads nothing of the code analysis that finds them). */
import type { Guard, GuardOp } from './types.js';

/** A guard in words: `LLM_PROVIDER is "openai"`, `OPENAI_API_KEY is set`. */
export function describeGuard(g: Guard): string {
  switch (g.kind) {
    case 'env':
    case 'param': {
      const who = g.kind === 'env' ? g.name : `argument ${g.index + 1} of ${g.fn}()`;
      if (g.op === 'set') return `${who} is set`;
      if (g.op === 'unset') return `${who} is not set`;
      if (g.op === 'openai-model') return `${who} names an OpenAI model or is not set`;
      const vs = (g.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
      return g.op === 'eq' ? `${who} is ${vs}` : `${who} is not ${vs}`;
    }
    case 'main':
      return g.negated ? 'the module is imported' : 'the module is run as the program';
    case 'fixed':
      return g.holds ? g.text : `not (${g.text})`;
    case 'unknown':
      return g.text;
  }
}

/** Whether a guard's test holds for a value (undefined: unset). */
export function opHolds(op: GuardOp, v: string | undefined, values: string[] = []): boolean {
  switch (op) {
    case 'set':
      return v !== undefined && v !== '';
    case 'unset':
      return v === undefined || v === '';
    case 'eq':
      return v !== undefined && values.includes(v);
    case 'ne':
      return v === undefined || !values.includes(v);
    case 'openai-model':
      return v === undefined || v === '' || !v.includes('/') || v.toLowerCase().startsWith('openai/');
  }
}

/**
 * Lazy initialisation: `if self._client is None: self._client = OpenAI()`, `if (!client) client = new
 * OpenAI()`. The client is built the first time it is asked for, so a test that the very name it is
 * assigned to is still empty is no condition on it. `target` is the assigned expression's text.
 */
export function withoutLazyTest(when: Guard[], target: string): Guard[] {
  const t = target.replace(/\s+/g, '');
  if (!/^[A-Za-z_$][\w$.]*$/.test(t)) return when;
  const empty = new Set([
    `${t}isNone`,
    `not${t}`,
    `not(${t})`,
    `${t}===undefined`,
    `${t}==undefined`,
    `${t}===null`,
    `${t}==null`,
    `undefined===${t}`,
    `null===${t}`,
    `null==${t}`,
  ]);
  const kept = when.filter((g) => g.kind !== 'unknown' || !empty.has(g.text.replace(/\s+/g, '')));
  return kept.length === when.length ? when : kept;
}
