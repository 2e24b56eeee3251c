/**
 * Masking fuzz: keys of every provider shape, in every encoding a key takes on its way to an output
 * (plain, wrapped across two lines, base64, JSON `\u002d`-escaped, percent-encoded, split by `%0A`,
 * in URL userinfo, in a query string, in auth headers with odd schemes, assigned to a credential
 * variable), fed to every output path: doctor, verify (and its --verbose lines), explain, scan, the
 * emulator's --verbose log, usage errors and crash messages, in every format. No output may hold any
 * 20-character window of a key (raw, base64 at three alignments, hex) or of the encoded form fed in.
 *
 * The seed is fixed (KD_FUZZ_SEED overrides it) and the number of rounds bounded (KD_FUZZ_ROUNDS
 * raises it); a failure names the seed, round, key kind and encoding, so it reproduces.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { crashMessage } from '../../src/cli/crash.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runDiagnosis } from '../../src/pipeline/diagnose.js';
import { buildReport } from '../../src/report/report.js';
import { format } from '../../src/report/formatters/index.js';
import type { Collector } from '../../src/collect/collector.js';
import { COLLECTORS } from '../../src/pipeline/collectors.js';
import { openaiKey, foreignKey, type ForeignKind, type KeyKind } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { metaFor } from '../../src/checks/registry.js';

const SEED = process.env.KD_FUZZ_SEED ?? 'mask-fuzz-1';
const ROUNDS = Number(process.env.KD_FUZZ_ROUNDS ?? 3);

function stream(seed: string): () => number {
  let counter = 0;
  let pool: number[] = [];
  return () => {
    if (pool.length === 0) pool = [...createHash('sha256').update(`${seed}#${counter++}`).digest()];
    return pool.shift() ?? 0;
  };
}
let rnd = stream(SEED);
/** Each test draws from its own stream, so one test reproduces on its own (--test-name-pattern). */
function seed(test: string): void {
  rnd = stream(`${SEED}:${test}`);
  made = 0;
}
let made = 0;
const pick = <T>(xs: readonly T[]): T => xs[(rnd() * 256 + rnd()) % xs.length] as T;

const OPENAI_KINDS: KeyKind[] = ['proj', 'legacy', 'svcacct', 'admin', 'none56', 'named', 'proj56'];
const FOREIGN_KINDS: ForeignKind[] = [
  'anthropic',
  'openrouter',
  'groq',
  'google',
  'xai',
  'azure',
  'azure84',
  'deepseek',
  'huggingface',
  'perplexity',
  'cerebras',
  'nvidia',
  'together',
  'fireworks',
  'vercel-gateway',
];
const KINDS = [...OPENAI_KINDS.map((k) => `openai:${k}`), ...FOREIGN_KINDS];
function keyOf(kind: string): string {
  made++;
  return kind.startsWith('openai:')
    ? openaiKey(kind.slice(7) as KeyKind, `${SEED}:${made}`)
    : foreignKey(kind as ForeignKind, `${SEED}:${made}`);
}

