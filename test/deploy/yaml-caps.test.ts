/**
 * YAML that costs more to read than its size suggests: alias bombs in every YAML-facing reader,
 * self-merging anchors, deep nesting, and files over the size cap. Each becomes a note; legitimate
 * anchors (a GitLab CI `<<: *defaults` on every job) are still read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect } from './util.js';
import { MAX_BYTES, MAX_YAML_ALIASES, MAX_YAML_NODES, parseYaml, get, str, entries } from '../../src/deploy/util.js';
import type { Note } from '../../src/core/types.js';

/** A "billion laughs" document: `levels` anchors, each a list of nine aliases of the previous one. */
function bomb(levels: number, use: string): string {
  const L = 'abcdefghijkl';
  let y = 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++)
    y += `x-${L[i]}: &${L[i]} [${Array(9)
      .fill(`*${L[i - 1]}`)
      .join(',')}]\n`;
  return y + use.replace('@', `*${L[levels - 1]}`);
}

const capNote = (notes: Note[], path: string) => notes.find((n) => n.path === path && /alias bomb/.test(n.message));

describe('YAML alias expansion is capped in every reader', () => {
  const cases: Record<string, { path: string; use: string }> = {
    'GitHub Actions': {
      path: '.github/workflows/ci.yml',
      use: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env: @\n',
    },
    'GitLab CI': { path: '.gitlab-ci.yml', use: 'test:\n  script: [echo]\n  variables: @\n' },
    CircleCI: {
      path: '.circleci/config.yml',
      use: 'version: 2.1\njobs:\n  t:\n    docker: [{image: x}]\n    environment: @\n',
    },
    'Helm values': { path: 'chart/values.yaml', use: 'env: @\n' },
    compose: { path: 'docker-compose.yml', use: 'services:\n  api:\n    image: x\n    environment: @\n' },
    'Kubernetes manifest': {
      path: 'k8s/deploy.yaml',
      use: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: @\n',
    },
    'hosting (render.yaml)': { path: 'render.yaml', use: 'services:\n  - type: web\n    envVars: @\n' },
  };
  for (const [who, c] of Object.entries(cases)) {
    it(`${who}: a 9-level bomb (420 bytes) is a note, not a hang`, async () => {
      const files: Record<string, string> = { [c.path]: bomb(9, c.use) };
      if (c.path.startsWith('chart/')) files['chart/Chart.yaml'] = 'apiVersion: v2\nname: c\n';
      const r = await collect(files);
      assert.ok(capNote(r.facts.notes, c.path), `no cap note for ${c.path}: ${JSON.stringify(r.facts.notes)}`);
    });
  }

  it('the cap is on the expanded size: 4 levels (about 2,000 alias uses, 15,000 nodes) is read, 6 (531,441 nodes) is not', () => {
    const notes: Note[] = [];
    assert.equal(parseYaml(bomb(4, 'top: @\n'), 'a.yml', notes).length, 1);
    assert.deepEqual(notes, []);
    assert.equal(parseYaml(bomb(6, 'top: @\n'), 'b.yml', notes).length, 0);
    assert.equal(notes.length, 1);
    assert.ok(9 ** 6 > MAX_YAML_NODES && 2 * 9 ** 3 < MAX_YAML_ALIASES);
  });

  it('only the bomb document of a multi-document file is dropped', () => {
    const notes: Note[] = [];
    const docs = parseYaml(`${bomb(9, 'top: @\n')}---\nkind: ConfigMap\n`, 'm.yml', notes);
    assert.equal(docs.length, 1);
    const d = docs[0];
    assert.ok(d);
    assert.equal(str(d, get(d, d.root, 'kind')), 'ConfigMap');
  });

  it('legitimate anchors are followed: 300 GitLab jobs merging one defaults block', async () => {
    let y =
      '.defaults: &defaults\n  image: python:3.12\n  variables:\n    OPENAI_API_KEY: $OPENAI_API_KEY\n    MODE: test\n';
    for (let i = 0; i < 300; i++) y += `job${i}:\n  <<: *defaults\n  script: [pytest]\n`;
    const r = await collect({ '.gitlab-ci.yml': y });
    assert.equal(r.facts.notes.filter((n) => n.path === '.gitlab-ci.yml').length, 0, JSON.stringify(r.facts.notes));
    const jobs = (r.facts.deploy?.ci ?? []).filter((j) => j.location.path === '.gitlab-ci.yml');
    assert.ok(jobs.length >= 300, `${jobs.length} jobs`);
  });

  it('an anchor that merges or contains itself (a cycle) is a note, and the document is not walked', () => {
    for (const y of ['a: &a\n  <<: *a\n  x: 1\nc:\n  <<: *a\n', 'b: &b [*b, *b, 2]\n', 'k: &k {x: [*k, *k, *k]}\n']) {
      const notes: Note[] = [];
      assert.deepEqual(parseYaml(y, 's.yml', notes), []);
      assert.match(notes[0]?.message ?? '', /refers to the node that holds it/);
    }
    // A merge of an earlier anchor is no cycle.
    const notes: Note[] = [];
    const d = parseYaml('a: &a\n  x: 1\nc:\n  <<: *a\n  y: 2\n', 's.yml', notes)[0];
    assert.ok(d);
    assert.deepEqual(
      entries(d, get(d, d.root, 'c')).map((e) => e.key),
      ['y', 'x'],
    );
  });

  it('deep nesting is a note, never a crash', () => {
    const notes: Note[] = [];
    const deep = '['.repeat(20000) + ']'.repeat(20000) + '\n';
    const docs = parseYaml(`${deep}`, 'deep.yml', notes);
    assert.ok(docs.length <= 1);
  });

  it('a deployment file over the size cap is not read (a note says so)', async () => {
    const big = 'services:\n  api:\n    image: x\n' + `# ${'x'.repeat(100)}\n`.repeat(Math.ceil(MAX_BYTES / 100) + 10);
    const r = await collect({ 'docker-compose.yml': big });
    assert.ok(
      r.facts.notes.some((n) => n.path === 'docker-compose.yml' && n.kind === 'too-large'),
      JSON.stringify(r.facts.notes),
    );
  });
});
