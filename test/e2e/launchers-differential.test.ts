/**
 * make, bash and just against keydoctor: for each way of handing a .env to the app, the value the
 * real tool gives the started program equals the value keydoctor resolves for that target.
 * just and bun come from the npm registry: .ci/run installs them into .tools/ (never committed;
 * KEYDOCTOR_TOOLS names another folder); a test whose tool is missing says so and skips.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectFacts } from '../../src/pipeline/diagnose.js';
import { resolveTargets } from '../../src/resolve/index.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

/** Where .ci/run installs just and bun (npm's rust-just and bun packages); PATH is tried too. */
export function tool(name: string): string | undefined {
  const dirs = [process.env.KEYDOCTOR_TOOLS, join(process.cwd(), '.tools', 'node_modules', '.bin')].filter(
    (d): d is string => !!d,
  );
  for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  const w = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return w.status === 0 && w.stdout.trim() ? w.stdout.trim() : undefined;
}

const printer = 'console.log(JSON.stringify(process.env.OPENAI_API_KEY ?? null));\n';
const DOTENVS: Record<string, string> = {
  plain: 'OPENAI_API_KEY=value-plain\n',
  quoted: 'OPENAI_API_KEY="value-quoted"\n',
  comment: 'OPENAI_API_KEY=value-c # the key\n',
  export: "export OPENAI_API_KEY='value-single'\n",
  spaces: 'OPENAI_API_KEY="value with spaces"\n',
  commented: '# OPENAI_API_KEY=value-old\nOPENAI_API_KEY=value-new\n',
};
const SHELLS: Array<Record<string, string> | undefined> = [undefined, { OPENAI_API_KEY: 'value-from-shell' }];

async function predicted(
  files: Tree,
  id: string,
  env: Record<string, string>,
): Promise<{ value: string | null; got: string | null }> {
  const p = tempProject(files);
  made.push(p);
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: p.home, ...env };
  const facts = await collectFacts({ root: p.root, home: p.home, env: fullEnv });
  const t = resolveTargets(facts).find((x) => x.id === id);
  assert.ok(
    t,
    `no target ${id}: ${resolveTargets(facts)
      .map((x) => x.id)
      .join(', ')}`,
  );
  return { value: t.vars.OPENAI_API_KEY?.value ?? null, got: null };
}

