import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { envWordsFile, parseCommand, parseCommandLine, shellWords } from '../../../src/collect/launch/parse.js';
import { envFilesInCommand } from '../../../src/collect/dotenv/collector.js';
import { parseScript } from '../../../src/code/entry-points.js';

describe('the launch parser: words', () => {
  it('splits like the shell: quotes, escapes, $(...) kept whole, operators as words', () => {
    assert.deepEqual(shellWords(`a "b c" 'd e' f\\ g $(cat x | y) && h; i | j`), [
      'a',
      'b c',
      'd e',
      'f g',
      '$(cat x | y)',
      '&&',
      'h',
      ';',
      'i',
      '|',
      'j',
    ]);
    assert.deepEqual(shellWords('x "$HOME/a" ${B:-c}'), ['x', '$HOME/a', 'c']);
  });

  it('agrees with bash on the words of real command lines', (t) => {
    const lines = [
      `cross-env NODE_ENV=production node --env-file .env dist/server.js`,
      `dotenv -e .env.local -e ".env with space" -- node "src/my app.js" --flag='a b' x\\ y`,
      `op run --env-file="./app.env" -- node server.js`,
      `sh -c 'cd api && exec node index.js' "it's" ''`,
      `A=1 B="two words" C=$'x\\ty' node -e "console.log(\\"q\\")" a#b`,
      `uv run --env-file .env -- python -m app  # a comment`,
    ];
    if (spawnSync('bash', ['--version']).status !== 0) return t.skip('bash is not installed');
    for (const line of lines) {
      // bash prints the words it hands to the program, one per NUL
      const r = spawnSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
      assert.equal(r.status, 0, line);
      assert.deepEqual(shellWords(line), r.stdout.split('\0').slice(0, -1), line);
    }
  });
});

