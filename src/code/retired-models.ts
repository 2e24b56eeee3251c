/**
 * OpenAI's model lifecycle: models that have been shut down (requests fail with `model_not_found`)
 * and models with an announced shutdown date still to come, each with the date and OpenAI's
 * recommended replacement. Table as of 2026-12-02; the live step reads `shutdown_date` from
 * `GET /v1/models` where it can, and this table is the offline fallback.
 *
 * Sources: research openai-auth.md §6.2 (the 2023-07-06 GPT/embeddings deprecation, shutdown
 * 2024-01-04, quoting https://developers.openai.com/api/docs/deprecations); copies of that page's
 * history for the later rows (2023-06-13 and 2023-11-06 chat snapshots; 2025-11 chatgpt-4o-latest and
 * codex-mini-latest; the 2026-04-22 "Legacy GPT model snapshots" and 2026-05-08 announcements; the
 * 2026-06-11 notice for the GPT-5 and o3 snapshots, shutdown 2026-12-11); issue 13 for the
 * 2027-01-14 row (gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.1-mini); endoflife.date for gpt-4.5-preview,
 * o1-preview and o1-mini; OpenAI's model pages for dall-e-2 / dall-e-3 and copies of the deprecations page
 * (2026-10, 2026-11) for the image models. Rows marked `approx` give the replacement loosely (a third-party copy of
 * the page, or no replacement named): no automatic edit is offered for them.
 *
 * A replacement is never itself a model that is shut down or has a shutdown date: `replacementFor`
 * follows the table to the first model it does not list (tested over every row).
 */

export interface RetiredModel {
  /** Exact ids, or a pattern for families. */
  ids: string[];
  pattern?: RegExp;
  shutdown: string;
  replacement: string;
  approx?: boolean;
  /** Ids among `ids` that are aliases of a dated snapshot (the alias stops working with it). */
  aliases?: string[];
}

/** An API of OpenAI's shut down on a date (its requests then fail whatever the key), with its successor. */
export interface RetiredApi {
  /** The `retired-api` signal's detail the code analysis records. */
  id: string;
  name: string;
  shutdown: string;
  replacement: string;
  guide: string;
}

/**
 * The Assistants API (`beta.assistants`, `beta.threads` with its runs and messages): deprecated in
 * 2025 once the Responses API reached parity, shut down on 2026-08-26 (OpenAI's migration guide:
 * "The Assistants API was officially sunset on August 26, 2026, and is no longer available").
 */
export const RETIRED_APIS: RetiredApi[] = [
  {
    id: 'assistants',
    name: 'the Assistants API',
    shutdown: '2026-08-26',
    replacement: 'the Responses API (assistants become prompts, threads become conversations, runs become responses)',
    guide: 'https://developers.openai.com/api/docs/assistants/migration',
  },
];

const SEE = 'a current model (https://developers.openai.com/api/docs/deprecations lists the replacements)';

