import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_HOOK, PYTHON_HOOK } from '../../src/trace/hooks/embedded.js';
import { TraceCollector, parseTraceDocument, traceDocument } from '../../src/trace/records.js';
import { childEnvironment, runTrace } from '../../src/trace/run.js';
import { splitCommand } from '../../src/cli/commands/trace.js';
import { pythonBlindFlags } from '../../src/trace/blind.js';
import { credentialHash } from '../../src/trace/analyze.js';
import { emulatorPath } from '../../src/trace/server.js';
import { maskSecret } from '../../src/keys/mask.js';
import { emptyFacts, targetWith, testCheck } from '../helpers/check-tester.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { check as keyDiffers } from '../../src/checks/trace/trace-key-differs.js';
import { check as noCredential } from '../../src/checks/trace/trace-no-credential.js';
import { check as unpredicted } from '../../src/checks/trace/trace-unpredicted-endpoint.js';
import { check as hookNotLoaded } from '../../src/checks/trace/trace-hook-not-loaded.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { Target } from '../../src/core/types.js';
import type { TraceFacts, TraceRequest, TraceProcess } from '../../src/trace/types.js';

const SALT = 'test-salt-0123456789';

function fakeIO(over: Partial<CliIO> = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: async () => '',
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    ...over,
  };
  return io;
}

function cred(value: string) {
  const n = value.length;
  return {
    header: 'authorization',
    scheme: 'Bearer',
    kind: value.startsWith('sk-proj-') ? 'openai-project' : 'other',
    masked: maskSecret(value),
    prefix: n >= 24 ? value.slice(0, 8) : value.slice(0, 3),
    suffix: n >= 24 ? value.slice(-4) : value.slice(-2),
    length: n,
    hash: credentialHash(SALT, value),
  };
}

function req(over: Partial<TraceRequest> & { key?: string | null } = {}): TraceRequest {
  const { key, ...rest } = over;
  return {
    id: `${rest.pid ?? 100}.0.1`,
    pid: 100,
    thread: 0,
    t: 1,
    lib: 'undici',
    method: 'POST',
    origin: 'https://api.openai.com',
    path: '/v1/chat/completions',
    query: [],
    action: 'redirected',
    credential: key === null ? null : cred(key ?? openaiKey('proj', 'unit-default')),
    custom: [],
    sdk: {},
    status: 200,
    ...rest,
  };
}

function proc(argv: string[], over: Partial<TraceProcess> = {}): TraceProcess {
  return {
    pid: 100,
    thread: 0,
    main: true,
    runtime: argv[0]?.includes('python') ? 'python' : 'node',
    argv,
    cwd: '/project',
    ...over,
  };
}

function trace(over: Partial<TraceFacts> = {}): TraceFacts {
  return {
    version: 1,
    salt: SALT,
    command: ['python', 'app.py'],
    cwd: '/project',
    live: false,
    started: 0,
    ended: 1,
    stopped: 'exit',
    exit: { code: 0, signal: null },
    processes: [proc(['/usr/bin/python3', 'app.py'])],
    requests: [],
    spawns: [],
    workers: [],
    dropped: 0,
    ...over,
  };
}

describe('trace hooks', () => {
  it('embedded.ts holds the current hook sources (run `node scripts/embed-hooks.mjs`)', () => {
    assert.equal(NODE_HOOK, readFileSync('src/trace/hooks/node-hook.cjs', 'utf8'));
    assert.equal(PYTHON_HOOK, readFileSync('src/trace/hooks/sitecustomize.py', 'utf8'));
  });
});

