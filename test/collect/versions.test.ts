import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  newestSatisfying,
  nodeVersionOf,
  PYTHON_DOTENV_RELEASES,
  satisfies,
  selectVersions,
} from '../../src/collect/versions.js';
import { walkProject } from '../../src/collect/files.js';
import { collectProject } from '../../src/collect/project.js';
import { nodeEnvRules, pythonDotenvRules } from '../../src/collect/dotenv/dialects.js';
import type { Note } from '../../src/core/types.js';
import { tempProject, type Tree } from '../helpers/project.js';

function versions(files: Tree, running = '20.20.2') {
  const p = tempProject(files);
  try {
    const notes: Note[] = [];
    const listed = walkProject(p.root, notes);
    const project = collectProject(p.root, listed, notes, { isRepo: false, tracked: new Set() });
    return selectVersions(p.root, listed, project, notes, running);
  } finally {
    p.cleanup();
  }
}

const uvLock = (v: string) =>
  `version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "anyio"\nversion = "4.6.2"\n\n[[package]]\nname = "python-dotenv"\nversion = "${v}"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://files.example/python_dotenv-${v}.tar.gz" }\n`;

describe('version ranges', () => {
  it('PEP 440 and npm/poetry operators', () => {
    assert.ok(satisfies('1.0.1', '>=1.0,<1.1'));
    assert.ok(!satisfies('1.1.0', '>=1.0,<1.1'));
    assert.ok(satisfies('1.0.1', '~=1.0.0') && !satisfies('1.1.0', '~=1.0.0'));
    assert.ok(satisfies('1.2.4', '~=1.1') && !satisfies('2.0.0', '~=1.1'));
    assert.ok(satisfies('1.2.2', '^1.0') && !satisfies('2.0.0', '^1.0'));
    assert.ok(satisfies('0.21.1', '^0.21') && !satisfies('0.22.0', '^0.21'));
    assert.ok(satisfies('1.0.1', '==1.0.*') && !satisfies('1.1.0', '==1.0.*'));
    assert.ok(satisfies('22.23.5', '>=20 <23') && !satisfies('24.0.0', '>=20 <23'));
    assert.ok(satisfies('20.20.2', '^18 || ^20') && satisfies('22.1.0', '>= 22'));
    assert.ok(!satisfies('1.2.3', '!=1.2.3'));
    assert.equal(newestSatisfying(PYTHON_DOTENV_RELEASES, '<1.0'), '0.21.1');
    assert.equal(newestSatisfying(PYTHON_DOTENV_RELEASES, '>=1.0,<1.2'), '1.1.1');
  });
  it('Node version files', () => {
    assert.equal(nodeVersionOf('v22.12.0'), '22.12.0');
    assert.equal(nodeVersionOf('lts/jod'), '22');
    assert.equal(nodeVersionOf('lts/iron'), '20');
    assert.equal(nodeVersionOf('24'), '24');
    assert.equal(nodeVersionOf('22.x'), '22');
    assert.equal(nodeVersionOf('node'), undefined);
  });
  it('rules: Node 22.16+ and 24 have the rewritten parser, 20 and early 22 do not; python-dotenv by release', () => {
    assert.equal(nodeEnvRules('20.20.2').modern, false);
    assert.equal(nodeEnvRules('22.14.0').modern, false);
    assert.equal(nodeEnvRules('22.16.0').modern, true);
    assert.equal(nodeEnvRules('22').modern, true);
    assert.equal(nodeEnvRules('24.0.0').modern, true);
    assert.deepEqual(pythonDotenvRules('1.2.2'), {
      version: '1.2.2',
      stripsBom: false,
      backslashEscapesAny: false,
      emptyBeforeComment: false,
    });
    assert.deepEqual(pythonDotenvRules('1.2.4'), {
      version: '1.2.4',
      stripsBom: true,
      backslashEscapesAny: true,
      emptyBeforeComment: true,
    });
  });
});

