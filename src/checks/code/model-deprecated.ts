import type { FindingDraft } from '../../core/types.js';
import { modelUses } from './_lib/model-lifecycle.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'model-deprecated',
    title: 'The code calls a model OpenAI will shut down',
    severity: 'warning',
    area: 'code',
    docs: {
      what: "A model name in the code has an announced shutdown date that is still to come (for example `gpt-5-2025-08-07` and `o3` on 2026-12-11, `gpt-4o` and `gpt-4.1-mini` on 2027-01-14). The finding gives the date, the days left and the replacement. When verify or the doctor reaches the API, the date is the model's own `shutdown_date` in `GET /v1/models`; offline, keydoctor's table (src/code/retired-models.ts). Never applied to Azure deployments, which have their own schedule, nor to clients whose base URL in the code is another provider's (GitHub Models, OpenRouter, Groq) or a server on this machine or network: their model names follow that server's schedule. Where keydoctor's table gives the replacement loosely (OpenAI's page names none it could copy), it says so: a close current model, with no automatic edit.",
      why: 'On the shutdown date every request for the model starts failing with 404 `model_not_found`; nothing changes before it, so the code works until the day it does not.',
      fix: "Move to the replacement before the date and test it (https://developers.openai.com/api/docs/deprecations lists OpenAI's recommended replacements).",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const u of modelUses(facts, 'deprecated', targets)) {
      const s = u.status;
      const days = s.daysLeft === 1 ? '1 day' : `${s.daysLeft} days`;
      const via = s.source === 'live' ? ' (shutdown_date from GET /v1/models)' : '';
      out.push({
        id: 'model-deprecated',
        message: `${u.file}:${u.line} calls ${u.model}, which OpenAI shuts down on ${s.shutdown} (in ${days})${via}; from that day its requests fail with model_not_found. ${s.approx ? `Move to a current model before then (${s.replacement} is a close one; OpenAI's deprecations page names the replacement it recommends).` : `Move to ${s.replacement} before then.`}`,
        location: { path: u.file, line: u.line },
        fix: {
          summary: `Replace ${u.model} with ${s.approx ? `a current model (such as ${s.replacement})` : s.replacement} before ${s.shutdown}, and test the change.`,
          edit:
            s.approx || /\s/.test(s.replacement)
              ? undefined
              : { path: u.file, line: u.line, before: u.model, after: s.replacement },
          safe: false,
        },
        data: {
          model: u.model,
          shutdown: s.shutdown,
          daysLeft: s.daysLeft,
          replacement: s.replacement,
          source: s.source,
          alias: s.alias,
        },
      });
    }
    return out;
  },
};