function run(root: string, cmd: string[], env: Record<string, string>): string | null {
  const r = spawnSync(cmd[0] as string, cmd.slice(1), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const last = r.stdout.trim().split('\n').pop() ?? 'null';
  return JSON.parse(last) as string | null;
}

async function compare(files: Tree, id: string, cmd: string[], env: Record<string, string> | undefined): Promise<void> {
  const p = tempProject(files);
  made.push(p);
  const r = spawnSync(cmd[0] as string, cmd.slice(1), {
    cwd: p.root,
    env: { PATH: process.env.PATH ?? '', ...(env ?? {}) },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    // the tool never starts the app (`env $(cat .env | xargs)` on a comment runs `#` as the program): keydoctor says so
    const facts = await collectFacts({
      root: p.root,
      home: p.home,
      env: { PATH: process.env.PATH ?? '', HOME: p.home, ...(env ?? {}) },
    });
    assert.ok(
      facts.notes.some((n) => /never starts/.test(n.message)),
      `${cmd.join(' ')} failed (${r.stderr.trim()}) and keydoctor did not say so`,
    );
    return;
  }
  const real = run(p.root, cmd, env ?? {});
  const ours = await predicted(files, id, env ?? {});
  assert.equal(ours.value, real, `${id} with ${JSON.stringify(env ?? {})}: ${JSON.stringify(files)}`);
}

const MAKEFILES: Record<string, string> = {
  'include + export': 'include .env\nexport\n\nrun:\n\tnode server.js\n',
  'include, no export': 'include .env\n\nrun:\n\t@node server.js\n',
  'export NAME': '-include .env\nexport OPENAI_API_KEY\n\n.PHONY: run\nrun:\n\tnode server.js\n',
  '?= default': 'OPENAI_API_KEY ?= value-default\nexport OPENAI_API_KEY\nrun:\n\tnode server.js\n',
  'recipe sources with set -a': 'run:\n\tset -a; . ./.env; set +a; node server.js\n',
};

describe('GNU make: what a recipe gets', () => {
  const make = tool('make');
  for (const [mk, makefile] of Object.entries(MAKEFILES)) {
    for (const [dn, dotenv] of Object.entries(DOTENVS)) {
      for (const env of SHELLS) {
        it(`${mk}, .env ${dn}${env ? ', shell has a key' : ''}`, async (t) => {
          if (!make) return t.skip('GNU make is not installed');
          if (mk === 'recipe sources with set -a' && dn === 'spaces') return; // bash runs `with` as a command; covered by the script tests
          await compare(
            { Makefile: makefile, '.env': dotenv, 'server.js': printer },
            'make:run',
            [make, '-s', 'run'],
            env,
          );
        });
      }
    }
  }
});

const SCRIPTS: Record<string, string> = {
  'source, no set -a': '#!/bin/sh\nsource ./.env\nnode server.js\n',
  'set -a; . .env': '#!/bin/bash\nset -a\n. ./.env\nset +a\nexec node server.js\n',
  'source then export NAME': '#!/bin/bash\nsource .env\nexport OPENAI_API_KEY\nnode server.js\n',
  'export $(cat .env | xargs)': '#!/bin/bash\nexport $(cat .env | xargs)\nnode server.js\n',
  "export $(grep -v '^#' .env | xargs)": "#!/bin/bash\nexport $(grep -v '^#' .env | xargs)\nnode server.js\n",
  'env $(cat .env | xargs) cmd': '#!/bin/bash\nenv $(cat .env | xargs) node server.js\n',
};

describe('bash scripts: what the started program gets', () => {
  for (const [sn, script] of Object.entries(SCRIPTS)) {
    for (const [dn, dotenv] of Object.entries(DOTENVS)) {
      for (const env of SHELLS) {
        it(`${sn}, .env ${dn}${env ? ', shell has a key' : ''}`, async () => {
          if (dn === 'spaces' && /source|\. \.\//.test(script)) return; // `KEY="a b"` is fine for the shell; covered above
          await compare(
            { 'start.sh': script, '.env': dotenv, 'server.js': printer },
            'script:start.sh',
            ['bash', 'start.sh'],
            env,
          );
        });
      }
    }
  }
});

describe('just: set dotenv-load', () => {
  const just = tool('just');
  const files = (set: boolean): string => `${set ? 'set dotenv-load\n\n' : ''}run:\n    node server.js\n`;
  for (const set of [true, false]) {
    for (const [dn, dotenv] of Object.entries(DOTENVS)) {
      for (const env of SHELLS) {
        it(`${set ? 'with' : 'without'} dotenv-load, .env ${dn}${env ? ', shell has a key' : ''}`, async (t) => {
          if (!just) return t.skip('just is not installed (npm rust-just; .ci/run installs it)');
          await compare({ justfile: files(set), '.env': dotenv, 'server.js': printer }, 'just:run', [just, 'run'], env);
        });
      }
    }
  }
});

describe('bun: its own .env, .env.{NODE_ENV}, .env.local', () => {
  const bun = tool('bun');
  const sets: Record<string, Tree> = {
    '.env only': { '.env': 'OPENAI_API_KEY=value-env\n' },
    '.env and .env.local': { '.env': 'OPENAI_API_KEY=value-env\n', '.env.local': 'OPENAI_API_KEY=value-local\n' },
    '.env and .env.development': {
      '.env': 'OPENAI_API_KEY=value-env\n',
      '.env.development': 'OPENAI_API_KEY=value-dev\n',
    },
    'all three': {
      '.env': 'OPENAI_API_KEY=value-env\n',
      '.env.development': 'OPENAI_API_KEY=value-dev\n',
      '.env.local': 'OPENAI_API_KEY=value-local\n',
    },
    '--env-file replaces them': { '.env': 'OPENAI_API_KEY=value-env\n', 'prod.env': 'OPENAI_API_KEY=value-prod\n' },
  };
  for (const [name, envs] of Object.entries(sets)) {
    for (const env of SHELLS) {
      it(`${name}${env ? ', shell has a key' : ''}`, async (t) => {
        if (!bun) return t.skip('bun is not installed (npm bun; .ci/run installs it)');
        const script = name.startsWith('--env-file') ? 'bun --env-file=prod.env server.js' : 'bun server.js';
        const files: Tree = {
          ...envs,
          'server.js': printer,
          'package.json': JSON.stringify({ name: 'b', scripts: { start: script } }),
        };
        const p = tempProject(files);
        made.push(p);
        const real = run(p.root, [bun, ...script.split(' ').slice(1)], { ...(env ?? {}), HOME: p.home });
        const ours = await predicted(files, 'node:start', env ?? {});
        assert.equal(ours.value, real, `${script} with ${JSON.stringify(env ?? {})}`);
      });
    }
  }
});
