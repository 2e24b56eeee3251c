/**
 * Supabase Edge Functions (`supabase/functions/<name>/index.ts` next to `supabase/config.toml`): the
 * Supabase CLI runs them in its Deno edge runtime (`supabase start`, `supabase functions serve`), not
 * the Node package around them. The runtime does not get the shell's environment: it gets the values
 * the CLI injects (SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL, the
 * publishable / secret key sets and JWKS), then `supabase/functions/.env`, which the CLI loads by
 * itself, or instead the file `supabase functions serve --env-file F` names. Deployed, the values come
 * from `supabase secrets set`, which keydoctor cannot see.
 * Sources: supabase.com/docs/guides/functions/secrets ("Default secrets", "Local secrets").
 */
import type { Facts } from '../../core/facts.js';
import type { LauncherLayer, LauncherRun } from './types.js';
import { launchesOf } from '../launch/collector.js';
import { namedDotenv } from './common.js';
import { dirOf, joinRel } from '../../core/paths.js';

/** What the Supabase CLI and platform give every Edge Function without being told. */
export const SUPABASE_FUNCTION_NAMES = [
  'SUPABASE_URL',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_DB_URL',
  'SUPABASE_PUBLISHABLE_KEYS',
  'SUPABASE_SECRET_KEYS',
  'SUPABASE_JWKS',
  'SB_REGION',
  'SB_EXECUTION_ID',
  'DENO_DEPLOYMENT_ID',
];

const KEY = /^(OPENAI_API_KEY|AZURE_OPENAI_API_KEY)$/;

/** `supabase functions serve --env-file F` in the package scripts: F, relative to the root. */
function serveEnvFiles(facts: Facts): string[] {
  const out: string[] = [];
  for (const l of launchesOf(facts)) {
    for (const s of l.segments) {
      const w = s.words;
      const i = w.findIndex((x) => /(^|\/)supabase$/.test(x));
      if (i < 0 || w[i + 1] !== 'functions' || w[i + 2] !== 'serve') continue;
      for (let j = i + 3; j < w.length; j++) {
        const x = w[j] as string;
        if (x === '--env-file' && w[j + 1]) out.push(joinRel(s.cwd, w[j + 1] as string));
        else if (x.startsWith('--env-file=')) out.push(joinRel(s.cwd, x.slice('--env-file='.length)));
      }
    }
  }
  return [...new Set(out)];
}

/** The Edge Functions of the Supabase project whose `config.toml` is at `rel`, as one run (none without function code). */
export function supabaseRuns(facts: Facts, rel: string): LauncherRun[] {
  const dir = joinRel(dirOf(rel), 'functions');
  if (!facts.files.some((f) => f.rel.startsWith(dir + '/') && /\.[cm]?[jt]sx?$/.test(f.rel))) return [];
  const has = (f: string): boolean =>
    facts.files.some((x) => x.rel === f) || facts.envFiles.some((e) => e.relPath === f && e.exists);
  const flagged = serveEnvFiles(facts).filter(has);
  const files = flagged.length ? flagged : has(joinRel(dir, '.env')) ? [joinRel(dir, '.env')] : [];
  const layers: LauncherLayer[] = [];
  for (const f of files) {
    const p = namedDotenv(facts, f);
    if (p)
      layers.push({
        source: p,
        loader: flagged.length ? 'supabase functions serve --env-file' : 'the Supabase CLI',
        mode: 'override',
        assignments: [],
        file: p,
        dialect: 'dotenv',
      });
  }
  // none made yet: the file the CLI would load, for the fix to name
  if (files.length === 0)
    layers.push({
      source: joinRel(dir, '.env'),
      loader: 'the Supabase CLI',
      mode: 'override',
      assignments: [],
      missing: joinRel(dir, '.env'),
    });
  const sets = layers.some(
    (l) => l.file && facts.envFiles.find((e) => e.relPath === l.file)?.byDialect.dotenv?.some((a) => KEY.test(a.name)),
  );
  const reads = (facts.code?.clients ?? []).some((c) => c.file.startsWith(dir + '/'));
  if (!sets && !reads) return [];
  return [
    {
      kind: 'supabase',
      id: `supabase:${dir}`,
      label: `Supabase Edge Functions (${dir}; supabase start / supabase functions serve)`,
      file: rel,
      line: 1,
      layers,
      launch: {
        words: ['supabase', 'functions', 'serve'],
        cwd: dir,
        program: 'supabase',
        runtime: 'deno',
        args: [],
        envFiles: [],
        wrappers: [],
        assigns: {},
      },
      inherits: false,
      baseText: "the Supabase CLI runs the functions in its edge runtime, without the shell's environment",
      provides: SUPABASE_FUNCTION_NAMES,
      loading: `the values the CLI injects (${SUPABASE_FUNCTION_NAMES.slice(0, 4).join(', ')}), then ${files.length ? files.join(', ') : `${joinRel(dir, '.env')} (absent)`}${flagged.length ? ' (--env-file)' : ' (the CLI loads it by itself)'}; deployed, secrets come from \`supabase secrets set\`, which keydoctor cannot see`,
    },
  ];
}
