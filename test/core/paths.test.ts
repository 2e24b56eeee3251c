import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEnvFileName } from '../../src/collect/dotenv/collector.js';
import { PATH_JOIN, baseOf, dirOf, isExampleFile, joinInside, joinRel, relFrom } from '../../src/core/paths.js';

describe('root-relative paths (src/core/paths.ts)', () => {
  it('splits a path into folder and name', () => {
    assert.equal(dirOf('a/b/.env'), 'a/b');
    assert.equal(dirOf('.env'), '');
    assert.equal(baseOf('a/b/.env'), '.env');
    assert.equal(baseOf('.env'), '.env');
  });

  it('joinInside resolves . and .., and gives undefined when the result leaves the root', () => {
    assert.equal(joinInside('api', '../.env'), '.env');
    assert.equal(joinInside('api', './config//.env'), 'api/config/.env');
    assert.equal(joinInside('', '..'), undefined);
    assert.equal(joinInside('a/b', '../../../x'), undefined);
    assert.equal(joinInside('a', '..'), '');
    assert.equal(joinInside('', './'), '');
  });

  it('joinInside gives what joining segment lists gives, on generated folders and paths', () => {
    // the definition: the folder's non-empty segments, then each segment of p (`.` and empty
    // skipped, `..` pops, leaving the root is undefined)
    const reference = (dir: string, p: string, underDir: boolean): string | undefined => {
      const parts = p.startsWith('/') && !underDir ? [] : dir.split('/').filter(Boolean);
      for (const seg of p.split('/')) {
        if (!seg || seg === '.') continue;
        if (seg === '..') {
          if (parts.length === 0) return undefined;
          parts.pop();
        } else parts.push(seg);
      }
      return parts.join('/');
    };
    const atoms = ['a', 'bc', '.', '..', '', '.env', '...', '.x', 'x.', '-'];
    let seed = 7;
    const pick = () => atoms[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % atoms.length] as string;
    const path = () => Array.from({ length: 1 + (seed % 5) }, pick).join('/');
    let compared = 0;
    for (let i = 0; i < 4000; i++) {
      const dir = i % 7 === 0 ? '' : path();
      const p = (i % 3 === 0 ? '/' : '') + path();
      for (const underDir of [false, true]) {
        assert.equal(joinInside(dir, p, underDir ? PATH_JOIN : {}), reference(dir, p, underDir), `${dir} + ${p}`);
        compared++;
      }
    }
    assert.equal(compared, 8000);
  });

  it('joinInside: an absolute path counts from the root (a container path), or goes under the folder as path.join puts it', () => {
    assert.equal(joinInside('deploy', '/app/.env'), 'app/.env');
    assert.equal(joinInside('src', '/x/.env', PATH_JOIN), 'src/x/.env');
    assert.equal(joinInside('', '/x/.env', PATH_JOIN), 'x/.env');
  });

  it('joinRel joins as a command line names a file: absolute kept, \\ read as /, .. stops at the root', () => {
    assert.equal(joinRel('api', '/etc/app.env'), '/etc/app.env');
    assert.equal(joinRel('api', '.\\config\\.env'), 'api/config/.env');
    assert.equal(joinRel('', '../../.env'), '.env');
    assert.equal(joinRel('a/b', '..'), 'a');
  });

  it('relFrom names a root-relative path from a folder, as a command started there does', () => {
    assert.equal(relFrom('', '.env'), '.env');
    assert.equal(relFrom('apps/api', '.env'), '../../.env');
    assert.equal(relFrom('apps/api', 'apps/api/.env'), '.env');
    assert.equal(relFrom('apps/api', 'apps/web/.env'), '../web/.env');
    assert.equal(relFrom('svc', 'svc'), '.');
  });

  it('isExampleFile: a template word between . _ or - in the file name, any case', () => {
    for (const f of [
      '.env.example',
      'api/.env.sample',
      'example.env',
      '.env.local-template',
      'docker-compose.dist.yml',
      '.env.TMPL',
      'config_samples.yml',
      '.env.defaults',
      'schema.env',
    ])
      assert.equal(isExampleFile(f), true, f);
    for (const f of [
      '.env',
      '.env.local',
      'examples/.env',
      'src/openai.spec.ts',
      '.env.spec',
      'exampleapp.env',
      'distance.env',
      undefined,
      '',
    ])
      assert.equal(isExampleFile(f), false, String(f));
  });

  it('a dotenv file name is a template by its dot-separated parts, spec included', () => {
    assert.equal(classifyEnvFileName('.env.spec')?.role, 'example');
    assert.equal(classifyEnvFileName('.env.example')?.role, 'example');
    assert.equal(classifyEnvFileName('dev.env.sample')?.role, 'example');
    assert.equal(classifyEnvFileName('.env.local')?.role, 'loaded');
  });
});