describe('trace records', () => {
  it('parses lines in any chunking, merges early answers, counts garbage', () => {
    const c = new TraceCollector();
    const r = JSON.stringify({ type: 'request', ...req({ status: undefined }) });
    const a = JSON.stringify({ type: 'answer', id: '100.0.1', status: 401 });
    const text = `${a}\nnot json\n{"type":"bogus"}\n${r}\n{"type":"process","pid":5,"runtime":"node","argv":["node"]}\n`;
    for (let i = 0; i < text.length; i += 7) c.feed(text.slice(i, i + 7));
    c.finish();
    assert.equal(c.requests.length, 1);
    assert.equal(c.requests[0]?.status, 401);
    assert.equal(c.processes.length, 1);
    assert.equal(c.dropped, 2);
  });

  it('a saved trace reads back; other JSON is refused', () => {
    const t = trace({ requests: [req()] });
    const back = parseTraceDocument(JSON.stringify(traceDocument(t)));
    assert.equal(back.requests.length, 1);
    assert.equal(back.requests[0]?.credential?.hash, t.requests[0]?.credential?.hash);
    // The JSON report of `trace --format json` carries it under data.trace.
    assert.equal(
      parseTraceDocument(JSON.stringify({ findings: [], data: { trace: traceDocument(t) } })).requests.length,
      1,
    );
    assert.throws(() => parseTraceDocument('{"findings": []}'), /not a keydoctor trace/);
    assert.throws(() => parseTraceDocument('{'), /not valid JSON/);
  });
});

