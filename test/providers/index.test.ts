import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptsKeyFrom,
  endpointOf,
  isLocalHost,
  isLoopbackHost,
  KEY_ANCHORS,
  KEY_FORMATS,
  PROVIDERS,
  provider,
  providerOfHost,
  providerOfKeyVar,
} from '../../src/providers/index.js';
import { classifyCredential } from '../../src/keys/classify.js';
import { maskLoose } from '../../src/keys/mask.js';
import { detect } from '../../src/scan/detect.js';
import { foreignKey, type ForeignKind } from '../helpers/keys.js';

const SAMPLES: Array<[ForeignKind, string, string]> = [
  ['anthropic', 'anthropic', 'anthropic'],
  ['openrouter', 'openrouter', 'openrouter'],
  ['groq', 'groq', 'groq'],
  ['google', 'google', 'google'],
  ['xai', 'xai', 'xai'],
  ['huggingface', 'huggingface', 'huggingface'],
  ['perplexity', 'perplexity', 'perplexity'],
  ['cerebras', 'cerebras', 'cerebras'],
  ['nvidia', 'nvidia', 'nvidia'],
  ['together', 'together', 'together'],
  ['fireworks', 'fireworks', 'fireworks'],
  ['vercel-gateway', 'vercel-gateway', 'vercel-gateway'],
  ['deepseek', 'deepseek-style', 'deepseek'],
  ['azure', 'azure-hex32', 'azure'],
  ['azure84', 'azure-cask', 'azure'],
  ['litellm', 'litellm-virtual', 'litellm'],
];

describe('provider table', () => {
  it('every provider id is unique and every key format belongs to one', () => {
    assert.equal(new Set(PROVIDERS.map((p) => p.id)).size, PROVIDERS.length);
    for (const f of KEY_FORMATS) assert.ok(PROVIDERS.some((p) => p.id === f.provider));
  });

  for (const [sample, kind, issuer] of SAMPLES) {
    it(`classifies a ${sample} key as ${kind} issued by ${issuer}`, () => {
      const c = classifyCredential(foreignKey(sample));
      assert.equal(c.kind, kind);
      assert.equal(c.provider, issuer);
    });
  }

  it('every findable shape is masked in running text and every anchored one is found by the scanner', () => {
    for (const [sample] of SAMPLES) {
      const key = foreignKey(sample, 'scan');
      const f = KEY_FORMATS.find((k) => k.exact.test(key));
      assert.ok(f, sample);
      if (f.find) assert.ok(!maskLoose(`token: ${key} end`).includes(key), `${sample} not masked`);
      if (f.anchor) {
        const hits = detect(Buffer.from(`const key = "${key}";\n`), { context: 'source' }).hits;
        assert.deepEqual(
          hits.map((h) => h.secret),
          [key],
          `${sample} not found by the scanner`,
        );
      }
    }
  });

  it('a short literal that merely starts like a key is not a key', () => {
    for (const a of KEY_ANCHORS) {
      const hits = detect(Buffer.from(`x = "${a.text}version_table"\n`), { context: 'source' }).hits;
      assert.equal(hits.length, 0, a.text);
    }
  });

  it('names the provider of hosts, subdomains and regional hosts', () => {
    assert.equal(providerOfHost('api.openai.com')?.id, 'openai');
    assert.equal(providerOfHost('eu.api.openai.com')?.id, 'openai');
    assert.equal(providerOfHost('openrouter.ai')?.id, 'openrouter');
    assert.equal(providerOfHost('myres.openai.azure.com')?.id, 'azure');
    assert.equal(providerOfHost('myres.services.ai.azure.com')?.id, 'azure');
    assert.equal(providerOfHost('api.groq.com')?.id, 'groq');
    assert.equal(providerOfHost('dashscope-intl.aliyuncs.com')?.id, 'dashscope');
    assert.equal(providerOfHost('ai-gateway.vercel.sh')?.id, 'vercel-gateway');
    assert.equal(providerOfHost('localhost')?.id, 'local');
    assert.equal(providerOfHost('ollama')?.id, 'local');
    assert.equal(providerOfHost('192.168.1.20')?.id, 'local');
    assert.equal(providerOfHost('proxy.example.com'), undefined);
    assert.equal(providerOfHost('notopenai.com'), undefined);
    assert.equal(providerOfHost('api.openai.com.evil.example'), undefined);
  });

  it('parses endpoints and refuses what is not http(s)', () => {
    assert.equal(endpointOf('https://openrouter.ai/api/v1')?.provider?.id, 'openrouter');
    assert.equal(endpointOf('http://localhost:11434/v1')?.provider?.id, 'local');
    assert.equal(endpointOf('data:text/plain,hi'), undefined);
    assert.equal(endpointOf('not a url'), undefined);
    assert.equal(endpointOf('https://gateway.example.com/v1')?.provider, undefined);
  });

  it('tells loopback from the local network', () => {
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('192.168.0.2'));
    assert.ok(isLocalHost('host.docker.internal') && isLocalHost('vllm') && !isLocalHost('api.openai.com'));
  });

  it('knows the usual key variable of each provider', () => {
    assert.equal(providerOfKeyVar('OPENROUTER_API_KEY')?.id, 'openrouter');
    assert.equal(providerOfKeyVar('DASHSCOPE_API_KEY')?.id, 'dashscope');
    assert.equal(providerOfKeyVar('AZURE_OPENAI_API_KEY')?.id, 'azure');
    assert.equal(providerOfKeyVar('MISTRAL_API_KEY')?.id, 'mistral');
    assert.equal(providerOfKeyVar('OPENAI_API_KEY')?.id, 'openai');
    assert.equal(providerOfKeyVar('MY_SERVICE_KEY'), undefined);
  });

  it('says which keys an endpoint accepts', () => {
    assert.ok(acceptsKeyFrom(provider('openai'), 'openai'));
    assert.ok(!acceptsKeyFrom(provider('openrouter'), 'openai'));
    assert.ok(!acceptsKeyFrom(provider('openai'), 'anthropic'));
    assert.ok(acceptsKeyFrom(provider('local'), 'openai'));
    assert.ok(acceptsKeyFrom(provider('dashscope'), 'deepseek', 'deepseek-style'));
    assert.ok(!acceptsKeyFrom(provider('groq'), 'deepseek', 'deepseek-style'));
    assert.ok(acceptsKeyFrom(provider('azure'), 'jwt'));
    assert.ok(!acceptsKeyFrom(provider('azure'), 'openai'));
  });
});
