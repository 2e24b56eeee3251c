import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractErrors } from '../../src/explain/extract.js';

const NODE_MISSING =
  "OpenAIError: The OPENAI_API_KEY environment variable is missing or empty; either provide it, or instantiate the OpenAI client with an apiKey option, like new OpenAI({ apiKey: 'My API Key' }).\n";

describe('npm dotenv 17 log line next to a missing key', () => {
  const missing = (text: string) =>
    extractErrors(text)
      .flatMap((e) => e.findings)
      .find((f) => f.id === 'key-missing');
  it('injecting env (0): the file was read and set nothing', () => {
    const f = missing(
      `[dotenv@17.2.3] injecting env (0) from .env -- tip: 🔐 prevent committing .env to code\n${NODE_MISSING}`,
    );
    assert.match(
      f?.message ?? '',
      /dotenv 17\.2\.3 logged "injecting env \(0\) from \.env": it read the file but set nothing/,
    );
    assert.deepEqual(f?.data?.dotenvLog, { version: '17.2.3', injected: 0, from: '.env' });
  });
  it('17.4+ style (◇ injected env (0) from ...)', () => {
    assert.match(
      missing(`◇ injected env (0) from .env.local\n${NODE_MISSING}`)?.message ?? '',
      /dotenv 17 logged "injecting env \(0\) from \.env\.local"/,
    );
  });
  it('a count above 0, or no log line: nothing added', () => {
    assert.doesNotMatch(
      missing(`[dotenv@17.2.3] injecting env (3) from .env\n${NODE_MISSING}`)?.message ?? '',
      /logged/,
    );
    assert.doesNotMatch(missing(NODE_MISSING)?.message ?? '', /logged/);
  });
});