describe('trace command line and environment', () => {
  it('splits own options from the command', () => {
    assert.deepEqual(splitCommand(['--live', '--timeout', '5', '--', 'node', '--live']), {
      own: ['--live', '--timeout', '5'],
      command: ['node', '--live'],
    });
    assert.deepEqual(splitCommand(['--timeout', '5', 'npm', 'start', '--', '-x']), {
      own: ['--timeout', '5'],
      command: ['npm', 'start', '--', '-x'],
    });
    assert.deepEqual(splitCommand(['--live']), { own: ['--live'], command: [] });
  });

  it('NODE_OPTIONS gets --require, or --import when the user already preloads with --require; PYTHONPATH is prepended', () => {
    const paths = { config: '/t/config.json', nodeHook: '/t dir/hook.cjs', pythonDir: '/t/python' };
    const a = childEnvironment({ PATH: '/bin' }, paths, false).env;
    assert.equal(a.NODE_OPTIONS, '--require="/t dir/hook.cjs"');
    assert.equal(a.PYTHONPATH, '/t/python');
    assert.equal(a.KEYDOCTOR_TRACE, '/t/config.json');
    assert.equal(a.NO_PROXY, undefined, 'no proxy set: NO_PROXY untouched');
    const b = childEnvironment(
      { NODE_OPTIONS: '-r dotenv/config', PYTHONPATH: '/mine', HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp' },
      paths,
      false,
    ).env;
    assert.equal(b.NODE_OPTIONS, '-r dotenv/config --import=file:///t%20dir/hook.cjs');
    assert.equal(b.PYTHONPATH, '/t/python:/mine');
    assert.equal(b.NO_PROXY, 'corp,127.0.0.1,localhost');
    assert.equal(
      childEnvironment({ HTTPS_PROXY: 'http://proxy:3128' }, paths, true).env.NO_PROXY,
      undefined,
      '--live leaves NO_PROXY alone',
    );
  });

  it('Python flags that keep the hook out', () => {
    assert.deepEqual(pythonBlindFlags(['-I', 'app.py']), ['-I']);
    assert.deepEqual(pythonBlindFlags(['-Es', 'app.py']), ['-E']);
    assert.deepEqual(pythonBlindFlags(['-u', '-S', '-m', 'x']), ['-S']);
    assert.deepEqual(pythonBlindFlags(['-c', 'import x', '-I']), []);
    assert.deepEqual(pythonBlindFlags(['app.py', '-I']), []);
  });

  it('maps gateway paths onto the emulator', () => {
    assert.equal(emulatorPath('/api/v1/chat/completions', false), '/v1/chat/completions');
    assert.equal(emulatorPath('/v1/models', false), '/v1/models');
    assert.equal(
      emulatorPath('/gw/openai/deployments/x/chat/completions', true),
      '/openai/deployments/x/chat/completions',
    );
  });
});

describe('trace checks', () => {
  const predicted = openaiKey('proj', 'unit-predicted');
  const other = openaiKey('proj', 'unit-other');
  const target: Target = targetWith(predicted, { id: 'python:app.py', location: { path: 'app.py' } });
  const withTrace = (t: TraceFacts, over = {}) => emptyFacts({ trace: t, ...over });

  testCheck(
    keyDiffers,
    {
      bad: [
        {
          name: 'another key than the predicted one, found in ~/.zshrc',
          facts: withTrace(trace({ requests: [req({ key: other })] }), {
            assignments: [
              { name: 'OPENAI_API_KEY', value: other, kind: 'shell-rc', location: { path: '~/.zshrc', line: 3 } },
            ],
          }),
          targets: [target],
          count: 1,
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /from ~\/\.zshrc:3/);
            assert.match(f[0]?.message ?? '', /predicted sk-proj-…/);
            assert.equal(f[0]?.location?.path, '~/.zshrc');
            assert.equal(f[0]?.related?.[0]?.path, '.env');
          },
        },
        {
          name: 'node --env-file=.env as the target itself starts it, another key sent',
          facts: withTrace(
            trace({
              processes: [proc(['/usr/bin/node', 'server.js'], { execArgv: ['--env-file=.env'] })],
              requests: [req({ key: other })],
            }),
          ),
          targets: [
            targetWith(predicted, {
              id: 'node:start',
              kind: 'node',
              label: 'npm start (node --env-file=.env server.js)',
            }),
            targetWith(predicted, {
              id: 'node:server.js',
              kind: 'node',
              label: 'npm start (node --env-file=.env server.js)',
            }),
          ],
          count: 1,
        },
        {
          name: 'a key where none was predicted',
          facts: withTrace(trace({ requests: [req({ key: other })] })),
          targets: [targetWith(undefined)],
          count: 1,
        },
      ],
      good: [
        {
          name: 'the predicted key',
          facts: withTrace(trace({ requests: [req({ key: predicted })] })),
          targets: [target],
        },
        {
          name: 'the predicted key with a trailing newline trimmed by the SDK',
          facts: withTrace(trace({ requests: [req({ key: predicted })] })),
          targets: [targetWith(`${predicted}\n`)],
        },
        { name: 'no trace', facts: emptyFacts(), targets: [target] },
        {
          name: 'the same script started with node --env-file=.env, which the target does not use',
          facts: withTrace(
            trace({
              processes: [proc(['/usr/bin/node', 'server.js'], { execArgv: ['--env-file=.env'] })],
              requests: [req({ key: other })],
            }),
          ),
          targets: [targetWith(predicted, { id: 'node:server.js', kind: 'node', label: 'node server.js' })],
        },
        {
          name: 'a process no target matches',
          facts: withTrace(
            trace({ processes: [proc(['/usr/bin/python3', 'other.py'])], requests: [req({ key: other })] }),
          ),
          targets: [target],
        },
        {
          name: "another provider's API",
          facts: withTrace(
            trace({
              requests: [
                req({
                  key: 'sk-ant-api03-' + 'a'.repeat(40),
                  origin: 'https://api.anthropic.com',
                  path: '/v1/messages',
                }),
              ],
            }),
          ),
          targets: [target],
        },
      ],
    },
    it,
  );

  testCheck(
    noCredential,
    {
      bad: [
        {
          name: 'no Authorization header to api.openai.com',
          facts: withTrace(trace({ requests: [req({ key: null, status: 401 })] })),
          targets: [target],
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /without any credential.*predicted sk-proj-/),
        },
      ],
      good: [
        { name: 'a key was sent', facts: withTrace(trace({ requests: [req({ key: predicted })] })), targets: [target] },
        {
          name: 'a local model server needs none',
          facts: withTrace(
            trace({ requests: [req({ key: null, origin: 'http://localhost:11434', action: 'local' })] }),
          ),
          targets: [target],
        },
      ],
    },
    it,
  );

  testCheck(
    unpredicted,
    {
      bad: [
        {
          name: 'a data-residency host the model did not predict',
          facts: withTrace(trace({ requests: [req({ key: predicted, origin: 'https://eu.api.openai.com' })] })),
          targets: [target],
          count: 1,
        },
        {
          name: 'a proxy nothing names, unmatched process',
          facts: withTrace(
            trace({ processes: [], requests: [req({ key: predicted, origin: 'https://llm-proxy.example.com' })] }),
          ),
          targets: [target],
          count: 1,
        },
      ],
      good: [
        {
          name: 'the default endpoint',
          facts: withTrace(trace({ requests: [req({ key: predicted })] })),
          targets: [target],
        },
        {
          name: 'the base URL the target resolves',
          facts: withTrace(trace({ requests: [req({ key: predicted, origin: 'https://llm-proxy.example.com' })] })),
          targets: [
            {
              ...target,
              vars: {
                ...target.vars,
                OPENAI_BASE_URL: { name: 'OPENAI_BASE_URL', chain: [], value: 'https://llm-proxy.example.com/v1' },
              },
            },
          ],
        },
        {
          name: "another provider's own API",
          facts: withTrace(
            trace({
              requests: [
                req({
                  key: 'gsk_' + 'a1'.repeat(26),
                  origin: 'https://api.groq.com',
                  path: '/openai/v1/chat/completions',
                }),
              ],
            }),
          ),
          targets: [target],
        },
      ],
    },
    it,
  );

  testCheck(
    hookNotLoaded,
    {
      bad: [
        {
          name: 'python -I at the top',
          facts: withTrace(trace({ command: ['python3', '-I', 'app.py'], processes: [] })),
          count: 1,
        },
        {
          name: 'a child started with -S',
          facts: withTrace(
            trace({ spawns: [{ pid: 100, t: 1, file: '/usr/bin/python3', argv: ['/usr/bin/python3', '-S', 'x.py'] }] }),
          ),
          count: 1,
        },
        {
          name: 'a child node with an environment of its own',
          facts: withTrace(
            trace({
              spawns: [
                {
                  pid: 100,
                  t: 1,
                  file: '/usr/bin/node',
                  argv: ['node', 'x.js'],
                  hooked: { node: false, python: false, config: false },
                },
              ],
            }),
          ),
          count: 1,
        },
        {
          name: 'a worker that did not load the preload',
          facts: withTrace(trace({ workers: [{ pid: 100, thread: 0, worker: 1 }] })),
          count: 1,
        },
        {
          name: 'nothing loaded the hook (docker compose up)',
          facts: withTrace(trace({ command: ['docker', 'compose', 'up'], processes: [] })),
          count: 1,
          expect: (f) => assert.match(f[0]?.message ?? '', /container/),
        },
      ],
      good: [
        {
          name: 'a hooked worker',
          facts: withTrace(
            trace({
              workers: [{ pid: 100, thread: 0, worker: 1 }],
              processes: [proc(['node', 'a.js']), proc(['node', 'a.js'], { thread: 1, main: false })],
            }),
          ),
        },
        {
          name: 'a child that inherits the environment',
          facts: withTrace(
            trace({ spawns: [{ pid: 100, t: 1, file: '/usr/bin/python3', argv: ['python3', 'x.py'] }] }),
          ),
        },
        {
          name: 'a command that failed to start',
          facts: withTrace(trace({ command: ['nope'], processes: [], stopped: 'start-failed' })),
        },
      ],
    },
    it,
  );
});

