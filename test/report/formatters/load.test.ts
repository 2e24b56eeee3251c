/** loadFormatter (one format's module alone, for the scan) prints what format() prints, format by format. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../../src/report/report.js';
import { format, type Format } from '../../../src/report/formatters/index.js';
import { loadFormatter } from '../../../src/report/formatters/load.js';
import { SecretSet } from '../../../src/keys/mask.js';
import { metaFor } from '../../../src/checks/registry.js';

describe('loadFormatter', () => {
  const report = buildReport(
    {
      meta: metaFor,
      command: 'scan',
      root: '/p',
      findings: [
        {
          id: 'key-hardcoded',
          message: 'A key is written in source code: src/app.py:3.',
          location: { path: 'src/app.py', line: 3, column: 7 },
          fix: { summary: 'Rotate it, then read it from the environment.' },
          data: { fingerprint: '0123456789abcdef0123456789abcdef', kind: 'openai-project' },
        },
      ],
      notes: [{ kind: 'info', message: 'one note' }],
      checks: { run: 6, failedIds: new Set(['key-hardcoded']) },
      data: { scan: { mode: 'tree', stats: { files: 3, bytes: 100, ms: 4 } } },
    },
    new SecretSet(),
  );
  for (const f of ['text', 'json', 'markdown', 'sarif', 'html'] as Format[]) {
    it(f, async () => {
      const opts = { format: f, meta: metaFor, color: false, verbose: false };
      const formatter = await loadFormatter(f);
      assert.equal(formatter(report, opts), format(report, opts));
    });
  }
});
