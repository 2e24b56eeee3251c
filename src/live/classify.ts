/**
 * The answer classifier: one HTTP answer from OpenAI / Azure OpenAI (or from a proxy in front of
 * them) → findings. `verify` feeds it live answers, `explain` feeds it answers pasted from logs, so
 * both classify identically. The knowledge sits with each finding: src/checks/live/<id>.ts holds the
 * rules that read its id from an answer; this runs them in precedence order (ANSWER_RULES).
 */
import type { FindingDraft } from '../core/types.js';
import { ANSWER_RULES } from '../checks/live/_lib/precedence.js';
import { readAnswer, type ApiAnswer } from './answer.js';

/** Classifies one API answer into live-* findings (plus key-* findings the message reveals). */
export function classifyAnswer(a: ApiAnswer): FindingDraft[] {
  const r = readAnswer(a);
  for (const rule of ANSWER_RULES) {
    const found = rule.match(r);
    if (found === undefined) continue;
    return rule.alone ? found : [...r.revealed, ...found];
  }
  return r.revealed;
}
