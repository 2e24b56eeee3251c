import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openaiKey } from '../helpers/keys.js';
import { collect } from './util.js';

describe('docker run', () => {
  it('--env-file keeps quotes and spaces: the container gets them', async () => {
    const key = openaiKey('proj', 'run');
    const r = await collect({
      '.env.docker': `# for docker run\nOPENAI_API_KEY="${key}"\nOPENAI_MODEL=gpt-4o-mini \n`,
      'scripts/run.sh':
        '#!/bin/sh\nset -e\ndocker build -t chat .\ndocker run --rm -p 8000:8000 \\\n  --env-file .env.docker \\\n  -e LOG_LEVEL=debug \\\n  chat:latest\n',
    });
    const t = r.targets.find((x) => x.kind === 'docker-run');
    assert.equal(t?.id, 'docker-run:scripts/run.sh:4');
    assert.equal(t?.vars.OPENAI_API_KEY?.value, `"${key}"`);
    assert.equal(t?.vars.OPENAI_MODEL?.value, 'gpt-4o-mini ');
    assert.match(t?.label ?? '', /chat:latest/);
  });

  it('-e beats --env-file; -e X takes the host value; Makefile and package.json scripts count', async () => {
    const k1 = openaiKey('proj', 'a');
    const k2 = openaiKey('proj', 'b');
    const r = await collect(
      {
        'app.env': `OPENAI_API_KEY=${k1}\n`,
        Makefile: 'run:\n\tdocker run --env-file app.env -e OPENAI_API_KEY chat\n',
        'package.json': JSON.stringify({
          name: 'x',
          scripts: { 'docker:run': 'docker run -e OPENAI_API_KEY=$OPENAI_API_KEY chat' },
        }),
      },
      { OPENAI_API_KEY: k2 },
    );
    const mk = r.targets.find((x) => x.id === 'docker-run:Makefile:2');
    assert.equal(mk?.vars.OPENAI_API_KEY?.value, k2);
    assert.equal(mk?.vars.OPENAI_API_KEY?.chain[1]?.assignment.value, k1);
    const pj = r.targets.find((x) => x.id === 'docker-run:package.json:1');
    assert.equal(pj?.vars.OPENAI_API_KEY?.value, k2);
  });

  it('docker run in a CI file does not take values from this shell', async () => {
    const r = await collect({
      '.gitlab-ci.yml': 'smoke:\n  script:\n    - docker run --rm -e OPENAI_API_KEY=$OPENAI_API_KEY chat pytest\n',
    });
    assert.equal(r.facts.deploy?.dockerRuns?.[0]?.docs, true);
    assert.deepEqual(
      r.targets.filter((t) => t.kind === 'docker-run'),
      [],
    );
  });

  it('README examples with -e placeholders are not targets', async () => {
    const r = await collect({
      'README.md':
        '# Chat\n\nRun it:\n\n```bash\ndocker run -e OPENAI_API_KEY=your-key-here -p 8000:8000 chat\n```\n\nNot code: docker run -e X=1 y\n',
    });
    assert.deepEqual(r.targets, []);
    assert.equal(r.facts.deploy?.dockerRuns?.length, 1);
    assert.ok(
      r.facts.deploy?.providedNames.some((p) => p.name === 'OPENAI_API_KEY' && p.location.path === 'README.md'),
    );
  });
});

describe('docker build and compose command lines', () => {
  it('finds the Dockerfile and context of docker build / buildx build', async () => {
    const { findDockerBuilds } = await import('../../src/deploy/docker-run.js');
    assert.deepEqual(
      findDockerBuilds(
        'docker build -t api:1 -f docker/api.Dockerfile --build-arg X=1 .\ndocker buildx build --platform linux/amd64 --file=Dockerfile.prod services/api\npodman build https://github.com/x/y.git\n',
        false,
      ),
      [
        { file: 'docker/api.Dockerfile', context: '.' },
        { file: 'Dockerfile.prod', context: 'services/api' },
      ],
    );
  });

  it('finds docker compose --env-file files', async () => {
    const { composeCliEnvFiles } = await import('../../src/deploy/compose.js');
    assert.deepEqual(
      composeCliEnvFiles(
        'docker compose --env-file ./env/prod.env -f compose.yaml up\ndocker-compose --env-file=".env.staging" up\n',
      ),
      ['env/prod.env', '.env.staging'],
    );
  });
});