describe('which python-dotenv the project runs', () => {
  it('the virtualenv first, then uv.lock / poetry.lock / Pipfile.lock, then a pin, then a range, else the newest', () => {
    assert.deepEqual(
      versions({
        'uv.lock': uvLock('1.1.1'),
        'pyproject.toml': '[project]\nname = "x"\ndependencies = ["python-dotenv>=1.0"]\n',
      }).pythonDotenv,
      { version: '1.1.1', source: 'uv.lock', how: 'lockfile' },
    );
    assert.equal(
      versions({ 'poetry.lock': uvLock('1.0.1').replace('version = 1\n', '') }).pythonDotenv.version,
      '1.0.1',
    );
    assert.deepEqual(
      versions({
        'Pipfile.lock': JSON.stringify({ _meta: {}, default: { 'python-dotenv': { hashes: [], version: '==1.2.2' } } }),
      }).pythonDotenv,
      { version: '1.2.2', source: 'Pipfile.lock', how: 'lockfile' },
    );
    assert.deepEqual(versions({ 'requirements.txt': 'openai==1.55.0\npython-dotenv==0.21.0\n' }).pythonDotenv, {
      version: '0.21.0',
      source: 'requirements.txt',
      how: 'pin',
    });
    assert.deepEqual(versions({ 'requirements.txt': 'python_dotenv>=1.0,<1.2\n' }).pythonDotenv, {
      version: '1.1.1',
      source: 'requirements.txt',
      how: 'range',
    });
    assert.deepEqual(
      versions({
        '.venv/lib/python3.12/site-packages/python_dotenv-1.2.2.dist-info/METADATA': 'Name: python-dotenv\n',
        'uv.lock': uvLock('1.2.4'),
      }).pythonDotenv.how,
      'installed',
    );
    assert.equal(
      versions({ '.venv/lib/python3.12/site-packages/python_dotenv-1.2.2.dist-info/METADATA': 'Name: python-dotenv\n' })
        .pythonDotenv.version,
      '1.2.2',
    );
    assert.deepEqual(versions({ 'requirements.txt': 'python-dotenv\n' }).pythonDotenv.how, 'default');
    assert.deepEqual(versions({}).pythonDotenv.version, '1.2.4');
  });
});

describe('which Node the project runs', () => {
  const pkg = (over: Record<string, unknown>) => JSON.stringify({ name: 'svc', ...over });
  it('Volta, then .nvmrc / .node-version / .tool-versions, then engines, else the running Node', () => {
    assert.deepEqual(
      versions({ 'package.json': pkg({ volta: { node: '24.1.0' }, engines: { node: '>=20' } }), '.nvmrc': '20\n' })
        .node,
      { version: '24.1.0', source: 'package.json (volta.node)', how: 'volta' },
    );
    assert.deepEqual(versions({ 'package.json': pkg({ engines: { node: '>=20' } }), '.nvmrc': 'lts/jod\n' }).node, {
      version: '22',
      source: '.nvmrc',
      how: 'version-file',
    });
    assert.equal(versions({ 'package.json': pkg({}), '.node-version': 'v22.12.0\n' }).node.version, '22.12.0');
    assert.equal(
      versions({ 'package.json': pkg({}), '.tool-versions': 'python 3.12.1\nnodejs 24.3.0\n' }).node.version,
      '24.3.0',
    );
    // engines: the running Node when it fits, else the lowest line the range allows
    assert.deepEqual(versions({ 'package.json': pkg({ engines: { node: '>=20' } }) }, '20.20.2').node, {
      version: '20.20.2',
      source: 'package.json (engines.node >=20)',
      how: 'engines',
    });
    assert.equal(versions({ 'package.json': pkg({ engines: { node: '>=22' } }) }, '20.20.2').node.version, '22.23.5');
    assert.equal(versions({ 'package.json': pkg({ engines: { node: '>=20' } }) }, '24.2.0').node.version, '24.2.0');
    assert.deepEqual(versions({ 'package.json': pkg({}) }, '24.2.0').node, {
      version: '24.2.0',
      source: 'the running Node',
      how: 'running',
    });
  });
  it('npm dotenv from the lockfile or the range', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: { '': {}, 'node_modules/dotenv': { version: '16.4.7' } },
    });
    assert.deepEqual(
      versions({ 'package.json': pkg({ dependencies: { dotenv: '^16.4.0' } }), 'package-lock.json': lock }).npmDotenv,
      { version: '16.4.7', source: 'package-lock.json', how: 'lockfile' },
    );
    assert.equal(
      versions({ 'package.json': pkg({ dependencies: { dotenv: '^17.2.0' } }) }).npmDotenv?.version,
      '17.2.0',
    );
    assert.equal(versions({ 'package.json': pkg({}) }).npmDotenv, undefined);
  });
});
