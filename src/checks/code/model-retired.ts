import type { Check, FindingDraft } from '../../core/types.js';
import { retiredModel } from '../../code/retired-models.js';
import { AZURE_SDKS } from '../../code/check-helpers.js';

export const check: Check = {
  meta: {
    id: 'model-retired',
    title: 'The code calls a model that has been shut down',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'A model name in the code (`model: "text-davinci-003"`, `model="gpt-3.5-turbo-0301"`, ...) is one OpenAI has shut down. keydoctor keeps a dated table of shut-down models with OpenAI\'s recommended replacements (src/code/retired-models.ts, from OpenAI\'s deprecations page).',
      why: 'Requests for a shut-down model fail (404 `model_not_found`, or "The model ... has been deprecated"), which is easy to mistake for a key or permission problem.',
      fix: 'Switch to the replacement the message names (check https://developers.openai.com/api/docs/deprecations for the current list). Azure deployments have their own retirement schedule: keydoctor does not apply this table to Azure clients.',
    },
  },
  run({ facts }) {
    const code = facts.code;
    if (!code) return [];
    const out: FindingDraft[] = [];
    const today = new Date();
    for (const f of code.files) {
      if (!f.models?.length) continue;
      const clients = code.clients.filter((c) => c.file === f.file);
      if (clients.length > 0 && clients.every((c) => c.azure || AZURE_SDKS.has(c.sdk))) continue; // deployment names, not model ids
      if ((f.signals ?? []).some((s) => s.kind === 'litellm-azure') && clients.every((c) => c.azure)) continue;
      for (const m of f.models) {
        const r = retiredModel(m.name, today);
        if (!r) continue;
        out.push({
          id: 'model-retired',
          message: `${f.file}:${m.line} calls ${m.name}, which OpenAI shut down on ${r.shutdown}; use ${r.replacement}.`,
          location: { path: f.file, line: m.line },
          fix: { summary: `Replace ${m.name} with ${r.replacement}.`, edit: r.approx || /\s/.test(r.replacement) ? undefined : { path: f.file, line: m.line, before: m.name, after: r.replacement }, safe: false },
          data: { model: m.name, shutdown: r.shutdown, replacement: r.replacement },
        });
      }
    }
    return out;
  },
};
