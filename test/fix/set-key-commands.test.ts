/**
 * The commands set-key prints for places outside the project (CI secrets, a cluster's Secret,
 * hosting) read the key from standard input without echo, and must never put it in a program's
 * arguments: every user of the machine sees those in `ps` while the program runs (and a base64
 * of the key is the key). Each command is run here by bash, with the key on standard input and
 * stand-ins for kubectl, gh, vercel, fly and netlify on PATH that record their arguments and what
 * they read: the key reaches each tool, and no argument of any process holds it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSetKey } from '../../src/fix/set-key.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';

const OLD = openaiKey('proj', 'set-key-cmd-old');
const NEW = openaiKey('proj', 'set-key-cmd-new');
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

const DEPLOY = (name: string, secret: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n          env:\n            - name: OPENAI_API_KEY\n              valueFrom:\n                secretKeyRef: { name: ${secret}, key: OPENAI_API_KEY }\n`;

describe('set-key: the printed commands keep the key out of every argument list', () => {
  it(
    'run by bash with stand-in tools: each tool gets the key, no process gets it as an argument',
    { skip: hasBash ? false : 'no bash on this machine' },
    async () => {
      const p = tempProject(
        {
          '.gitignore': '.env\n',
          '.env': `OPENAI_API_KEY=${OLD}\n`,
          'app.py': 'from dotenv import load_dotenv\nload_dotenv()\nfrom openai import OpenAI\nclient = OpenAI()\n',
          'requirements.txt': 'openai\npython-dotenv\n',
          'k8s/chat.yaml': DEPLOY('chat', 'openai'),
          // A Secret that holds another key too: replaced with kubectl patch, not re-created.
          'k8s/worker.yaml': `${DEPLOY('worker', 'shared')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: shared\n  namespace: prod\ntype: Opaque\nstringData:\n  OPENAI_API_KEY: placeholder\n  OTHER: x\n`,
          '.github/workflows/test.yml':
            'name: test\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: python app.py\n',
          'vercel.json': '{ "env": { "OPENAI_API_KEY": "@openai-key" } }\n',
          'fly.toml': 'app = "chat"\n[env]\n  PORT = "8080"\n',
          'netlify.toml': '[build.environment]\n  OPENAI_API_KEY = "set-in-ui"\n',
        },
        {},
        { git: true },
      );
      try {
        const plan = await planSetKey({ root: p.root, home: p.home, env: { HOME: p.home }, key: NEW });
        const platforms = new Set(plan.commands.map((c) => c.platform));
        for (const want of ['kubernetes', 'github', 'vercel', 'fly', 'netlify'])
          assert.ok(platforms.has(want), `a ${want} command: ${[...platforms].join(', ')}`);
        // Stand-ins: each records its arguments, its standard input, and any /dev/stdin it is pointed at.
        const bin = join(p.dir, 'bin');
        const log = join(p.dir, 'log');
        mkdirSync(bin);
        mkdirSync(log);
        const tool = `#!/usr/bin/env bash\nn="$(basename "$0")-$$"\nprintf '%s\\n' "$@" > "${log}/$n.args"\ncase "$*" in *--dry-run*) printf 'apiVersion: v1\\n' ;; esac\ncase "$*" in *"-f -"*|*/dev/stdin*|*"secret set"*|*"env add"*|*"secrets set"*) cat > "${log}/$n.stdin" ;; esac\nexit 0\n`;
        for (const t of ['kubectl', 'gh', 'glab', 'vercel', 'fly', 'netlify']) {
          writeFileSync(join(bin, t), tool);
          chmodSync(join(bin, t), 0o755);
        }
        // Every command the shell runs, with its arguments (bash's xtrace shows what ps would).
        for (const c of plan.commands) {
          const r = spawnSync('bash', ['-c', c.command], {
            input: `${NEW}\n`,
            env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: p.home },
            encoding: 'utf8',
          });
          assert.equal(r.status, 0, `${c.command}: ${r.stderr}`);
        }
        const b64 = Buffer.from(NEW).toString('base64');
        const files = readdirSync(log);
        const args = files.filter((f) => f.endsWith('.args')).map((f) => readFileSync(join(log, f), 'utf8'));
        assert.ok(args.length >= plan.commands.length, 'every tool ran');
        for (const a of args) {
          assert.ok(!a.includes(NEW) && !a.includes(NEW.slice(8, -4)), `a key in the arguments: ${a.slice(0, 80)}`);
          assert.ok(!a.includes(b64.slice(4, -4)), 'the base64 of the key in the arguments');
        }
        const inputs = files.filter((f) => f.endsWith('.stdin')).map((f) => readFileSync(join(log, f), 'utf8'));
        for (const t of ['gh', 'vercel', 'kubectl'])
          assert.ok(
            files.some(
              (f) =>
                f.startsWith(`${t}-`) &&
                f.endsWith('.stdin') &&
                (readFileSync(join(log, f), 'utf8').includes(NEW) || readFileSync(join(log, f), 'utf8').includes(b64)),
            ) || inputs.some((i) => i.includes(NEW)),
            `${t} got the key on standard input`,
          );
        // kubectl got the key itself (create) and its base64 in the patch document (the Secret with other keys).
        assert.ok(
          inputs.some((i) => i === NEW),
          'kubectl create read the key, without a line break, from /dev/stdin',
        );
        assert.ok(
          inputs.some((i) => i.includes(`"OPENAI_API_KEY":"${b64}"`)),
          'kubectl patch read the patch document from /dev/stdin',
        );
        assert.ok(
          inputs.some((i) => i === `OPENAI_API_KEY=${NEW}\n`),
          'netlify env:import read a dotenv line from /dev/stdin',
        );
      } finally {
        p.cleanup();
      }
    },
  );
});