export const RETIRED_MODELS: RetiredModel[] = [
  {
    ids: [
      'text-davinci-003',
      'text-davinci-002',
      'text-davinci-001',
      'text-curie-001',
      'text-babbage-001',
      'text-ada-001',
      'davinci-instruct-beta',
      'curie-instruct-beta',
    ],
    shutdown: '2024-01-04',
    replacement: 'gpt-3.5-turbo-instruct',
  },
  { ids: ['davinci', 'curie', 'babbage', 'ada'], shutdown: '2024-01-04', replacement: 'davinci-002 or babbage-002' },
  {
    ids: ['text-davinci-edit-001', 'code-davinci-edit-001'],
    shutdown: '2024-01-04',
    replacement: 'a chat model such as gpt-5.4-mini',
    approx: true,
  },
  {
    ids: ['code-davinci-002', 'code-davinci-001', 'code-cushman-002', 'code-cushman-001'],
    shutdown: '2024-01-04',
    replacement: 'a chat model such as gpt-5.4-mini',
    approx: true,
  },
  {
    ids: [],
    pattern: /^(text-similarity|text-search|code-search)-(ada|babbage|curie|davinci)-(doc|query|code|text)?-?001$/,
    shutdown: '2024-01-04',
    replacement: 'text-embedding-3-small',
  },
  { ids: ['gpt-3.5-turbo-0301', 'gpt-4-0314', 'gpt-4-32k-0314'], shutdown: '2024-06-13', replacement: 'gpt-4o-mini' },
  { ids: ['gpt-3.5-turbo-0613', 'gpt-3.5-turbo-16k-0613'], shutdown: '2024-06-13', replacement: 'gpt-4.1-mini' },
  {
    ids: ['gpt-4-vision-preview', 'gpt-4-1106-vision-preview'],
    shutdown: '2024-12-06',
    replacement: 'gpt-4o',
    approx: true,
  },
  { ids: ['gpt-4-32k', 'gpt-4-32k-0613'], shutdown: '2025-06-06', replacement: 'gpt-4o', approx: true },
  { ids: ['gpt-4.5-preview', 'gpt-4.5-preview-2025-02-27'], shutdown: '2025-07-14', replacement: 'gpt-4.1' },
  { ids: ['o1-preview', 'o1-preview-2024-09-12'], shutdown: '2025-07-28', replacement: 'o3' },
  { ids: ['o1-mini', 'o1-mini-2024-09-12'], shutdown: '2025-10-27', replacement: 'o4-mini' },
  { ids: ['codex-mini-latest'], shutdown: '2026-01-16', replacement: 'gpt-5-codex-mini' },
  { ids: ['chatgpt-4o-latest'], shutdown: '2026-02-17', replacement: 'gpt-5.1-chat-latest' },
  {
    ids: ['computer-use-preview', 'computer-use-preview-2025-03-11'],
    shutdown: '2026-07-23',
    replacement: 'gpt-5.4-mini',
  },
  {
    ids: ['gpt-4o-audio-preview-2024-12-17', 'gpt-4o-mini-audio-preview-2024-12-17', 'gpt-audio-mini-2025-10-06'],
    shutdown: '2026-07-23',
    replacement: 'gpt-audio',
  },
  {
    ids: ['gpt-4o-mini-realtime-preview-2024-12-17', 'gpt-realtime-mini-2025-10-06'],
    shutdown: '2026-07-23',
    replacement: 'gpt-realtime-mini',
  },
  { ids: ['gpt-4o-mini-tts-2025-03-20'], shutdown: '2026-07-23', replacement: 'gpt-realtime' },
  {
    ids: ['gpt-4o-search-preview-2025-03-11', 'gpt-4o-mini-search-preview-2025-03-11'],
    shutdown: '2026-07-23',
    replacement: 'gpt-4.1-mini',
  },
  { ids: ['gpt-5-chat-latest', 'gpt-5.1-chat-latest'], shutdown: '2026-07-23', replacement: 'gpt-5.3-chat-latest' },
  {
    ids: ['gpt-5-codex', 'gpt-5.1-codex', 'gpt-5.1-codex-max', 'gpt-5.2-codex'],
    shutdown: '2026-07-23',
    replacement: 'gpt-5.4',
  },
  { ids: ['gpt-5.1-codex-mini'], shutdown: '2026-07-23', replacement: 'gpt-5.4-mini' },
  {
    ids: [
      'o3-deep-research',
      'o3-deep-research-2025-06-26',
      'o4-mini-deep-research',
      'o4-mini-deep-research-2025-06-26',
    ],
    shutdown: '2026-07-23',
    replacement: 'gpt-5.4-pro',
  },
  { ids: ['gpt-5.2-chat-latest', 'gpt-5.3-chat-latest'], shutdown: '2026-08-10', replacement: 'gpt-5.5' },
  {
    ids: ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125', 'gpt-3.5-turbo-1106', 'gpt-3.5-turbo-16k'],
    shutdown: '2026-10-23',
    replacement: 'gpt-4.1-mini',
  },
  {
    ids: [
      'gpt-4',
      'gpt-4-0613',
      'gpt-4-1106-preview',
      'gpt-4-0125-preview',
      'gpt-4-turbo-preview',
      'gpt-4-turbo',
      'gpt-4-turbo-2024-04-09',
    ],
    shutdown: '2026-10-23',
    replacement: SEE,
    approx: true,
  },
  {
    ids: [
      'gpt-4o-2024-05-13',
      'o1',
      'o1-2024-12-17',
      'o1-pro',
      'o1-pro-2025-03-19',
      'o3-mini',
      'o3-mini-2025-01-31',
      'o4-mini',
      'o4-mini-2025-04-16',
      'gpt-4.1-nano',
      'gpt-4.1-nano-2025-04-14',
    ],
    shutdown: '2026-10-23',
    replacement: SEE,
    approx: true,
  },
  // Image models: DALL·E 2 and 3 (OpenAI's model pages say "Shut down", recommending GPT-Image-2.5 Sunburst), then the
  // gpt-image-1 family (2026-10-23 with the April 22 legacy snapshots; the minis and 1.5 on 2026-12-01). Copies of the
  // deprecations page name 2.5 or 2.6 Sunburst/Flare, so the replacement is approximate.
  { ids: ['dall-e-2', 'dall-e-3'], shutdown: '2026-05-12', replacement: 'gpt-image-2.5-sunburst', approx: true },
  { ids: ['gpt-image-1'], shutdown: '2026-10-23', replacement: 'gpt-image-2.5-sunburst', approx: true },
  {
    ids: ['gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-1.5-2025-12-16', 'chatgpt-image-latest'],
    shutdown: '2026-12-01',
    replacement: 'gpt-image-2.5-sunburst',
    approx: true,
  },
  // Announced, still to come (model-deprecated until the date, model-retired after it).
  {
    ids: ['gpt-5-2025-08-07', 'gpt-5', 'o3-2025-04-16', 'o3'],
    aliases: ['gpt-5', 'o3'],
    shutdown: '2026-12-11',
    replacement: 'gpt-5.5',
    approx: true,
  },
  {
    ids: ['gpt-5-mini-2025-08-07', 'gpt-5-mini', 'gpt-5-nano-2025-08-07', 'gpt-5-nano'],
    aliases: ['gpt-5-mini', 'gpt-5-nano'],
    shutdown: '2026-12-11',
    replacement: 'gpt-5.4-mini',
    approx: true,
  },
  {
    ids: ['gpt-5-pro-2025-10-06', 'gpt-5-pro', 'o3-pro-2025-06-10', 'o3-pro'],
    aliases: ['gpt-5-pro', 'o3-pro'],
    shutdown: '2026-12-11',
    replacement: 'gpt-5.4-pro',
    approx: true,
  },
  {
    ids: ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'gpt-4.1', 'gpt-4.1-2025-04-14'],
    shutdown: '2027-01-14',
    replacement: 'gpt-5.5',
    approx: true,
  },
  {
    ids: ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'],
    shutdown: '2027-01-14',
    replacement: 'gpt-5.4-mini',
    approx: true,
  },
];

