import type { FindingDraft } from '../../core/types.js';
import { modelUses } from './_lib/model-lifecycle.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'model-retired',
    title: 'The code calls a model that has been shut down',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'A model name in the code (`model: "text-davinci-003"`, `model="gpt-3.5-turbo-0301"`, ...) is one OpenAI has shut down. When verify or the doctor reaches the API, the shutdown date is the one `GET /v1/models` gives (`shutdown_date`); offline, keydoctor\'s dated table of OpenAI\'s deprecations (src/code/retired-models.ts). The replacement suggested is never itself a model that is shut down or has a shutdown date. Where keydoctor\'s table gives the replacement loosely (OpenAI\'s page names none it could copy), it says so: a close current model, with no automatic edit.',
      why: 'Requests for a shut-down model fail (404 `model_not_found`, or "The model ... has been deprecated"), which is easy to mistake for a key or permission problem.',
      fix: "A call in code that no target of the project runs (an example, a script run by hand) is a warning, as is one in an example, tutorial, notebook or test folder, or in a file named as an example or demo (`example.py`, `demo_chat.ts`), of a project whose own code (a library, an app) builds its clients elsewhere. Switch to the replacement the message names (check https://developers.openai.com/api/docs/deprecations for the current list). Azure deployments have their own retirement schedule: keydoctor does not apply this table to Azure clients or to OpenAI clients pointed at an Azure endpoint, nor to clients whose base URL in the code is another provider's (GitHub Models, OpenRouter, Groq) or a server on this machine or network.",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const u of modelUses(facts, 'retired', targets)) {
      const s = u.status;
      const via = s.source === 'live' ? ' (shutdown_date from GET /v1/models)' : '';
      out.push({
        id: 'model-retired',
        // Code no target of the project runs (an example, a script run by hand) fails only when someone runs it.
        ...(u.unreached || u.example ? { severity: 'warning' as const } : {}),
        message: `${u.file}:${u.line} calls ${u.model}, which OpenAI shut down on ${s.shutdown}${via}; ${s.approx ? `use a current model (${s.replacement} is a close one; OpenAI's deprecations page names the replacement it recommends)` : `use ${s.replacement}`}.${u.unreached ? ' No target of this project runs it as set up here (an example, a script run by hand, or a branch not taken): it fails when it runs.' : u.example ? " It is an example (or tutorial) beside the project's own code, run by hand: it fails when someone runs it." : ''}`,
        location: { path: u.file, line: u.line },
        fix: {
          summary: `Replace ${u.model} with ${s.approx ? `a current model (such as ${s.replacement})` : s.replacement}.`,
          edit:
            s.approx || /\s/.test(s.replacement)
              ? undefined
              : { path: u.file, line: u.line, before: u.model, after: s.replacement },
          safe: false,
        },
        data: { model: u.model, shutdown: s.shutdown, replacement: s.replacement, source: s.source },
      });
    }
    return out;
  },
};
