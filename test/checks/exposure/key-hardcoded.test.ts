import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/exposure/key-hardcoded.js';
import { testCheck, emptyFacts } from '../../helpers/check-tester.js';
import { git, hit, withHits } from './hits.js';

describe('key-hardcoded', () => {
  testCheck(
    check,
    {
      bad: [
        {
          name: 'a key in a Kubernetes Secret manifest (base64 is no protection)',
          facts: withHits([hit('k8s/secret.yaml', { encoding: 'base64' })], {
            deploy: { files: [{ rel: 'k8s/secret.yaml', kind: 'k8s' }], claimed: [], providedNames: [] },
          }),
          count: 1,
        },
        {
          name: 'a key in Python source, committed',
          facts: withHits([hit('bot/llm.py')], { project: git(['bot/llm.py']) }),
          count: 1,
          expect: (f) => {
            assert.equal(f[0]?.location?.path, 'bot/llm.py');
            assert.equal(f[0]?.location?.line, 3);
            assert.match(f[0]?.fix?.summary ?? '', /^Rotate the key at platform\.openai\.com\/api-keys first/);
            assert.match(String(f[0]?.data?.fingerprint), /^[0-9a-f]{32}$/);
          },
        },
        {
          name: 'a local edit of a tracked file (a config template filled in): not committed yet, no rotate-first',
          facts: withHits([hit('project/taskweaver_config.json')], {
            project: git(['project/taskweaver_config.json']),
            scan: {
              hits: [hit('project/taskweaver_config.json')],
              mode: 'tree',
              changed: ['project/taskweaver_config.json'],
            },
          }),
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /the key is a change since the last commit: it is not committed yet/);
            assert.doesNotMatch(f[0]?.fix?.summary ?? '', /^Rotate/);
            assert.match(f[0]?.fix?.summary ?? '', /git update-index --skip-worktree project\/taskweaver_config\.json/);
            assert.equal(f[0]?.data?.committed, false);
          },
        },
        {
          name: 'a file git does not track: the next git add commits it',
          facts: withHits([hit('config.yaml')], { project: git(['other.py']) }),
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /git does not track config\.yaml yet/);
            assert.match(f[0]?.fix?.summary ?? '', /add config\.yaml to \.gitignore/);
          },
        },
        {
          name: 'an ignored file git does not track (scanned with --no-ignore): no rotate-first, no .gitignore advice',
          facts: withHits([hit('notes/keys.txt', { ignored: true })], { project: git(['other.py']) }),
          expect: (f) => {
            assert.doesNotMatch(f[0]?.message ?? '', /does not track/);
            assert.doesNotMatch(f[0]?.fix?.summary ?? '', /^Rotate|\.gitignore/);
          },
        },
        {
          name: 'outside git: no rotate-first',
          facts: withHits([hit('config.yaml')], { project: git([], false) }),
          expect: (f) => assert.doesNotMatch(f[0]?.fix?.summary ?? '', /^Rotate/),
        },
        {
          name: 'a notebook cell',
          facts: withHits([hit('nb.ipynb', { cell: 4 })]),
          expect: (f) => assert.match(f[0]?.message ?? '', /notebook cell 4/),
        },
        {
          name: 'a config file (base64)',
          facts: withHits([hit('k8s/secret.yaml', { encoding: 'base64' })]),
          expect: (f) => assert.match(f[0]?.message ?? '', /base64/),
        },
        {
          name: 'docs and an .env.example (templates are committed)',
          facts: withHits([hit('README.md'), hit('.env.example')]),
          count: 2,
        },
        { name: 'a Dockerfile when no deploy facts claim it', facts: withHits([hit('Dockerfile')]) },
        {
          name: 'another provider: rotate at its own console',
          facts: withHits([hit('a.ts', { provider: 'anthropic', kind: 'anthropic', label: 'Anthropic API key' })], {
            project: git(['a.ts']),
          }),
          expect: (f) => assert.match(f[0]?.fix?.summary ?? '', /console\.anthropic\.com/),
        },
      ],
      good: [
        { name: 'no scan facts', facts: emptyFacts() },
        { name: 'dotenv files are where keys belong', facts: withHits([hit('.env'), hit('config/prod.env')]) },
        { name: 'CI definitions have their own id', facts: withHits([hit('.github/workflows/ci.yml')]) },
        { name: 'bundles have their own id', facts: withHits([hit('dist/app.js')]) },
        {
          name: 'public-prefixed names have their own id',
          facts: withHits([hit('next.config.js', { name: 'NEXT_PUBLIC_OPENAI_API_KEY' })]),
        },
        {
          name: 'places the deploy checks claim',
          facts: withHits([hit('compose.yaml')], {
            deploy: { files: [], claimed: [{ path: 'compose.yaml', line: 3 }], providedNames: [] },
          }),
        },
        {
          name: 'Dockerfiles and the Kubernetes lines the deploy checks own',
          facts: withHits([hit('Dockerfile'), hit('k8s/cm.yaml')], {
            deploy: {
              files: [
                { rel: 'Dockerfile', kind: 'dockerfile' },
                { rel: 'k8s/cm.yaml', kind: 'k8s' },
              ],
              claimed: [{ path: 'k8s/cm.yaml', line: 3 }],
              providedNames: [],
            },
          }),
        },
        {
          name: 'a literal in a client module is exposure, not hardcoding',
          facts: withHits([hit('app/chat.tsx')], {
            code: {
              files: [{ file: 'app/chat.tsx', language: 'ts', clientSide: true }],
              entryPoints: [],
              envReads: [],
              dotenvLoads: [],
              clients: [],
              sdk: {},
            },
          }),
        },
      ],
    },
    it,
  );
});