const BY_ID = new Map<string, RetiredModel>();
for (const r of RETIRED_MODELS) for (const id of r.ids) BY_ID.set(id, r);

const DAY = 86_400_000;

export function normalizeModelId(model: string): string {
  return model
    .trim()
    .replace(/^openai\//, '')
    .toLowerCase();
}

/** The table's row for a model id (any date), provider prefixes like `openai/` ignored. */
export function lifecycleOf(model: string): RetiredModel | undefined {
  const id = normalizeModelId(model);
  return BY_ID.get(id) ?? RETIRED_MODELS.find((x) => x.pattern?.test(id));
}

function shutdownTime(date: string): number {
  return new Date(date + 'T00:00:00Z').getTime();
}

/** Whole days from `now` until `date` (a YYYY-MM-DD day, 00:00 UTC), rounded up; 0 or less once it has come. */
export function daysUntil(date: string, now: Date): number {
  return Math.ceil((shutdownTime(date) - now.getTime()) / DAY);
}

/** The retirement entry for a model id, when shut down on or before `today`. */
export function retiredModel(model: string, today: Date = new Date()): RetiredModel | undefined {
  const r = lifecycleOf(model);
  if (!r) return undefined;
  return shutdownTime(r.shutdown) <= today.getTime() ? r : undefined;
}

/** The entry for a model whose announced shutdown is still to come after `today`. */
export function deprecatedModel(model: string, today: Date = new Date()): RetiredModel | undefined {
  const r = lifecycleOf(model);
  if (!r) return undefined;
  return shutdownTime(r.shutdown) > today.getTime() ? r : undefined;
}

/**
 * The replacement to suggest: the row's own, followed through the table while it names a model that
 * is itself shut down or has a shutdown date (o1-mini → o4-mini → a current GPT-5 model), so the
 * suggestion is never a model on its way out. `approx` when any step was loose.
 */
export function replacementFor(r: RetiredModel): { replacement: string; approx: boolean } {
  let cur = r;
  let approx = r.approx === true;
  const seen = new Set<RetiredModel>([r]);
  for (;;) {
    const next = BY_ID.get(normalizeModelId(cur.replacement));
    if (!next) return { replacement: cur.replacement, approx };
    if (seen.has(next)) return { replacement: SEE, approx: true };
    seen.add(next);
    approx = true; // a followed chain is keydoctor's reading, not OpenAI's words for this model
    cur = next;
  }
}

export interface ModelStatus {
  state: 'retired' | 'deprecated';
  shutdown: string;
  /** Days until the shutdown (deprecated), or since it (retired, negative or 0). */
  daysLeft: number;
  replacement: string;
  approx: boolean;
  /** Where the date comes from: the API's own `shutdown_date` (live) or keydoctor's table. */
  source: 'live' | 'table';
  alias: boolean;
}

/**
 * A model's lifecycle at `now`. `live` holds what `GET /v1/models` answered (id → shutdown_date or
 * null): a model the API lists decides by its own field (null: no shutdown announced, so nothing to
 * say, whatever the table says); one it does not list falls back to the table.
 */
export function modelStatus(
  model: string,
  now: Date,
  live?: ReadonlyMap<string, string | null>,
): ModelStatus | undefined {
  const id = normalizeModelId(model);
  const row = lifecycleOf(id);
  let shutdown = row?.shutdown;
  let source: ModelStatus['source'] = 'table';
  if (live?.has(id)) {
    const d = live.get(id);
    if (!d || !/^\d{4}-\d{2}-\d{2}/.test(d)) return undefined;
    shutdown = d.slice(0, 10);
    source = 'live';
  }
  if (!shutdown) return undefined;
  const rep = row ? replacementFor(row) : { replacement: SEE, approx: true };
  const daysLeft = daysUntil(shutdown, now);
  return {
    state: shutdownTime(shutdown) <= now.getTime() ? 'retired' : 'deprecated',
    shutdown,
    daysLeft,
    replacement: rep.replacement,
    approx: rep.approx,
    source,
    alias: row?.aliases?.includes(id) === true,
  };
}