describe('a recorded trace in the doctor and in explain', () => {
  it('keydoctor --trace FILE adds trace-key-differs for the target the trace saw', async () => {
    const dotenvKey = openaiKey('proj', 'doctor-dotenv');
    const sent = openaiKey('proj', 'doctor-sent');
    const p = tempProject({
      'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
      '.env': `OPENAI_API_KEY=${dotenvKey}\n`,
      'requirements.txt': 'openai>=1\npython-dotenv\n',
      '.gitignore': '.env\n',
    });
    try {
      const t = trace({
        cwd: p.root,
        processes: [proc(['/usr/bin/python3', 'app.py'], { cwd: p.root })],
        requests: [req({ key: sent })],
      });
      const file = join(p.dir, 'saved.json');
      writeFileSync(file, JSON.stringify(traceDocument(t)));
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      const code = await main(['--offline', '--trace', file, '--format', 'json'], io);
      const report = JSON.parse(io.out) as { findings: Array<{ id: string; message: string; target?: string }> };
      const f = report.findings.find((x) => x.id === 'trace-key-differs');
      assert.ok(f, io.out);
      assert.equal(f.target, 'python:app.py');
      assert.match(f.message, /predicted sk-proj-…/);
      assert.equal(code, 1);
      assert.ok(!io.out.includes(sent) && !io.out.includes(dotenvKey));
      const bad = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      writeFileSync(join(p.dir, 'bad.json'), '{"findings": []}');
      assert.equal(await main(['--offline', '--trace', join(p.dir, 'bad.json')], bad), 2);
      assert.match(bad.err, /not a keydoctor trace/);
    } finally {
      p.cleanup();
    }
  });

  it('explain --trace FILE says which traced process sent the key an error echoes', async () => {
    const sent = openaiKey('proj', 'explain-sent');
    const p = tempProject({});
    try {
      const t = trace({
        processes: [proc(['/usr/bin/python3', 'worker.py'])],
        requests: [req({ key: sent, path: '/v1/responses' })],
      });
      const file = join(p.dir, 'saved.json');
      writeFileSync(file, JSON.stringify(traceDocument(t)));
      const echoed = `${sent.slice(0, 8)}${'*'.repeat(sent.length - 12)}${sent.slice(-4)}`;
      const text = `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: ${echoed}. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}\n`;
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home }, readStdin: async () => text });
      await main(['explain', '--trace', file, '--format', 'json'], io);
      const report = JSON.parse(io.out) as { findings: Array<{ id: string; message: string }> };
      const f = report.findings.find((x) => x.id === 'live-invalid-key');
      assert.ok(f, io.out);
      assert.match(
        f.message,
        /recorded trace saw this key sent by python3 worker\.py \(pid 100\) to https:\/\/api\.openai\.com\/v1\/responses/,
      );
    } finally {
      p.cleanup();
    }
  });
});

describe('runTrace: the end of the records', () => {
  // The timeout is a hang guard, not a speed assertion: a trace that waited for the end marker would never end.
  it(
    'half a line left in the FIFO (a writer killed mid-write, or anything else that opens it) does not keep the trace waiting for its end marker',
    { timeout: 120_000 },
    async () => {
      const p = tempProject({
        'w.sh': `f=$(sed 's/.*"fifo":"\\([^"]*\\)".*/\\1/' "$KEYDOCTOR_TRACE")\nprintf '{"type":"process","pid":1' > "$f"\n`,
      });
      try {
        const run = await runTrace({
          command: ['sh', 'w.sh'],
          cwd: p.root,
          env: { PATH: process.env.PATH, HOME: p.home },
          hosts: ['api.openai.com'],
          timeoutMs: 60_000,
          drainMs: 60_000,
        });
        assert.equal(run.trace.exit?.code, 0);
        assert.equal(run.trace.stopped, 'exit');
        assert.ok(run.trace.dropped >= 1, 'the half line is dropped, not parsed');
      } finally {
        p.cleanup();
      }
    },
  );
});
