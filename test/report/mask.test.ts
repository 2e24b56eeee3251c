import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SecretSet, maskSecret, maskLoose, showValue } from '../../src/keys/mask.js';
import { buildReport } from '../../src/report/report.js';
import { format } from '../../src/report/formatters/index.js';
import { AREA_TITLES, type FindingDraft, type Target } from '../../src/core/types.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';
import { metaFor } from '../../src/checks/registry.js';

const keys = [
  openaiKey('proj'),
  openaiKey('legacy'),
  openaiKey('svcacct'),
  openaiKey('admin'),
  openaiKey('proj56'),
  openaiKey('none56'),
  foreignKey('anthropic'),
  foreignKey('openrouter'),
  foreignKey('groq'),
  foreignKey('google'),
  foreignKey('xai'),
  foreignKey('azure84'),
];
const azure = foreignKey('azure');

describe('masking', () => {
  it('keeps the first 8 and last 4 of a real-length key', () => {
    const k = openaiKey('proj');
    const m = maskSecret(k);
    assert.equal(m, `${k.slice(0, 8)}…${k.slice(-4)}`);
  });
  it('never shows most of a short value', () => {
    assert.equal(maskSecret('abcdefghijklmn'), 'abc…mn');
    assert.equal(maskSecret('abcdef'), 'a…');
  });
  it('shows invisible characters as escapes', () => {
    const k = openaiKey('proj') + '\n';
    assert.ok(maskSecret(k).endsWith('\\n'));
  });
  it('shows placeholders as they are', () => {
    assert.equal(showValue('sk-your-key-here'), 'sk-your-key-here');
  });
  it('the pattern net masks unregistered key-shaped strings', () => {
    for (const k of keys) assert.ok(!maskLoose(`error: ${k} failed`).includes(k), k.slice(0, 8));
  });

  it("a URL's password is masked everywhere when it is key-shaped, as a word elsewhere when not", () => {
    // a password as generators make them (fixed by its seed: about 7% of 24-character random strings have
    // too few digits or case changes to be taken for one in a path, and the test would fail that often)
    const random = createHash('sha256').update('url-password').digest('base64url').slice(0, 24);
    const s = new SecretSet();
    s.add(`postgres://app:${random}@db/x`);
    s.add('mysql://app:reworkd_platform@db/x');
    // In a path field (strong filters only): the random one is masked, the word stays.
    assert.ok(!s.maskText(`data/${random}/x.py`, { path: true }).includes(random));
    assert.equal(s.maskText('platform/reworkd_platform/main.py', { path: true }), 'platform/reworkd_platform/main.py');
    // In text both are masked.
    assert.ok(!s.maskText(`the password is ${random}`).includes(random));
    assert.ok(!s.maskText('the password is reworkd_platform').includes('reworkd_platform'));
  });
  it('no formatter prints a full key, whatever the finding carries', () => {
    const secrets = new SecretSet();
    for (const k of [...keys, azure]) secrets.add(k);
    const findings: FindingDraft[] = [...keys, azure].flatMap((k, i) => [
      {
        id: 'key-conflict',
        message: `value ${k} wins over ${k.trim()}`,
        location: { path: `.env`, line: i + 1 },
        fix: {
          summary: `replace ${k}`,
          command: `export OPENAI_API_KEY=${k}`,
          edit: { path: '.env', before: k, after: '' },
        },
        data: { value: k, nested: [{ k }], [k]: 1 },
      },
    ]);
    const target: Target = {
      id: 'shell',
      kind: 'shell',
      label: 'this shell',
      keyVar: 'OPENAI_API_KEY',
      vars: {
        OPENAI_API_KEY: {
          name: 'OPENAI_API_KEY',
          value: azure,
          winner: { name: 'OPENAI_API_KEY', value: azure, kind: 'process-env' },
          chain: keys.map((k) => ({
            assignment: { name: 'OPENAI_API_KEY', value: k, kind: 'dotenv', raw: `"${k}"` },
            status: 'lost' as const,
            reason: k,
          })),
        },
      },
    };
    const report = buildReport(
      {
        meta: metaFor,
        command: 'doctor',
        findings,
        targets: [target],
        notes: [{ kind: 'info', message: `saw ${azure}` }],
        data: { raw: keys },
      },
      secrets,
    );
    for (const fmt of ['text', 'json', 'markdown'] as const) {
      for (const color of [false, true]) {
        const out = format(report, { meta: metaFor, format: fmt, color, targets: true, verbose: true });
        for (const k of [...keys, azure]) assert.ok(!out.includes(k), `${fmt} shows ${k.slice(0, 10)}`);
        assert.ok(out.length > 0);
      }
    }
  });
});

