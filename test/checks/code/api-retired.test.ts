import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/code/api-retired.js';
import { testCheck } from '../../helpers/check-tester.js';
import { client, code, facts, file } from './facts.js';

const AFTER = new Date('2026-12-02T10:00:00Z');
const BEFORE = new Date('2026-08-25T10:00:00Z');
const calls = (f: string, lines: number[], over: Parameters<typeof client>[0] = {}) =>
  code({
    files: [file(f, { signals: lines.map((line) => ({ kind: 'retired-api', line, detail: 'assistants' })) })],
    clients: [client({ file: f, ...over })],
  });

describe('api-retired', () => {
  testCheck(
    check,
    {
      bad: [
        {
          name: 'beta.threads calls after 2026-08-26',
          facts: facts(calls('index.js', [7, 9]), [], { now: AFTER }),
          count: 1,
        },
        {
          name: 'openai-python beta.assistants',
          facts: facts(calls('app.py', [3], { language: 'python', sdk: 'openai-python' }), [], { now: AFTER }),
        },
      ],
      good: [
        { name: 'before the shutdown date', facts: facts(calls('index.js', [7]), [], { now: BEFORE }) },
        {
          name: 'an Azure client (Azure has its own schedule)',
          facts: facts(calls('index.js', [7], { sdk: 'azure-openai-node', azure: true }), [], { now: AFTER }),
        },
        {
          name: 'a client whose base URL is a local server',
          facts: facts(
            calls('index.js', [7], { options: { baseURL: { kind: 'literal', value: 'http://localhost:8080/v1' } } }),
            [],
            {
              now: AFTER,
            },
          ),
        },
        {
          name: 'no client sends it',
          facts: facts(
            code({ files: [file('x.js', { signals: [{ kind: 'retired-api', line: 1, detail: 'assistants' }] })] }),
            [],
            { now: AFTER },
          ),
        },
      ],
    },
    it,
  );
  it('one finding for the files of the app, naming the lines and the other files', () => {
    const c = code({
      files: [
        file('a.js', {
          signals: [
            { kind: 'retired-api', line: 4, detail: 'assistants' },
            { kind: 'retired-api', line: 8, detail: 'assistants' },
          ],
        }),
        file('b.js', { signals: [{ kind: 'retired-api', line: 2, detail: 'assistants' }] }),
      ],
      clients: [client({ file: 'a.js' }), client({ file: 'b.js' })],
    });
    const out = check.run({ facts: facts(c, [], { now: AFTER }), targets: [] });
    assert.equal(out.length, 1);
    assert.match(
      out[0]?.message ?? '',
      /^a\.js:4 \(also line 8\) calls the Assistants API, which OpenAI shut down on 2026-08-26/,
    );
    assert.match(out[0]?.message ?? '', /So does b\.js:2\./);
    assert.deepEqual(
      out[0]?.related?.map((r) => r.path),
      ['b.js'],
    );
  });
});
