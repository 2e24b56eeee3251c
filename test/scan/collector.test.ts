import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runDiagnosis, secretsOf } from '../../src/pipeline/diagnose.js';
import { scanCollector } from '../../src/scan/collector.js';
import { checks } from '../../src/checks/exposure/index.js';
import { buildReport } from '../../src/report/report.js';
import { tempProject } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';
import { metaFor } from '../../src/checks/registry.js';

describe('scan collector (the doctor)', () => {
  it('fills facts.scan, registers every secret, and the checks report masked findings', async () => {
    const key = openaiKey('proj', 'collector');
    const old = openaiKey('legacy', 'collector-old');
    const p = tempProject({ 'src/a.ts': `export const k = '${old}';\n` }, {}, { git: true });
    try {
      writeFileSync(join(p.root, 'src/a.ts'), `export const k = '${key}';\n`);
      execFileSync('git', ['commit', '-qam', 'swap'], {
        cwd: p.root,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'T',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 'T',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
      const d = await runDiagnosis({
        root: p.root,
        home: p.home,
        env: {},
        offline: true,
        history: true,
        collectors: [scanCollector],
        checks,
      });
      assert.deepEqual(
        d.facts.scan?.hits.map((h) => h.secret === key),
        [true],
      );
      assert.equal(d.facts.scan?.historyHits?.length, 2);
      const s = secretsOf(d.facts);
      assert.ok(s.has(key) && s.has(old));
      assert.deepEqual(d.findings.map((f) => f.id).sort(), [
        'key-hardcoded',
        'key-in-git-history',
        'key-in-git-history',
      ]);
      const text = JSON.stringify(buildReport({ meta: metaFor, command: 'doctor', findings: d.findings }, d.secrets));
      assert.ok(!text.includes(key) && !text.includes(old));
    } finally {
      p.cleanup();
    }
  });
  it('without --history, no history scan', async () => {
    const p = tempProject({ 'a.py': 'print(1)\n' }, {}, { git: true });
    try {
      const d = await runDiagnosis({
        root: p.root,
        home: p.home,
        env: {},
        offline: true,
        collectors: [scanCollector],
        checks,
      });
      assert.equal(d.facts.scan?.historyHits, undefined);
      assert.deepEqual(d.findings, []);
    } finally {
      p.cleanup();
    }
  });
});
