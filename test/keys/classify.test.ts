import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCredential, isPlaceholder, isOpenAIKind } from '../../src/keys/classify.js';
import { openaiKey, foreignKey, MARK } from '../helpers/keys.js';

describe('classifyCredential', () => {
  const openai: Array<[Parameters<typeof openaiKey>[0], string]> = [
    ['proj', 'openai-project'],
    ['proj56', 'openai-project-short'],
    ['legacy', 'openai-legacy'],
    ['svcacct', 'openai-svcacct'],
    ['admin', 'openai-admin'],
    ['none56', 'openai-none'],
    ['named', 'openai-service-named'],
  ];
  for (const [kind, expected] of openai) {
    it(`knows ${kind} keys`, () => {
      for (const seed of ['a', 'b', 'c']) {
        const c = classifyCredential(openaiKey(kind, seed));
        assert.equal(c.kind, expected);
        assert.ok(isOpenAIKind(c.kind));
      }
    });
  }
  it('calls truncated keys malformed', () => {
    const k = openaiKey('proj');
    assert.equal(classifyCredential(k.slice(0, 120)).kind, 'openai-malformed');
    assert.equal(classifyCredential(k.slice(0, 60)).kind, 'openai-malformed');
    assert.match(classifyCredential(k.slice(0, 120)).problem ?? '', /length|marker/);
    assert.equal(classifyCredential(openaiKey('legacy').slice(0, 45)).kind, 'openai-malformed');
    assert.equal(classifyCredential(openaiKey('legacy') + 'x').kind, 'openai-malformed');
    assert.equal(classifyCredential(`sk-${'a'.repeat(20)}${MARK}${'b'.repeat(20)}!`).kind, 'openai-malformed');
  });
  it("a key of a whole key's length without the marker is made up, not cut off: the message says so", () => {
    const made = `sk-proj-${'aB3'.repeat(16)}`; // 56 characters, the length of a 2024 project key
    const c = classifyCredential(made);
    assert.equal(c.kind, 'openai-malformed');
    assert.match(c.problem ?? '', /its length, 56, is that of one/);
    assert.doesNotMatch(c.problem ?? '', /expected 164/);
    assert.match(classifyCredential(`sk-proj-${'aB3'.repeat(10)}`).problem ?? '', /expected 164/);
  });
  const foreign: Array<[Parameters<typeof foreignKey>[0], string]> = [
    ['anthropic', 'anthropic'],
    ['openrouter', 'openrouter'],
    ['groq', 'groq'],
    ['google', 'google'],
    ['xai', 'xai'],
    ['azure', 'azure-hex32'],
    ['azure84', 'azure-cask'],
    ['deepseek', 'deepseek-style'],
    ['litellm', 'litellm-virtual'],
    ['huggingface', 'huggingface'],
  ];
  for (const [kind, expected] of foreign) {
    it(`names ${kind} keys`, () => {
      const c = classifyCredential(foreignKey(kind));
      assert.equal(c.kind, expected);
      assert.ok(!isOpenAIKind(c.kind));
    });
  }
  it('knows placeholders', () => {
    for (const p of [
      'sk-your-key-here',
      'YOUR_OPENAI_API_KEY',
      '<api-key>',
      'sk-...',
      'changeme',
      'sk-1234',
      'sk-xxxxxxxxxxxxxxxx',
      'your_api_key_here',
      'sk-your-openai-api-key-here',
      '${OPENAI_API_KEY}',
      'OPENAI_API_KEY',
      'sk-proj-...',
      'undefined',
      'None',
      '<your key>',
      'sk-********',
      'replace-me',
      ['sk', 'ant-api03-1234567890abcdefghijklmnopqrstuvwxyz'].join('-'),
    ]) {
      assert.equal(classifyCredential(p).kind, 'placeholder', p);
      assert.ok(isPlaceholder(p), p);
    }
  });
  it('does not call real keys placeholders', () => {
    for (const k of [openaiKey('proj', 'here'), openaiKey('legacy', 'your'), foreignKey('azure')])
      assert.ok(!isPlaceholder(k));
  });
  it('handles empty and odd values', () => {
    assert.equal(classifyCredential('').kind, 'empty');
    assert.equal(classifyCredential('https://example.openai.azure.com/').kind, 'url');
    assert.equal(classifyCredential('hello world').kind, 'unknown');
  });
});