describe('the launch parser: what a command starts', () => {
  it('node and its env-file flags, preloads, nodemon --exec, tsx watch', () => {
    const l = parseCommand(
      'cross-env NODE_ENV=production node --env-file=.env.local --env-file-if-exists .env -r dotenv/config src/server.js dotenv_config_path=config/.env',
    );
    assert.equal(l?.runtime, 'node');
    assert.equal(l?.file, 'src/server.js');
    assert.deepEqual(l?.assigns, { NODE_ENV: 'production' });
    assert.deepEqual(l?.envFiles, [
      { path: '.env.local', ifExists: false, by: 'node' },
      { path: '.env', ifExists: true, by: 'node' },
    ]);
    assert.deepEqual(l?.preload, { path: 'config/.env' });
    assert.equal(parseCommand('node --watch server.js')?.file, 'server.js');
    assert.equal(parseCommand('nodemon --watch src --exec "tsx src/app.ts"')?.file, 'src/app.ts');
    // the runner from --exec, the file after it (openai-realtime-twilio-demo's websocket-server)
    const tw = parseCommand("nodemon --watch 'src/**/*' --exec 'ts-node' src/server.ts");
    assert.deepEqual([tw?.program, tw?.runtime, tw?.file], ['ts-node', 'node', 'src/server.ts']);
    assert.equal(parseCommand('tsx watch --env-file=.env src/index.ts')?.file, 'src/index.ts');
  });

  it('cd moves the rest of the line; the last command that starts a program is the main one', () => {
    const p = parseCommandLine('cd api && npm run build && node dist/index.js', 'packages/x');
    assert.equal(p.main?.cwd, 'packages/x/api');
    assert.equal(p.main?.file, 'dist/index.js');
    assert.deepEqual(p.segments[0]?.script, { tool: 'npm', name: 'build' });
  });

  it('dotenv wrappers: dotenv-cli, dotenvx (several files), env-cmd, python-dotenv run, env $(cat .env | xargs)', () => {
    const d = parseCommand('dotenv -e .env.local -e .env -o -- node app.js');
    assert.deepEqual(
      d?.wrappers.map((w) => [w.tool, w.files, w.override]),
      [['dotenv-cli', ['.env.local', '.env'], true]],
    );
    assert.deepEqual(parseCommand('dotenvx run -f .env.local .env --overload -- node app.js')?.wrappers[0]?.files, [
      '.env.local',
      '.env',
    ]);
    assert.equal(parseCommand('dotenvx run -- node app.js')?.wrappers[0]?.defaulted, true);
    assert.deepEqual(
      parseCommand('env-cmd -f ./envs/staging.env node app.js')?.wrappers.map((w) => [w.tool, w.files, w.override]),
      [['env-cmd', ['./envs/staging.env'], true]],
    );
    const py = parseCommand('dotenv -f config/.env run -- python app.py');
    assert.deepEqual(
      py?.wrappers.map((w) => [w.tool, w.files, w.override]),
      [['python-dotenv', ['config/.env'], true]],
    );
    assert.equal(py?.file, 'app.py');
    const ew = parseCommand(`env $(grep -v '^#' .env | xargs) node app.js`);
    assert.deepEqual(
      ew?.wrappers.map((w) => [w.tool, w.files]),
      [['env-words', ['.env']]],
    );
    assert.equal(envWordsFile('$(cat config/prod.env | xargs)'), 'config/prod.env');
    assert.equal(envWordsFile('$(date +%s)'), undefined);
  });

  it('secret managers: op run, doppler run, infisical run, aws-vault, chamber, sops exec-env', () => {
    const op = parseCommand('op run --env-file=.env --no-masking -- node server.js');
    assert.deepEqual(
      op?.wrappers.map((w) => [w.tool, w.files, w.secrets]),
      [['op', ['.env'], true]],
    );
    assert.equal(op?.file, 'server.js');
    assert.equal(parseCommand('doppler run --preserve-env -- python main.py')?.wrappers[0]?.override, false);
    assert.equal(parseCommand('doppler run --command "node index.js"')?.file, 'index.js');
    assert.equal(parseCommand('infisical run --env=dev -- npm start'), undefined);
    assert.equal(parseCommandLine('infisical run --env=dev -- npm start').segments[0]?.wrappers[0]?.tool, 'infisical');
    assert.equal(parseCommand('aws-vault exec prod -- node server.js')?.wrappers[0]?.tool, 'aws-vault');
    assert.equal(parseCommand('chamber exec app shared -- python app.py')?.file, 'app.py');
    const s = parseCommand(`sops exec-env secrets.enc.env 'node app.js'`);
    assert.deepEqual([s?.wrappers[0]?.tool, s?.wrappers[0]?.files, s?.file], ['sops', ['secrets.enc.env'], 'app.js']);
  });

  it('python: uv run, poetry, pipenv, -m, servers with their env files and modules', () => {
    const uv = parseCommand('uv run --env-file .env --with x -- python -m app.main');
    assert.deepEqual(
      [uv?.via, uv?.module, uv?.envFiles],
      ['uv', 'app.main', [{ path: '.env', ifExists: false, by: 'uv' }]],
    );
    assert.equal(parseCommand('uv run app.py')?.file, 'app.py');
    assert.equal(parseCommand('poetry run uvicorn main:app --reload')?.module, 'main:app');
    assert.equal(parseCommand('pipenv run python bot.py')?.wrappers[0]?.tool, 'pipenv');
    const u = parseCommand('uvicorn app.main:app --host 0.0.0.0 --port 8000 --env-file .env.prod');
    assert.deepEqual([u?.framework, u?.module, u?.envFiles[0]?.path], ['uvicorn', 'app.main:app', '.env.prod']);
    assert.equal(parseCommand('python -m uvicorn main:app')?.framework, 'uvicorn');
    assert.deepEqual(parseCommand('gunicorn -w 4 -e OPENAI_API_KEY=x wsgi:app')?.assigns, { OPENAI_API_KEY: 'x' });
    assert.equal(parseCommand('streamlit run ui/app.py')?.file, 'ui/app.py');
    assert.equal(parseCommand('flask --app server run --port 5000')?.module, 'server');
  });

  it("code on the command line (python -c, node -e / -p) runs none of the project's files", () => {
    for (const line of [
      `python3 -c 'import secrets; print(secrets.token_urlsafe(16))'`,
      `node -e "console.log(require('./package.json').version)"`,
      `node --print process.version`,
      `exec python3 - "$@"`,
      // a set-up script's version check runs no code at all (MetaGPT's .devcontainer/postCreateCommand.sh)
      'python --version',
      'python3 -V',
      'node --version',
      'node -v',
      // a tool run through python -m (haystack's .clusterfuzzlite/build.sh, pipecat's docs script)
      'python3 -m pip install --upgrade pip',
      'python -m venv venv',
    ]) {
      const l = parseCommand(line);
      assert.deepEqual([l?.inline, l?.file], [true, undefined], line);
    }
    assert.equal(parseCommand('python3 app.py')?.inline, undefined);
    assert.equal(parseCommand('python -m coverage run app.py')?.inline, undefined);
    assert.equal(parseCommand('node --env-file=.env server.js')?.inline, undefined);
  });

  it('bun, deno, frameworks, pm2, make, just, Procfile runners, shells', () => {
    assert.equal(parseCommand('bun --hot run server.ts')?.file, 'server.ts');
    assert.equal(parseCommand('bun run dev'), undefined);
    assert.deepEqual(parseCommand('bun --env-file=.env.test src/index.ts')?.envFiles, [
      { path: '.env.test', ifExists: false, by: 'bun' },
    ]);
    assert.deepEqual(parseCommand('deno run --allow-net --env-file main.ts')?.envFiles, [
      { path: '.env', ifExists: false, by: 'deno' },
    ]);
    assert.equal(parseCommand('deno run -A --env-file=.env.local main.ts')?.envFiles[0]?.path, '.env.local');
    assert.equal(parseCommandLine('deno task dev').segments[0]?.script?.name, 'dev');
    assert.deepEqual(
      [
        parseCommand('next start')?.mode,
        parseCommand('vite build --mode=staging')?.mode,
        parseCommand('react-scripts test')?.mode,
      ],
      ['production', 'staging', 'test'],
    );
    assert.equal(parseCommand('next lint'), undefined);
    assert.equal(parseCommand('wrangler dev --env staging')?.mode, 'staging');
    const pm2 = parseCommand('pm2 start ecosystem.config.js --env production');
    assert.deepEqual([pm2?.runtime, pm2?.file, pm2?.mode], ['pm2', 'ecosystem.config.js', 'production']);
    assert.deepEqual(parseCommand('make -C services/api run PORT=1')?.script, { tool: 'make', name: 'run' });
    assert.equal(parseCommand('make -C services/api run')?.cwd, 'services/api');
    assert.deepEqual(parseCommand('just dev')?.script, { tool: 'just', name: 'dev' });
    const f = parseCommand('foreman start -e .env,.env.local web');
    assert.deepEqual([f?.runtime, f?.wrappers[0]?.files, f?.args], ['procfile', ['.env', '.env.local'], ['web']]);
    assert.equal(parseCommand('heroku local')?.wrappers[0]?.tool, 'heroku-local');
    assert.equal(parseCommand(`bash -c 'source .env && node app.js'`)?.file, 'app.js');
    assert.equal(parseCommand('./scripts/start.sh --prod')?.runtime, 'shell');
    assert.equal(parseCommand('eslint .'), undefined);
  });
});