describe('masking never damages the report (paths, ids, areas, own words)', () => {
  const pw = 'my_platform';
  const secrets = new SecretSet();
  secrets.add(pw); // DATABASE_PASSWORD=my_platform: a credential by its name only
  // The same password inside a database URL (DATABASE_URL=mysql://${USER}:${PASSWORD}@… expanded):
  // it is not key-shaped, so it is masked as the password is, not inside paths and ids.
  secrets.add(`mysql://my_platform:${pw}@db:3306/my_platform`);
  const key = openaiKey('proj', 'report');
  secrets.add(key, true);
  const commit = 'c0ffee1234567890abcdef1234567890abcdef12';
  const target: Target = {
    id: 'python:my_platform/main.py',
    kind: 'python',
    label: 'python my_platform/main.py',
    keyVar: 'OPENAI_API_KEY',
    location: { path: 'my_platform/main.py', line: 1 },
    loads: ['my_platform/.env'],
    vars: {
      OPENAI_API_KEY: {
        name: 'OPENAI_API_KEY',
        value: key,
        winner: { name: 'OPENAI_API_KEY', value: key, kind: 'dotenv', location: { path: 'my_platform/.env', line: 1 } },
        chain: [],
      },
      OPENAI_BASE_URL: {
        name: 'OPENAI_BASE_URL',
        value: 'https://proxy.example.com/v1',
        winner: {
          name: 'OPENAI_BASE_URL',
          value: 'https://proxy.example.com/v1',
          kind: 'dotenv',
          location: { path: 'my_platform/.env', line: 3 },
        },
        chain: [],
      },
      OPENAI_PROJECT_ID: {
        name: 'OPENAI_PROJECT_ID',
        value: azure,
        winner: {
          name: 'OPENAI_PROJECT_ID',
          value: azure,
          kind: 'dotenv',
          location: { path: 'my_platform/.env', line: 4 },
        },
        chain: [],
      },
    },
  };
  const findings: FindingDraft[] = [
    {
      id: 'key-placeholder',
      message: `my_platform/main.py loads my_platform/.env, where DATABASE_PASSWORD=${pw} and the key ${key} sit; ${pw} is the password.`,
      location: { path: 'my_platform/.env', line: 1 },
      target: target.id,
      related: [{ path: 'my_platform/main.py', line: 2, note: `reads my_platform/.env` }],
      fix: { summary: 'Edit my_platform/.env.', edit: { path: 'my_platform/.env', before: pw, after: '' } },
      data: { variable: 'DATABASE_PASSWORD', targets: [target.id], source: 'my_platform/.env:2' },
    },
    {
      id: 'key-in-git-history',
      message: `A key was committed in ${commit} (${pw}) to my_platform/app.py:3.`,
      location: { path: 'my_platform/app.py', line: 3 },
      data: { commit, author: 'my_platform', fingerprint: '995b69bb301caf2a7e1ebe0154888b14' },
    },
    {
      id: 'project-id-invalid',
      message: `OPENAI_PROJECT_ID is "${azure}", which is a name, not a project id.`,
      location: { path: 'my_platform/.env', line: 4 },
    },
  ];
  const report = buildReport(
    {
      meta: metaFor,
      command: 'doctor',
      root: '/home/u/my_platform',
      findings,
      targets: [target],
      notes: [{ kind: 'info', path: 'my_platform/notes.txt', message: 'my_platform/notes.txt is not read' }],
    },
    secrets,
  );

  it('locations, targets, areas, ids and the root stay whole', () => {
    for (const f of report.findings) {
      assert.ok(f.location?.path.startsWith('my_platform/'), f.location?.path);
      assert.ok(!/…/.test(`${f.id} ${f.area} ${f.severity} ${f.title ?? ''} ${f.docs ?? ''}`));
    }
    assert.equal(report.root, '/home/u/my_platform');
    assert.equal(report.findings[0]?.target, 'python:my_platform/main.py');
    assert.deepEqual(report.findings[0]?.data?.targets, ['python:my_platform/main.py']);
    assert.equal(report.findings[0]?.related?.[0]?.path, 'my_platform/main.py');
    assert.equal(report.findings[0]?.fix?.edit?.path, 'my_platform/.env');
    assert.equal(report.notes[0]?.path, 'my_platform/notes.txt');
    const t = report.targets[0];
    assert.equal(t?.id, 'python:my_platform/main.py');
    assert.equal(t?.label, 'python my_platform/main.py');
    assert.deepEqual(t?.loads, ['my_platform/.env']);
    assert.equal(t?.vars.find((v) => v.name === 'OPENAI_API_KEY')?.from, 'my_platform/.env:1');
    for (const a of report.summary.areas) assert.ok(Object.hasOwn(AREA_TITLES, a.area), a.area);
    const text = format(report, { meta: metaFor, format: 'text', color: false, targets: true, verbose: true });
    assert.ok(!text.includes('undefined'), text);
  });
  it('paths inside messages stay whole; the password itself is masked', () => {
    const m = report.findings.find((f) => f.id === 'key-placeholder')?.message ?? '';
    assert.ok(
      m.startsWith('my_platform/main.py loads my_platform/.env, where DATABASE_PASSWORD=m… and the key sk-proj-'),
      m,
    );
    assert.ok(m.endsWith('; m… is the password.'), m);
    assert.equal(report.findings[0]?.related?.[0]?.note, 'reads my_platform/.env');
    assert.equal(report.findings[0]?.fix?.summary, 'Edit my_platform/.env.');
    assert.equal(report.notes[0]?.message, 'my_platform/notes.txt is not read');
  });
  it('non-secret values are shown; credentials by name or shape are masked', () => {
    const vars = report.targets[0]?.vars ?? [];
    assert.equal(vars.find((v) => v.name === 'OPENAI_BASE_URL')?.value, 'https://proxy.example.com/v1');
    assert.ok(!vars.find((v) => v.name === 'OPENAI_PROJECT_ID')?.value?.includes(azure));
    assert.ok(!JSON.stringify(report).includes(azure));
    assert.ok(!JSON.stringify(report).includes(key));
  });
  it('commit hashes and fingerprints (ids) stay whole; an Azure key in a message does not', () => {
    const h = report.findings.find((f) => f.id === 'key-in-git-history');
    assert.equal(h?.data?.commit, commit);
    assert.equal(h?.data?.fingerprint, '995b69bb301caf2a7e1ebe0154888b14');
    assert.ok(h?.message.includes(commit), h?.message);
    assert.ok(h?.message.includes('my_platform/app.py:3'));
  });
  it('control characters (a git author name with escape sequences) are shown as escapes', () => {
    const r = buildReport(
      {
        meta: metaFor,
        command: 'scan',
        findings: [
          {
            id: 'key-in-git-history',
            message: 'by \u001b[2J\u001b[31mEvil\u202e',
            data: { author: '\u001b]0;pwned\u0007' },
          },
        ],
      },
      new SecretSet(),
    );
    const out = format(r, { meta: metaFor, format: 'text', color: false });
    assert.ok(!/[\u001b\u0007\u202e]/.test(out), JSON.stringify(out));
    assert.ok(out.includes('\\u001b[2J'));
  });
});
