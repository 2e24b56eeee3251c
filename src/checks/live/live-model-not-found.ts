/**
 * live-model-not-found: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingDraft } from '../../core/types.js';
import { modelOf, isRetiredModel } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { liveCheck } from './_lib/live-check.js';
import { lifecycleOf, replacementFor } from '../../code/retired-models.js';
import type { FindingMeta } from '../types.js';

export const meta: FindingMeta = {
  id: 'live-model-not-found',
  title: 'The model does not exist or is not available to this key',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 404 `model_not_found` ("The model `X` does not exist or you do not have access to it"), or a project model allow-list denial.',
    why: 'The key works, but the model name is wrong, retired, or not enabled for this project (Project settings → Limits), or the account needs a first payment / verification for that model.',
    fix: "Check the model name against `GET /v1/models` with this key, and the project's allowed models.",
  },
};

/** The replacement OpenAI names for a shut-down model (from the lifecycle table, never itself retired), or the deprecations page. */
function switchTo(model: string | undefined): string {
  const r = model ? lifecycleOf(model) : undefined;
  const page = 'https://developers.openai.com/api/docs/deprecations';
  if (!r) return `Switch to a current model: see ${page}.`;
  const rep = replacementFor(r);
  if (/^a /.test(rep.replacement)) return `Switch to ${rep.replacement}.`;
  return rep.approx
    ? `Switch to a current model such as ${rep.replacement} (${page} lists the replacements).`
    : `Switch to ${rep.replacement}, OpenAI's replacement for ${model}.`;
}

export const rules = {
  /** Also model-retired, when the model named has been shut down. */
  model: {
    name: 'model_not_found',
    match({ message, lc, said, finding }) {
      if (!(
        lc === 'model_not_found' ||
        /The model .{1,100} does not exist|does not have access to model|not allowed to sample from this model|model .{1,100} (?:not found|has been deprecated|was deprecated|has been shut ?down)|no such model/i.test(
          message,
        ) ||
        (/deprecated/i.test(message) && /model/i.test(message))
      ))
        return undefined;
      const out: FindingDraft[] = [];
      const model = modelOf(message);
      const retired =
        (model !== undefined && isRetiredModel(model)) ||
        /has been deprecated|shut ?down|was deprecated/i.test(message);
      if (retired) {
        out.push(
          finding({
            id: 'model-retired',
            message: `The code calls ${model ? `the model "${model}"` : 'a model'}, which has been shut down.${said}`,
            data: { model },
            fix: { summary: switchTo(model) },
          }),
        );
        if (lc !== 'model_not_found' && !/does not exist/i.test(message)) return out;
      }
      out.push(
        finding({
          id: 'live-model-not-found',
          message: `The model ${model ? `"${model}" ` : ''}does not exist or this key's project has no access to it (404 model_not_found). The key itself works.${said}`,
          data: { model },
          fix: {
            summary:
              "Check the model name, and the project's model access (Project settings → Limits → Model usage); new accounts may need a first payment for some models.",
          },
        }),
      );
      return out;
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