describe('the readers of the launch fact agree', () => {
  const lines = [
    'cd api && cross-env NODE_ENV=production dotenv -e .env.production -- tsx watch src/index.ts',
    'node --env-file=.env.local --env-file .env -r dotenv/config src/server.js dotenv_config_path=config/.env',
    'dotenvx run -f .env.local -- node index.js',
    'uvicorn main:app --env-file .env --reload',
  ];
  for (const line of lines) {
    it(line, () => {
      const main = parseCommandLine(line, 'web').main;
      const script = parseScript(line, 'web');
      assert.equal(script.cwd, main?.cwd);
      assert.equal(script.file, main?.file);
      // every file the entry point preloads is a file the dotenv collector reads
      for (const p of script.preloads) if (p.path) assert.ok(envFilesInCommand(line).includes(p.path), p.path);
    });
  }
});

describe('concurrently: each argument is a command; the app is the one that runs a known program', () => {
  it('NextChat: concurrently -r "yarn run mask:watch" "next dev"', () => {
    const m = parseCommandLine('concurrently -r "yarn run mask:watch" "next dev"').main;
    assert.equal(m?.program, 'next');
    assert.equal(m?.runtime, 'next');
  });
  it('options with values are passed over; the last command that runs a program wins', () => {
    const m = parseCommandLine(
      'concurrently -n api,web -c blue,green "NODE_ENV=development node server.js" "npm run watch:css"',
    ).main;
    assert.equal(m?.runtime, 'node');
    assert.equal(m?.assigns.NODE_ENV, 'development');
    assert.equal(parseCommandLine('concurrently "npm run a" "npm run b"').main, undefined);
  });
});