/** Text encodings of a key as it appears inside other text. */
const ENCODINGS = {
  plain: (k: string) => k,
  'json-u002d': (k: string) => k.replace(/-/g, '\\u002d').replace(/_/g, '\\u005f'),
  'json-all-escaped': (k: string) => [...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'percent-2D': (k: string) => k.replace(/-/g, '%2D').replace(/_/g, '%5F'),
  'percent-all': (k: string) => [...k].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join(''),
  'percent-0A-split': (k: string) => `${k.slice(0, Math.floor(k.length / 2))}%0A${k.slice(Math.floor(k.length / 2))}`,
  base64: (k: string) => Buffer.from(k).toString('base64'),
  'base64-offset': (k: string) => Buffer.from(`key=${k}`).toString('base64'),
  base64url: (k: string) => Buffer.from(k).toString('base64url'),
} as const;
type Enc = keyof typeof ENCODINGS;
const ENC_NAMES = Object.keys(ENCODINGS) as Enc[];

/** Places a key takes in a line of text (for explain input, logs, messages). */
const PLACES = {
  echoed: (e: string) =>
    `Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${e}.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}`,
  userinfo: (e: string) =>
    `requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.openai.com'): proxy https://user:${e}@proxy.example.com:3128 refused`,
  query: (e: string) => `GET https://res.openai.azure.com/openai/models?api-version=2024-10-21&api-key=${e} -> 401`,
  'header-none': (e: string) => `> Authorization: ${e}`,
  'header-tab': (e: string) => `> Authorization: Bearer\t${e}`,
  'header-token': (e: string) => `> authorization: Token ${e}`,
  'header-double': (e: string) => `> Authorization: Bearer Bearer ${e}`,
  'header-apikey': (e: string) => `> api-key: ${e}`,
  'header-basic': (e: string) => `> Authorization: Basic ${Buffer.from(`user:${e}`).toString('base64')}`,
  assignment: (e: string) => `OPENAI_API_KEY=${e} python app.py`,
  json: (e: string) => `{"api_key": "${e}", "model": "gpt-4o"}`,
} as const;
type Place = keyof typeof PLACES;
const PLACE_NAMES = Object.keys(PLACES) as Place[];

/** Every 20-character window of the key (raw, base64 at three alignments, hex) and of its encoded forms. */
function windows(forms: string[], n = 20): Set<string> {
  const out = new Set<string>();
  for (const key of forms) {
    const all = new Set([key]);
    for (const pre of ['', 'x', 'xx']) {
      const b = Buffer.from(pre + key)
        .toString('base64')
        .replace(/=+$/, '');
      all.add(b.slice(pre.length ? 4 : 0, b.length - 4));
    }
    for (const f of all) for (let i = 0; i + n <= f.length; i++) out.add(f.slice(i, i + n));
    const hex = Buffer.from(key).toString('hex');
    for (let i = 0; i + 40 <= hex.length; i += 2) out.add(hex.slice(i, i + 40));
  }
  return out;
}

function assertNoLeak(what: string, outputs: Record<string, string>, forms: string[]): void {
  const w = windows(forms.filter((f) => f.length >= 20));
  for (const [name, text] of Object.entries(outputs)) {
    for (const win of w) {
      const at = text.indexOf(win);
      if (at >= 0)
        assert.fail(
          `${what}: ${name} holds ${JSON.stringify(win)} (seed ${SEED}): …${text.slice(Math.max(0, at - 60), at + 80)}…`,
        );
    }
  }
}

function fakeIO(
  env: Record<string, string | undefined>,
  stdin = '',
  cwd = process.cwd(),
): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readStdin: async () => stdin,
    isTTY: false,
    env: { NO_COLOR: '1', ...env },
    cwd,
    out: () => out,
    err: () => err,
  };
}

async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  stdin = '',
  cwd?: string,
): Promise<Record<string, string>> {
  const io = fakeIO(env, stdin, cwd);
  let thrown = '';
  try {
    await main(argv, io);
  } catch (e) {
    thrown = crashMessage(e, io.env);
  }
  return { stdout: io.out(), stderr: io.err(), crash: thrown };
}

/** One round's cases: a key kind, an encoding and a place, all from the seeded stream. */
function cases(n: number): Array<{ kind: string; enc: Enc; place: Place; key: string; encoded: string }> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(KINDS);
    const enc = pick(ENC_NAMES);
    const key = keyOf(kind);
    out.push({ kind, enc, place: pick(PLACE_NAMES), key, encoded: ENCODINGS[enc](key) });
  }
  return out;
}

let emu: Emulator;
const emuKey = openaiKey('proj', `${SEED}:emulator`);
before(async () => {
  emu = await startEmulator({ keys: [{ key: emuKey }] });
});
after(() => emu.close());

