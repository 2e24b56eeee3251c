import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check as retired } from '../../../src/checks/code/model-retired.js';
import { check as deprecated } from '../../../src/checks/code/model-deprecated.js';
import {
  RETIRED_MODELS,
  deprecatedModel,
  lifecycleOf,
  modelStatus,
  replacementFor,
  retiredModel,
} from '../../../src/code/retired-models.js';
import { testCheck } from '../../helpers/check-tester.js';
import type { LiveResult } from '../../../src/live/types.js';
import { client, code, envFile, facts, file } from './facts.js';

// The "today": every date here is relative to it, and the clock is injected (facts.now).
const NOW = new Date('2026-12-02T10:00:00Z');
const uses = (name: string, f = 'app.py') =>
  code({
    files: [file(f, { models: [{ name, line: 7 }] })],
    clients: [
      client({
        file: f,
        language: /\.py$/.test(f) ? 'python' : 'js',
        sdk: /\.py$/.test(f) ? 'openai-python' : 'openai-node',
      }),
    ],
  });
const at = (c: ReturnType<typeof code>, now = NOW, live?: LiveResult[]) =>
  facts(c, [], { now, ...(live ? { live: { results: live } } : {}) });
const liveList = (shutdowns: Record<string, string | null>, azure = false): LiveResult => ({
  targets: [],
  endpoint: 'https://api.openai.com/v1/models',
  azure,
  findings: [],
  modelShutdowns: shutdowns,
});

describe('model lifecycle table', () => {
  it('a suggested replacement is never itself shut down or on its way out', () => {
    for (const row of RETIRED_MODELS) {
      const { replacement } = replacementFor(row);
      assert.equal(lifecycleOf(replacement), undefined, `${row.ids[0] ?? String(row.pattern)} → ${replacement}`);
      for (const word of replacement.split(/[\s,()]+/))
        assert.equal(lifecycleOf(word), undefined, `${row.ids[0] ?? ''} → ${replacement} names ${word}`);
    }
  });
  it('follows the chain: o1-mini → (o4-mini, shut down) → a current model; gpt-3.5-turbo → (gpt-4.1-mini, 2027-01-14) → gpt-5.4-mini', () => {
    const o1 = lifecycleOf('o1-mini');
    assert.ok(o1);
    assert.doesNotMatch(replacementFor(o1).replacement, /o4-mini/);
    const t = lifecycleOf('gpt-3.5-turbo');
    assert.ok(t);
    assert.deepEqual(replacementFor(t), { replacement: 'gpt-5.4-mini', approx: true });
    // OpenAI's own words, one step: offered as an edit
    const d = lifecycleOf('text-davinci-003');
    assert.ok(d);
    assert.deepEqual(replacementFor(d), { replacement: 'gpt-3.5-turbo-instruct', approx: false });
  });
  it('retired before the date, deprecated after it (the clock decides)', () => {
    assert.equal(retiredModel('gpt-4o', NOW), undefined);
    assert.equal(deprecatedModel('gpt-4o', NOW)?.shutdown, '2027-01-14');
    assert.equal(retiredModel('gpt-4o', new Date('2027-01-14T00:00:00Z'))?.shutdown, '2027-01-14');
    assert.equal(deprecatedModel('gpt-4o', new Date('2027-01-14T00:00:00Z')), undefined);
    assert.equal(modelStatus('gpt-5', NOW)?.daysLeft, 9);
    assert.equal(modelStatus('gpt-5', NOW)?.alias, true);
    assert.equal(modelStatus('o4-mini', NOW)?.state, 'retired');
    assert.equal(modelStatus('gpt-5.5', NOW), undefined);
    // Image models: DALL·E shut down in May, gpt-image-1 with the legacy snapshots, its mini the day before NOW.
    assert.equal(modelStatus('dall-e-3', NOW)?.state, 'retired');
    assert.equal(modelStatus('gpt-image-1', NOW)?.shutdown, '2026-10-23');
    assert.equal(modelStatus('gpt-image-1-mini', new Date('2026-11-30T12:00:00Z'))?.state, 'deprecated');
    assert.equal(modelStatus('gpt-image-1-mini', NOW)?.state, 'retired');
    assert.equal(modelStatus('gpt-image-2.5-sunburst', NOW), undefined);
  });
  it('the API decides for the models it lists: its shutdown_date, or none', () => {
    assert.equal(modelStatus('gpt-4o', NOW, new Map([['gpt-4o', null]])), undefined);
    assert.deepEqual(
      (({ state, shutdown, source }) => ({ state, shutdown, source }))(
        modelStatus('gpt-5.5', NOW, new Map([['gpt-5.5', '2027-06-30']])) ?? { state: '', shutdown: '', source: '' },
      ),
      { state: 'deprecated', shutdown: '2027-06-30', source: 'live' },
    );
    // not listed: the table
    assert.equal(modelStatus('gpt-4o', NOW, new Map([['gpt-5.5', null]]))?.source, 'table');
  });
});

