import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyseDockerfile,
  copyCovers,
  dockerignoreMatcher,
  instructions,
  isEnvFileName,
} from '../../src/deploy/dockerfile.js';
import { openaiKey } from '../helpers/keys.js';

describe('Dockerfile reading', () => {
  it('joins continuations, skips comments and heredoc bodies, honours the escape directive', () => {
    const ins = instructions(
      'FROM a\n# c\nRUN apt-get update && \\\n  apt-get install -y curl\nRUN <<EOF\nENV NOT_ME=1\nEOF\nENV A=1\n',
    );
    assert.deepEqual(
      ins.map((i) => [i.cmd, i.line]),
      [
        ['FROM', 1],
        ['RUN', 3],
        ['RUN', 5],
        ['ENV', 8],
      ],
    );
    const win = instructions('# escape=`\nFROM a\nENV A=1 `\n  B=2\n');
    assert.equal(win[1]?.args, 'A=1  B=2');
  });

  it('finds ENV and ARG keys per stage; only the last stage (and its FROM parents) are final', () => {
    const key = openaiKey('proj', 'df');
    const df = analyseDockerfile({
      rel: 'Dockerfile',
      context: '',
      envFilesInContext: [],
      text: `FROM node:22 AS build\nARG OPENAI_API_KEY\nENV OPENAI_API_KEY=$OPENAI_API_KEY\nRUN npm run build\nFROM build AS test\nFROM nginx:alpine\nENV KEY2=x OPENAI_API_KEY="${key}"\n`,
    });
    const byLine = Object.fromEntries(df.keyVars.map((k) => [`${k.instr}:${k.line}`, k]));
    assert.equal(byLine['ENV:3']?.source, 'build-arg');
    assert.equal(byLine['ENV:3']?.inFinal, false);
    assert.equal(byLine['ENV:7']?.value, key);
    assert.equal(byLine['ENV:7']?.inFinal, true);
    assert.equal(df.finalEnv.OPENAI_API_KEY?.value, key);
  });

  it('a final stage built FROM a stage with the key inherits it', () => {
    const key = openaiKey('proj', 'df2');
    const df = analyseDockerfile({
      rel: 'Dockerfile',
      context: '',
      envFilesInContext: [],
      text: `FROM python:3.12 AS base\nENV OPENAI_API_KEY ${key}\nFROM base\nCMD ["python"]\n`,
    });
    assert.equal(df.keyVars[0]?.inFinal, true);
    assert.equal(df.finalEnv.OPENAI_API_KEY?.value, key);
  });

  it('COPY of the context takes .env unless .dockerignore excludes it; BuildKit secret mounts are recorded', () => {
    const text =
      'FROM node:22\nCOPY package.json ./\nRUN --mount=type=secret,id=openai,env=OPENAI_API_KEY npm test\nCOPY . .\nCOPY --from=build /app /app\n';
    const bare = analyseDockerfile({ rel: 'Dockerfile', context: '', envFilesInContext: ['.env'], text });
    assert.deepEqual(
      bare.envCopies.map((c) => [c.line, c.envFiles]),
      [[4, ['.env']]],
    );
    assert.deepEqual(bare.secretMounts, [{ id: 'openai', line: 3, env: 'OPENAI_API_KEY' }]);
    const ignored = analyseDockerfile({
      rel: 'Dockerfile',
      context: '',
      envFilesInContext: ['.env'],
      text,
      dockerignore: { rel: '.dockerignore', text: 'node_modules\n.env\n' },
    });
    assert.deepEqual(ignored.envCopies, []);
  });

  it('.dockerignore follows Docker rules, not gitignore rules', () => {
    const m = dockerignoreMatcher('.env\n**/*.secret\nconfig/\n!config/keep.env\n');
    assert.equal(m('.env'), true);
    assert.equal(m('app/.env'), false); // unlike .gitignore, `.env` only matches at the context root
    assert.equal(m('a/b/x.secret'), true);
    assert.equal(m('config/prod.env'), true);
    assert.equal(m('config/keep.env'), false);
    assert.equal(dockerignoreMatcher('**/.env*\n!**/.env.example\n')('svc/.env.local'), true);
  });

  it('COPY sources: whole context, folders, globs', () => {
    assert.equal(copyCovers('.', 'app/.env'), true);
    assert.equal(copyCovers('app/', 'app/.env'), true);
    assert.equal(copyCovers('.env*', '.env.production'), true);
    assert.equal(copyCovers('src', '.env'), false);
  });
});

describe("which env files a COPY can bake into an image (the dotenv collector's verdict)", () => {
  it('loaded files count; templates, dotenvx key files and code files do not', () => {
    for (const f of ['.env', '.env.production', '.env.local', 'prod.env', '.flaskenv'])
      assert.equal(isEnvFileName(f), true, f);
    for (const f of [
      '.env.example',
      '.env.sample',
      'example.env',
      '.env.defaults',
      '.env.tmpl',
      '.env.spec',
      '.env.keys',
      '.env.vault',
      '.env.js',
      '.envrc',
    ])
      assert.equal(isEnvFileName(f), false, f);
  });
});
