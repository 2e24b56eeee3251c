import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/report.js';
import { format } from '../../src/report/formatters/index.js';
import { SecretSet } from '../../src/keys/mask.js';
import { metaFor } from '../../src/checks/registry.js';

const scanReport = (scan: Record<string, unknown>) =>
  buildReport({ meta: metaFor, command: 'scan', root: '/p', findings: [], notes: [], data: { scan } }, new SecretSet());
const verifyReport = (verify: Record<string, unknown>) =>
  buildReport(
    { meta: metaFor, command: 'verify', root: '/p', findings: [], notes: [], data: { verify } },
    new SecretSet(),
  );

describe("formatters render the commands' lines from report data", () => {
  it("the scan's last line: files, staged lines, history", () => {
    assert.match(
      format(scanReport({ mode: 'tree', stats: { files: 3, bytes: 2_500_000, ms: 40 } }), {
        meta: metaFor,
        format: 'text',
        color: false,
      }),
      /\nScanned 3 files \(2\.5 MB\) in 40 ms\.\n$/,
    );
    assert.match(
      format(
        scanReport({
          mode: 'tree',
          stats: { files: 1, bytes: 10, ms: 5, commits: 7, historyBytes: 3e6, historyMs: 10 },
        }),
        { meta: metaFor, format: 'text', color: false },
      ),
      /Scanned 1 file \(0\.0 MB\), 7 commits \(3\.0 MB of diffs\) in 15 ms\.\n$/,
    );
    assert.match(
      format(scanReport({ mode: 'staged', stats: { files: 2, bytes: 1500, ms: 4 } }), {
        meta: metaFor,
        format: 'text',
        color: false,
      }),
      /Scanned the lines 2 staged files add \(1\.5 KB\) in 4 ms\.\n$/,
    );
    assert.match(
      format(scanReport({ mode: 'staged', stats: { files: 0, bytes: 0, ms: 4 } }), {
        meta: metaFor,
        format: 'text',
        color: false,
      }),
      /Nothing staged adds a line: nothing to scan \(4 ms\)\.\n$/,
    );
    assert.doesNotMatch(
      format(scanReport({ mode: 'tree' }), { meta: metaFor, format: 'text', color: false }),
      /Scanned/,
    );
    assert.doesNotMatch(
      format(scanReport({ mode: 'tree', stats: { files: 3, bytes: 1, ms: 1 } }), {
        meta: metaFor,
        format: 'json',
        color: false,
      }),
      /Scanned 3/,
    );
  });

  it('verify: the key and endpoint asked, then the permission table; none for a key not sent', () => {
    const probes = [
      { name: 'models.list', permission: 'allowed', status: 200, covers: 'list models' },
      { name: 'files.write', permission: 'denied', status: 401, missing: ['api.files.write'], covers: 'upload files' },
      { name: 'batch', permission: 'unknown', status: 429, covers: 'batches' },
    ];
    const text = format(
      verifyReport({
        key: 'sk-...abcd',
        keyType: 'project key',
        source: '$OPENAI_API_KEY',
        endpoint: 'https://api.openai.com/v1/models',
        baseURL: 'https://api.openai.com/v1',
        status: 200,
        requestId: 'req_1',
        organization: 'org-x',
        ms: 12,
        probes,
      }),
      { meta: metaFor, format: 'text', color: false },
    );
    const head = text.split('\n').slice(0, 9);
    assert.deepEqual(head, [
      'Verified sk-...abcd (project key) from $OPENAI_API_KEY',
      '  against https://api.openai.com/v1/models: HTTP 200 (request id req_1)',
      '  organization org-x, project ?',
      '',
      'What this key may do (3 no-cost probes, 12 ms in all)',
      '  ✓ models.list  200  list models',
      '  ✗ files.write  401  missing api.files.write',
      '  ? batch        429  batches: authorized, but refused for quota or rate limit',
      '',
    ]);
    const md = format(verifyReport({ key: 'sk-...abcd', source: 's', endpoint: 'https://e/v1/models', probes }), {
      meta: metaFor,
      format: 'markdown',
      color: false,
    });
    assert.match(md, /## What this key may do\n\nVerified sk-\.\.\.abcd from s against https:\/\/e\/v1\/models\.\n/);
    assert.match(md, /\| files\.write \| denied \| 401 \| missing api\.files\.write \|/);
    // no request made: the settings' base URL is named
    assert.match(
      format(verifyReport({ key: 'k', source: 's', endpoint: '', baseURL: 'https://gw.example/v1' }), {
        meta: metaFor,
        format: 'text',
        color: false,
      }),
      /^Verified k from s\n {2}against https:\/\/gw\.example\/v1\n\n/,
    );
    const skipped = format(verifyReport({ key: 'k', source: 's', skipped: 'the key is a placeholder' }), {
      meta: metaFor,
      format: 'text',
      color: false,
    });
    assert.doesNotMatch(skipped, /Verified/);
    assert.doesNotMatch(
      format(verifyReport({ key: 'k', source: 's', skipped: 'x', probes }), {
        meta: metaFor,
        format: 'markdown',
        color: false,
      }),
      /What this key may do/,
    );
  });
});
