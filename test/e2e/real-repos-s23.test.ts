/**
 * Patterns of real public repositories tried in session 23 (each rebuilt here as a small synthetic
 * project; no fetched code): a healthy set-up gets no false error, and a broken one keeps its finding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-real-repos-s23');
const jwt = (seed: string) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(seed).toString('base64url')}.c2lnbmF0dXJl`;

describe('Supabase Edge Functions next to a Next.js app (chatgpt-your-files)', () => {
  const edge = "import OpenAI from 'openai';\nimport { createClient } from '@supabase/supabase-js';\nconst openai = new OpenAI({ apiKey: Deno.env.get('OPENAI_API_KEY') });\nconst supabaseUrl = Deno.env.get('SUPABASE_URL');\nconst supabaseAnonKey = Deno.env.get('SUPABASE_ANON_KEY');\nDeno.serve(async (req) => {\n  const supabase = createClient(supabaseUrl, supabaseAnonKey);\n  const r = await openai.chat.completions.create({ model: 'gpt-5.4-mini', messages: [] });\n  return new Response(JSON.stringify(r));\n});\n";
  const base = (functionsEnv?: string, scripts: Record<string, string> = { dev: 'next dev', build: 'next build', start: 'next start' }) => ({
    'package.json': json({ name: 'files', scripts, dependencies: { next: '^14.2.0', react: '^18', '@supabase/supabase-js': '^2' }, devDependencies: { supabase: '^1.100.0' } }),
    'app/page.tsx': "import { createClient } from '@supabase/supabase-js';\nexport default function Page() { const s = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!); return null; }\n",
    'supabase/config.toml': 'project_id = "files"\n\n[studio]\nopenai_api_key = "env(OPENAI_API_KEY)"\n',
    'supabase/functions/chat/index.ts': edge,
    'supabase/functions/import_map.json': json({ imports: { openai: 'https://esm.sh/openai@4.10.0' } }),
    '.env.local': `NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321\nNEXT_PUBLIC_SUPABASE_ANON_KEY=${jwt('anon')}\n`,
    '.gitignore': '.env*\n',
    'supabase/.gitignore': '.branches\n.temp\n',
    ...(functionsEnv !== undefined ? { 'supabase/functions/.env': functionsEnv } : {}),
  });

  it('the key in supabase/functions/.env (as the README says): the functions get it; Next.js is not told it lacks one; the injected SUPABASE_* names are defined', async () => {
    const r = await doctor(base(`OPENAI_API_KEY=${key}\n`));
    const t = r.target('supabase:supabase/functions');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.value, key);
    assert.match(t.loading ?? '', /supabase secrets set/);
    assert.deepEqual(r.errors, []);
    assert.ok(!r.ids.includes('env-name-mismatch'), r.ids.join(', '));
    assert.ok(!r.ids.includes('dotenv-wrong-location'), r.ids.join(', '));
    assert.ok(!r.report.findings.some((f) => f.id === 'key-missing' && f.target?.startsWith('next:')), r.ids.join(', '));
  });

  it('broken: the key put in the root .env.local instead: the functions lack it, and the finding says so', async () => {
    const files = base(undefined);
    files['.env.local'] += `OPENAI_API_KEY=${key}\n`;
    const r = await doctor(files);
    const t = r.target('supabase:supabase/functions');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.vars.OPENAI_API_KEY?.winner, undefined);
    assert.ok(r.report.findings.some((f) => f.severity === 'error' && f.id === 'key-missing' && f.target === 'supabase:supabase/functions'), r.errors.join('\n'));
  });

  it('`supabase functions serve --env-file F` in a script: F is what the functions read', async () => {
    const files = { ...base(undefined, { dev: 'next dev', functions: 'supabase functions serve --env-file ./supabase/.env.local' }), 'supabase/.env.local': `OPENAI_API_KEY=${key}\n` };
    const r = await doctor(files);
    assert.equal(r.target('supabase:supabase/functions')?.vars.OPENAI_API_KEY?.value, key);
    assert.deepEqual(r.errors, []);
  });
});
