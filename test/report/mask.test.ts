import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SecretSet, maskSecret, maskLoose, showValue } from '../../src/keys/mask.js';
import { buildReport } from '../../src/report/report.js';
import { format } from '../../src/report/formatters/index.js';
import type { FindingDraft, Target } from '../../src/core/types.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';

const keys = [openaiKey('proj'), openaiKey('legacy'), openaiKey('svcacct'), openaiKey('admin'), openaiKey('proj56'), openaiKey('none56'), foreignKey('anthropic'), foreignKey('openrouter'), foreignKey('groq'), foreignKey('google'), foreignKey('xai'), foreignKey('azure84')];
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

  it('no formatter prints a full key, whatever the finding carries', () => {
    const secrets = new SecretSet();
    for (const k of [...keys, azure]) secrets.add(k);
    const findings: FindingDraft[] = [...keys, azure].flatMap((k, i) => [
      { id: 'key-conflict', message: `value ${k} wins over ${k.trim()}`, location: { path: `.env`, line: i + 1 }, fix: { summary: `replace ${k}`, command: `export OPENAI_API_KEY=${k}`, edit: { path: '.env', before: k, after: '' } }, data: { value: k, nested: [{ k }], [k]: 1 } },
    ]);
    const target: Target = {
      id: 'shell', kind: 'shell', label: 'this shell', keyVar: 'OPENAI_API_KEY',
      vars: { OPENAI_API_KEY: { name: 'OPENAI_API_KEY', value: azure, winner: { name: 'OPENAI_API_KEY', value: azure, kind: 'process-env' }, chain: keys.map((k) => ({ assignment: { name: 'OPENAI_API_KEY', value: k, kind: 'dotenv', raw: `"${k}"` }, status: 'lost' as const, reason: k })) } },
    };
    const report = buildReport({ command: 'doctor', findings, targets: [target], notes: [{ kind: 'info', message: `saw ${azure}` }], data: { raw: keys } }, secrets);
    for (const fmt of ['text', 'json', 'markdown'] as const) {
      for (const color of [false, true]) {
        const out = format(report, { format: fmt, color, targets: true, verbose: true });
        for (const k of [...keys, azure]) assert.ok(!out.includes(k), `${fmt} shows ${k.slice(0, 10)}`);
        assert.ok(out.length > 0);
      }
    }
  });
});