describe('model-retired', () => {
  testCheck(
    retired,
    {
      bad: [
        {
          name: 'o4-mini after its 2026-10-23 shutdown; the suggestion is not a model being shut down',
          facts: at(uses('o4-mini')),
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /shut down on 2026-10-23/);
            assert.doesNotMatch(f[0]?.message ?? '', /use (o4-mini|gpt-4\.1-mini|gpt-4o)/);
          },
        },
        {
          name: 'o1-mini: never suggests o4-mini',
          facts: at(uses('o1-mini')),
          expect: (f) => assert.doesNotMatch(f[0]?.message ?? '', /o4-mini/),
        },
        {
          name: 'gpt-3.5-turbo: never suggests gpt-4.1-mini (2027-01-14)',
          facts: at(uses('gpt-3.5-turbo', 'a.js')),
          // an approximate row: a close model, said to be one, and no automatic edit
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /use a current model \(gpt-5\.4-mini is a close one/);
            assert.equal(f[0]?.fix?.edit, undefined);
          },
        },
        { name: 'gpt-4o once 2027-01-14 has come', facts: at(uses('gpt-4o'), new Date('2027-02-01T00:00:00Z')) },
        {
          name: 'the API says a listed model is past its shutdown_date',
          facts: at(uses('gpt-5.5'), NOW, [liveList({ 'gpt-5.5': '2026-11-30' })]),
          expect: (f) => assert.match(f[0]?.message ?? '', /from GET \/v1\/models/),
        },
      ],
      good: [
        { name: 'gpt-4o before 2027-01-14 (model-deprecated says it)', facts: at(uses('gpt-4o')) },
        { name: 'a current model', facts: at(uses('gpt-5.5')) },
        {
          name: 'Azure client: a deployment name',
          facts: at(
            code({
              files: [file('a.py', { models: [{ name: 'o4-mini', line: 5 }] })],
              clients: [client({ file: 'a.py', sdk: 'azure-openai-python', azure: true })],
            }),
          ),
        },
      ],
    },
    it,
  );
});

describe('model-deprecated', () => {
  testCheck(
    deprecated,
    {
      bad: [
        {
          name: 'gpt-4o: date, days left, replacement',
          facts: at(uses('gpt-4o')),
          expect: (f) => {
            assert.equal(f.length, 1);
            assert.match(
              f[0]?.message ?? '',
              /app\.py:7 calls gpt-4o, which OpenAI shuts down on 2027-01-14 \(in 43 days\).*gpt-5\.5/,
            );
            assert.equal(f[0]?.data?.daysLeft, 43);
          },
        },
        {
          name: 'gpt-5 on 2026-12-11 (9 days)',
          facts: at(uses('gpt-5', 'index.js')),
          expect: (f) => assert.match(f[0]?.message ?? '', /2026-12-11 \(in 9 days\)/),
        },
        {
          name: 'o3-2025-04-16 the day before',
          facts: at(uses('o3-2025-04-16'), new Date('2026-12-10T12:00:00Z')),
          expect: (f) => assert.match(f[0]?.message ?? '', /in 1 day\)/),
        },
        {
          name: 'live shutdown_date for a model the table does not know',
          facts: at(uses('gpt-5.5'), NOW, [liveList({ 'gpt-5.5': '2027-06-30' })]),
          expect: (f) => assert.match(f[0]?.message ?? '', /2027-06-30.*GET \/v1\/models/),
        },
      ],
      good: [
        {
          name: 'the live list says no shutdown is announced (the table is only the fallback)',
          facts: at(uses('gpt-4o'), NOW, [liveList({ 'gpt-4o': null })]),
        },
        {
          name: "an Azure endpoint's list is not OpenAI's schedule",
          facts: at(uses('gpt-5.5'), NOW, [liveList({ 'gpt-5.5': '2027-06-30' }, true)]),
        },
        {
          name: 'Azure client',
          facts: at(
            code({
              files: [file('a.py', { models: [{ name: 'gpt-4o', line: 5 }] })],
              clients: [client({ file: 'a.py', sdk: 'azure-openai-python', azure: true })],
            }),
          ),
        },
        {
          name: 'OpenAI client pointed at Azure by OPENAI_BASE_URL',
          facts: facts(
            uses('gpt-4o'),
            [envFile('.env', { OPENAI_BASE_URL: 'https://res.openai.azure.com/openai/v1/' })],
            { now: NOW },
          ),
        },
        {
          name: 'OpenAI client with an Azure base URL literal',
          facts: at(
            code({
              files: [file('a.js', { models: [{ name: 'gpt-4o', line: 5 }] })],
              clients: [
                client({
                  file: 'a.js',
                  options: { baseURL: { kind: 'literal', value: 'https://res.openai.azure.com/openai/v1/' } },
                }),
              ],
            }),
          ),
        },
        { name: 'after the date it is model-retired', facts: at(uses('gpt-4o'), new Date('2027-01-15T00:00:00Z')) },
        { name: 'a current model', facts: at(uses('gpt-5.5')) },
      ],
    },
    it,
  );
});