describe(`masking fuzz (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  it('doctor: keys in .env (plain, wrapped across lines, escaped), userinfo and query of the base URL, a project id, code; text, json and markdown', async () => {
    seed('doctor');
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b, c, d] = cases(4) as Array<{ kind: string; enc: Enc; key: string; encoded: string }>;
      if (!a || !b || !c || !d) continue;
      const cut = 20 + (rnd() % Math.max(1, a.key.length - 40));
      const env = [
        `OPENAI_API_KEY=${a.key.slice(0, cut)}`,
        a.key.slice(cut),
        'OTHER=1',
        `AZURE_OPENAI_API_KEY="${b.encoded}"`,
        `OPENAI_BASE_URL=https://user:${c.key}@proxy.example.com/v1?api-key=${d.key}`,
        `OPENAI_PROJECT_ID=${d.key}`,
        `DATABASE_PASSWORD=${b.key}`,
        '',
      ].join('\n');
      const p = tempProject({
        '.env': env,
        'app.py': `from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI(api_key="${c.key}")\n`,
        'README.md': `curl -H "Authorization: Token ${d.key}" https://api.example.com\n`,
        'requirements.txt': 'openai\npython-dotenv\n',
      });
      try {
        for (const fmt of ['text', 'json', 'markdown']) {
          const out = await runCli(['doctor', p.root, '--offline', '--format', fmt, '--verbose'], { HOME: p.home });
          assertNoLeak(
            `doctor ${fmt} round ${round} (${a.kind} split at ${cut}, ${b.kind} ${b.enc}, ${c.kind} userinfo, ${d.kind} query/project)`,
            out,
            [a.key, b.key, b.encoded, c.key, d.key, a.key.slice(cut)],
          );
        }
      } finally {
        p.cleanup();
      }
    }
  });

  it('verify: the key, a base URL password, --verbose lines; text, json and markdown', async () => {
    seed('verify');
    for (let round = 0; round < ROUNDS; round++) {
      const [pw] = cases(1);
      if (!pw) continue;
      const base = `${emu.url.replace('http://', `http://u:${pw.key}@`)}/v1`;
      for (const fmt of ['text', 'json', 'markdown']) {
        for (const key of [emuKey, pw.key]) {
          const out = await runCli(
            [
              'verify',
              '--key-env',
              'KD_FUZZ_KEY',
              '--base-url',
              base,
              '--format',
              fmt,
              '--verbose',
              '--no-probes',
              '--timeout',
              '5000',
            ],
            { KD_FUZZ_KEY: key, HTTPS_PROXY: undefined, HTTP_PROXY: undefined },
          );
          assertNoLeak(`verify ${fmt} round ${round} (${pw.kind} as password)`, out, [emuKey, pw.key]);
        }
      }
    }
  });

  it('explain: pasted errors and header dumps with keys in every encoding and place; text, json and markdown', async () => {
    seed('explain');
    const p = tempProject({ '.env': `OPENAI_API_KEY=${emuKey}\n` });
    try {
      for (let round = 0; round < ROUNDS * 3; round++) {
        const cs = cases(4);
        const text = ['Traceback (most recent call last):', ...cs.map((c) => PLACES[c.place](c.encoded)), ''].join(
          '\n',
        );
        for (const fmt of ['text', 'json', 'markdown']) {
          const out = await runCli(['explain', '--format', fmt], { HOME: p.home }, text, p.root);
          assertNoLeak(
            `explain ${fmt} round ${round} (${cs.map((c) => `${c.kind}/${c.enc}/${c.place}`).join(', ')})`,
            out,
            [emuKey, ...cs.flatMap((c) => [c.key, c.encoded])],
          );
        }
      }
    } finally {
      p.cleanup();
    }
  });

  it('scan: keys in files in every encoding; text, json, sarif and markdown', async () => {
    seed('scan');
    for (let round = 0; round < ROUNDS; round++) {
      const cs = cases(6);
      const files: Record<string, string> = {};
      cs.forEach((c, i) => {
        files[`f${i}.txt`] = `${PLACES[c.place](c.encoded)}\n`;
      });
      files['secret.yaml'] =
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  OPENAI_API_KEY: ${Buffer.from((cs[0] as { key: string }).key).toString('base64')}\n`;
      const p = tempProject(files);
      try {
        for (const fmt of ['text', 'json', 'sarif', 'markdown']) {
          const out = await runCli(['scan', p.root, '--format', fmt, '--workers', '0', '--verbose'], { HOME: p.home });
          assertNoLeak(
            `scan ${fmt} round ${round} (${cs.map((c) => `${c.kind}/${c.enc}/${c.place}`).join(', ')})`,
            out,
            cs.flatMap((c) => [c.key, c.encoded]),
          );
        }
      } finally {
        p.cleanup();
      }
    }
  });

  it('emulate --verbose: the log masks every credential, whatever the scheme, and keys in the path and query', async () => {
    seed('emulate');
    const lines: string[] = [];
    const logged = await startEmulator({ keys: [{ key: emuKey }] }, { log: (l) => lines.push(l) });
    try {
      const send = (path: string, headers: Record<string, string>) =>
        new Promise<void>((ok) => {
          const r = request(`${logged.url}${path}`, { headers }, (res) => {
            res.resume();
            res.on('end', () => ok());
          });
          r.on('error', () => ok());
          r.end();
        });
      const forms: string[] = [emuKey];
      for (let round = 0; round < ROUNDS * 2; round++) {
        for (const c of cases(2)) {
          forms.push(c.key);
          await send('/v1/models', { authorization: c.key });
          await send('/v1/models', { authorization: `Bearer\t${c.key}` });
          await send('/v1/models', { authorization: `Token ${c.key}` });
          await send('/v1/models', { authorization: `bearer  ${c.key}` });
          await send('/v1/models', { authorization: `Basic ${Buffer.from(`u:${c.key}`).toString('base64')}` });
          await send('/openai/models?api-version=2024-10-21', { 'api-key': c.key });
          await send(`/v1/models/${encodeURIComponent(c.key)}`, { authorization: `Bearer ${emuKey}` });
          await send(`/v1/models/${c.encoded.replace(/[^A-Za-z0-9%_.~-]/g, (x) => encodeURIComponent(x))}`, {
            authorization: `Bearer ${c.key}`,
          });
        }
      }
      assert.ok(lines.length > 0);
      assertNoLeak('emulator log', { log: lines.join('\n') }, forms);
    } finally {
      await logged.close();
    }
  });

  it('usage errors: a key given where an option value, a folder or a variable name goes', async () => {
    seed('usage');
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cases(3)) {
        const env = { HOME: '/nonexistent', OPENAI_API_KEY: c.key };
        for (const argv of [
          ['verify', '--key-env', c.encoded],
          ['verify', c.key],
          ['doctor', c.encoded],
          ['doctor', '--only', c.key],
          ['doctor', '--format', c.encoded],
          ['scan', '--workers', c.key],
          ['explain', '--format', c.key],
          ['explain', c.encoded],
          ['emulate', '--port', c.key],
          ['emulate', c.key],
          [`--${c.key}`],
          ['doctor', '--timeout', c.key],
        ]) {
          const out = await runCli(argv, env);
          assertNoLeak(`usage error ${argv[0]} (${c.kind}/${c.enc})`, out, [c.key, c.encoded]);
        }
      }
    }
  });

  it('scan --history: git author names holding keys (any encoding) and escape sequences; text, json, sarif, markdown', async () => {
    seed('history');
    for (let round = 0; round < ROUNDS; round++) {
      const [a] = cases(1);
      if (!a) continue;
      const b = { kind: 'openai:proj', key: openaiKey('proj', `${SEED}:history:${round}`) };
      const p = tempProject({ 'README.md': 'hello\n' }, {}, { git: true });
      try {
        const git = (args: string[], author: string) =>
          execFileSync('git', args, {
            cwd: p.root,
            stdio: 'ignore',
            env: {
              ...process.env,
              GIT_AUTHOR_NAME: author,
              GIT_AUTHOR_EMAIL: 'x@example.com',
              GIT_COMMITTER_NAME: 'c',
              GIT_COMMITTER_EMAIL: 'c@example.com',
            },
          });
        writeFileSync(join(p.root, 'config.py'), `OPENAI_API_KEY = "${b.key}"\n`);
        git(['add', '-A'], 'x');
        git(['commit', '-q', '-m', 'add'], `\u001b]0;pwned\u0007 ${a.encoded} \u001b[2J`);
        writeFileSync(join(p.root, 'config.py'), 'import os\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\n');
        git(['commit', '-q', '-am', 'rm'], 'y');
        for (const fmt of ['text', 'json', 'sarif', 'markdown']) {
          const out = await runCli(['scan', p.root, '--history', '--format', fmt, '--workers', '0'], { HOME: p.home });
          assert.match(out.stdout ?? '', /key-in-git-history/, `${fmt}: the key in history is reported`);
          assert.ok(
            !/[\u001b\u0007]/.test(out.stdout ?? ''),
            `${fmt}: an escape sequence from the author name reached the output`,
          );
          assertNoLeak(`scan --history ${fmt} round ${round} (author ${a.kind}/${a.enc}, key ${b.kind})`, out, [
            a.key,
            a.encoded,
            b.key,
          ]);
        }
      } finally {
        p.cleanup();
      }
    }
  });

  it('crash paths: a crash message, a failing collector, a failing check', async () => {
    seed('crash');
    for (const c of cases(ROUNDS * 4)) {
      const env = { KD_SECRET_TOKEN: c.key };
      const e = new Error(`boom: ${PLACES[c.place](c.encoded)}`);
      assertNoLeak(
        `crash message (${c.kind}/${c.enc}/${c.place})`,
        { crash: crashMessage(e, env), plain: crashMessage(`${c.key} ${c.encoded}`, env) },
        [c.key, c.encoded],
      );
    }
    const [c, d] = cases(2);
    if (!c || !d) return;
    const bad: Collector = {
      name: 'broken',
      collect() {
        throw new Error(`could not parse ${PLACES[c.place](c.encoded)}`);
      },
    };
    const p = tempProject({ '.env': `OPENAI_API_KEY=${d.key}\n`, 'app.py': 'import openai\n' });
    try {
      const diag = await runDiagnosis({
        root: p.root,
        home: p.home,
        env: {},
        offline: true,
        collectors: [...COLLECTORS, bad],
        checks: [
          {
            meta: {
              id: 'internal-error',
              title: 't',
              severity: 'error',
              area: 'internal',
              docs: { what: '', why: '', fix: '' },
            },
            run: () => {
              throw new Error(`check failed on ${d.encoded} / ${d.key}`);
            },
          },
        ],
      });
      const report = buildReport(
        {
          meta: metaFor,
          command: 'doctor',
          root: diag.facts.root,
          findings: diag.findings,
          targets: diag.targets,
          notes: diag.facts.notes,
          checks: { run: diag.checksRun, failedIds: diag.failedChecks },
        },
        diag.secrets,
      );
      const outs: Record<string, string> = {};
      for (const fmt of ['text', 'json', 'markdown', 'sarif'] as const)
        outs[fmt] = format(report, { meta: metaFor, format: fmt, color: false, targets: true, verbose: true });
      assert.ok(outs.json?.includes('broken collector failed'));
      assertNoLeak('failing collector / check', outs, [c.key, c.encoded, d.key, d.encoded]);
    } finally {
      p.cleanup();
    }
  });
});
