import type { FindingDraft } from '../../core/types.js';
import { retiredApiUses } from './_lib/model-lifecycle.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'api-retired',
    title: 'The code calls an API OpenAI has shut down',
    severity: 'error',
    area: 'code',
    docs: {
      what: "The code calls an API of OpenAI's that has been shut down: the Assistants API (`client.beta.assistants`, `client.beta.threads` with its runs and messages, in openai-python and openai-node), sunset on 2026-08-26. One finding per file, with the other lines that call it. As for shut-down models, code that no target of the project runs (an example, a script run by hand) is a warning, and so is an example or tutorial beside the project's own code; Azure clients and clients whose base URL in the code is another provider's or a local server are not judged.",
      why: 'Since the shutdown, `/v1/assistants`, `/v1/threads` and their runs answer with errors (404) whatever the key: the key, the project and the organization are fine, and the call fails anyway, which is easy to mistake for a key or permission problem.',
      fix: 'Move to the Responses API: an assistant becomes a prompt (made in the dashboard), a thread a conversation, a run a response (https://developers.openai.com/api/docs/assistants/migration).',
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    // one finding per API and way of running (the app's own code; examples; code no target runs), naming the other files
    const groups = new Map<string, ReturnType<typeof retiredApiUses>>();
    for (const u of retiredApiUses(facts, targets)) {
      const k = `${u.api.id}|${u.unreached ? 'unreached' : u.example ? 'example' : 'app'}`;
      groups.set(k, [...(groups.get(k) ?? []), u]);
    }
    for (const list of groups.values()) {
      const [u, ...others] = list as [ReturnType<typeof retiredApiUses>[number], ...ReturnType<typeof retiredApiUses>];
      const [line, ...more] = u.lines;
      const also = more.length
        ? ` (also line${more.length > 1 ? 's' : ''} ${more.slice(0, 5).join(', ')}${more.length > 5 ? `, and ${more.length - 5} more` : ''})`
        : '';
      const files = others.map((o) => `${o.file}:${o.lines[0]}`);
      out.push({
        id: 'api-retired',
        ...(u.unreached || u.example ? { severity: 'warning' as const } : {}),
        message: `${u.file}:${line}${also} calls ${u.api.name}, which OpenAI shut down on ${u.api.shutdown}: its requests fail whatever the key.${files.length ? ` So ${files.length === 1 ? 'does' : 'do'} ${files.slice(0, 4).join(', ')}${files.length > 4 ? `, and ${files.length - 4} more files` : ''}.` : ''}${u.unreached ? ' No target of this project runs it as set up here (an example, a script run by hand, or a branch not taken): it fails when it runs.' : u.example ? " It is an example (or tutorial) beside the project's own code, run by hand: it fails when someone runs it." : ''}`,
        location: { path: u.file, line },
        related: others.map((o) => ({ path: o.file, line: o.lines[0], note: `calls ${u.api.name}` })),
        fix: { summary: `Move to ${u.api.replacement}: ${u.api.guide}.` },
        data: { api: u.api.id, shutdown: u.api.shutdown, files: list.map((o) => ({ file: o.file, lines: o.lines })) },
      });
    }
    return out;
  },
};
