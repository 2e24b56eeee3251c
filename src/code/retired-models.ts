/**
 * OpenAI models that have been shut down (requests fail with `model_not_found`), with the shutdown
 * date and OpenAI's recommended replacement. Table as of 2026-11-22.
 *
 * Sources: research openai-auth.md §6.2 (the 2023-07-06 GPT/embeddings deprecation, shutdown
 * 2024-01-04, quoting https://developers.openai.com/api/docs/deprecations); copies of that page's
 * history for the later rows (2023-06-13 and 2023-11-06 chat snapshots; 2025-11 chatgpt-4o-latest and
 * codex-mini-latest; the 2026-04-22 "Legacy GPT model snapshots" and 2026-05-08 announcements);
 * endoflife.date for gpt-4.5-preview, o1-preview and o1-mini. Rows marked `approx` were read from a
 * third-party copy of the page: the date is the page's, the replacement is given loosely.
 * Only models whose shutdown date has passed belong here; the check compares against today anyway.
 */

export interface RetiredModel {
  /** Exact ids, or a pattern for families. */
  ids: string[];
  pattern?: RegExp;
  shutdown: string;
  replacement: string;
  approx?: boolean;
}

export const RETIRED_MODELS: RetiredModel[] = [
  { ids: ['text-davinci-003', 'text-davinci-002', 'text-davinci-001', 'text-curie-001', 'text-babbage-001', 'text-ada-001', 'davinci-instruct-beta', 'curie-instruct-beta'], shutdown: '2024-01-04', replacement: 'gpt-3.5-turbo-instruct' },
  { ids: ['davinci', 'curie', 'babbage', 'ada'], shutdown: '2024-01-04', replacement: 'davinci-002 or babbage-002' },
  { ids: ['text-davinci-edit-001', 'code-davinci-edit-001'], shutdown: '2024-01-04', replacement: 'a chat model such as gpt-4o-mini' },
  { ids: ['code-davinci-002', 'code-davinci-001', 'code-cushman-002', 'code-cushman-001'], shutdown: '2024-01-04', replacement: 'a chat model such as gpt-4o-mini' },
  { ids: [], pattern: /^(text-similarity|text-search|code-search)-(ada|babbage|curie|davinci)-(doc|query|code|text)?-?001$/, shutdown: '2024-01-04', replacement: 'text-embedding-3-small' },
  { ids: ['gpt-3.5-turbo-0301', 'gpt-4-0314', 'gpt-4-32k-0314'], shutdown: '2024-06-13', replacement: 'gpt-4o-mini (or gpt-4o)' },
  { ids: ['gpt-3.5-turbo-0613', 'gpt-3.5-turbo-16k-0613'], shutdown: '2024-06-13', replacement: 'gpt-3.5-turbo-1106 at the time; today gpt-4.1-mini' },
  { ids: ['gpt-4-vision-preview', 'gpt-4-1106-vision-preview'], shutdown: '2024-12-06', replacement: 'gpt-4o', approx: true },
  { ids: ['gpt-4-32k', 'gpt-4-32k-0613'], shutdown: '2025-06-06', replacement: 'gpt-4o', approx: true },
  { ids: ['gpt-4.5-preview', 'gpt-4.5-preview-2025-02-27'], shutdown: '2025-07-14', replacement: 'gpt-4.1' },
  { ids: ['o1-preview', 'o1-preview-2024-09-12'], shutdown: '2025-07-28', replacement: 'o3' },
  { ids: ['o1-mini', 'o1-mini-2024-09-12'], shutdown: '2025-10-27', replacement: 'o4-mini' },
  { ids: ['codex-mini-latest'], shutdown: '2026-01-16', replacement: 'gpt-5-codex-mini' },
  { ids: ['chatgpt-4o-latest'], shutdown: '2026-02-17', replacement: 'gpt-5.1-chat-latest' },
  { ids: ['computer-use-preview', 'computer-use-preview-2025-03-11'], shutdown: '2026-07-23', replacement: 'gpt-5.4-mini' },
  { ids: ['gpt-4o-audio-preview-2024-12-17', 'gpt-4o-mini-audio-preview-2024-12-17', 'gpt-audio-mini-2025-10-06'], shutdown: '2026-07-23', replacement: 'gpt-audio' },
  { ids: ['gpt-4o-mini-realtime-preview-2024-12-17', 'gpt-realtime-mini-2025-10-06'], shutdown: '2026-07-23', replacement: 'gpt-realtime-mini' },
  { ids: ['gpt-4o-mini-tts-2025-03-20'], shutdown: '2026-07-23', replacement: 'gpt-realtime' },
  { ids: ['gpt-4o-search-preview-2025-03-11', 'gpt-4o-mini-search-preview-2025-03-11'], shutdown: '2026-07-23', replacement: 'gpt-4.1-mini' },
  { ids: ['gpt-5-chat-latest', 'gpt-5.1-chat-latest'], shutdown: '2026-07-23', replacement: 'gpt-5.3-chat-latest' },
  { ids: ['gpt-5-codex', 'gpt-5.1-codex', 'gpt-5.1-codex-max', 'gpt-5.2-codex'], shutdown: '2026-07-23', replacement: 'gpt-5.4' },
  { ids: ['gpt-5.1-codex-mini'], shutdown: '2026-07-23', replacement: 'gpt-5.4-mini' },
  { ids: ['o3-deep-research', 'o3-deep-research-2025-06-26', 'o4-mini-deep-research', 'o4-mini-deep-research-2025-06-26'], shutdown: '2026-07-23', replacement: 'gpt-5.4-pro' },
  { ids: ['gpt-5.2-chat-latest', 'gpt-5.3-chat-latest'], shutdown: '2026-08-10', replacement: 'gpt-5.5' },
  { ids: ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125', 'gpt-3.5-turbo-1106', 'gpt-3.5-turbo-16k'], shutdown: '2026-10-23', replacement: 'gpt-4.1-mini' },
  { ids: ['gpt-4', 'gpt-4-0613', 'gpt-4-1106-preview', 'gpt-4-0125-preview', 'gpt-4-turbo-preview', 'gpt-4-turbo', 'gpt-4-turbo-2024-04-09'], shutdown: '2026-10-23', replacement: 'a current GPT-5 model (see the deprecations page)', approx: true },
  { ids: ['gpt-4o-2024-05-13', 'o1', 'o1-2024-12-17', 'o1-pro', 'o1-pro-2025-03-19', 'o3-mini', 'o3-mini-2025-01-31', 'o4-mini', 'o4-mini-2025-04-16', 'gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], shutdown: '2026-10-23', replacement: 'a current GPT-5 model (see the deprecations page)', approx: true },
];

const BY_ID = new Map<string, RetiredModel>();
for (const r of RETIRED_MODELS) for (const id of r.ids) BY_ID.set(id, r);

/** The retirement entry for a model id (provider prefixes like `openai/` are ignored), when shut down on or before `today`. */
export function retiredModel(model: string, today: Date = new Date()): RetiredModel | undefined {
  const id = model.trim().replace(/^openai\//, '').toLowerCase();
  const r = BY_ID.get(id) ?? RETIRED_MODELS.find((x) => x.pattern?.test(id));
  if (!r) return undefined;
  return new Date(r.shutdown + 'T00:00:00Z').getTime() <= today.getTime() ? r : undefined;
}
