import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/scan/detect.js';
import { contextOf } from '../../src/scan/paths.js';
import { openaiKey, foreignKey } from '../helpers/keys.js';
import { scanContent } from '../../src/scan/read.js';
import { FOREIGN_KINDS, OPENAI_KINDS, SYNTAXES, falsePositives, noneLongKey, perplexityKey } from './corpus.js';

const find = (text: string, file = 'x.txt') => detect(Buffer.from(text), { context: contextOf(file) }).hits;

describe('detect: true positives (every key format in every syntax)', () => {
  const keys: Array<[string, string, string]> = [
    ...OPENAI_KINDS.map((k): [string, string, string] => [k, openaiKey(k, `tp-${k}`), 'openai']),
    ['none-long', noneLongKey('tp'), 'openai'],
    ...FOREIGN_KINDS.map((k): [string, string, string] => [k, foreignKey(k, `tp-${k}`), k]),
    ['perplexity', perplexityKey('tp'), 'perplexity'],
  ];
  let cases = 0;
  for (const [kind, key, provider] of keys) {
    for (const syn of SYNTAXES) {
      if (syn.openaiOnly && provider !== 'openai') continue;
      cases++;
      it(`${kind} in ${syn.name}`, () => {
        const hits = find(syn.render(key), syn.file);
        const mine = hits.filter((h) => h.secret === key);
        assert.equal(
          mine.length,
          1,
          `expected the ${kind} key once in ${syn.file}, got ${hits.map((h) => h.kind).join(',') || 'nothing'}`,
        );
        const h = mine[0];
        assert.ok(h);
        assert.equal(h.provider, provider);
        assert.equal(h.encoding === 'base64', syn.base64 === true, `encoding ${h.encoding}`);
        assert.ok(h.line >= 1 && h.column >= 1);
        if (syn.file.endsWith('.ipynb') && syn.name === 'notebook') assert.equal(h.cell, 2);
        assert.equal(hits.length, 1, `no other hit expected, got ${hits.map((x) => x.kind).join(',')}`);
      });
    }
  }
  it('the corpus is large enough to mean something', () => assert.ok(cases >= 200, String(cases)));

  it('reports the line, column and assigned name', () => {
    const key = openaiKey('proj', 'pos');
    const [h] = find(`a = 1\nb = 2\nOPENAI_API_KEY = "${key}"\n`, 'app.py');
    assert.equal(h?.line, 3);
    assert.equal(h?.column, 'OPENAI_API_KEY = "'.length + 1);
    assert.equal(h?.name, 'OPENAI_API_KEY');
  });

  it('names public-prefixed variables in env files and code', () => {
    const key = openaiKey('proj56', 'pub');
    assert.equal(find(`NEXT_PUBLIC_OPENAI_API_KEY=${key}\n`, '.env.local')[0]?.name, 'NEXT_PUBLIC_OPENAI_API_KEY');
    assert.equal(
      find(`const k = import.meta.env.VITE_OPENAI_KEY ?? "${key}";\n`, 'src/a.ts')[0]?.name,
      'VITE_OPENAI_KEY',
    );
  });

  it('finds several keys in one minified line, each with its column', () => {
    const a = openaiKey('proj', 'm1');
    const b = openaiKey('legacy', 'm2');
    const hits = find(`var x="${a}",y='${b}';`, 'dist/app.js');
    assert.deepEqual(
      hits.map((h) => h.secret),
      [a, b],
    );
    assert.equal(hits[1]?.column, `var x="${a}",y='`.length + 1);
  });

  it('finds a key after a JSON \\n escape (notebook sources joined into one string)', () => {
    const key = openaiKey('legacy', 'esc');
    const hits = find(JSON.stringify({ cells: [{ source: `import os\n${key}\n` }] }), 'n.ipynb');
    assert.deepEqual(
      hits.map((h) => h.secret),
      [key],
    );
  });
});

describe('detect: Azure keys only near Azure context', () => {
  const hex = foreignKey('azure', 'az1');
  const cask = foreignKey('azure84', 'az2');
  it('32 hex after AZURE_OPENAI_API_KEY', () => {
    const hits = find(`AZURE_OPENAI_ENDPOINT=https://me.openai.azure.com\nAZURE_OPENAI_API_KEY=${hex}\n`, '.env');
    assert.deepEqual(
      hits.map((h) => [h.kind, h.secret]),
      [['azure-hex32', hex]],
    );
  });
  it('32 hex in an api-key header', () => {
    assert.equal(
      find(`curl -H "api-key: ${hex}" https://x.example/openai/deployments\n`, 'run.sh')[0]?.kind,
      'azure-hex32',
    );
  });
  it('84-character key near azure words', () => {
    assert.equal(find(`azure:\n  key: ${cask}\n`, 'c.yaml')[0]?.kind, 'azure-cask');
  });
  it('no Azure context, no Azure key', () => {
    assert.deepEqual(find(`token = "${hex}"\n`, 'a.py'), []);
    assert.deepEqual(find(`key: ${cask}\n`, 'c.yaml'), []);
  });
  it('a hash next to an Azure word is still a hash', () => {
    assert.deepEqual(find(`# azure deployment\nchecksum_md5 = "${hex}"\n`, 'a.py'), []);
  });
  it('an encryption IV or key, a signing or session secret named as one, next to OPENAI_API_KEY, is not an Azure key', () => {
    for (const line of [
      `CREDS_IV=${hex}`,
      `ENCRYPTION_KEY=${hex}`,
      `JWT_SECRET=${hex}`,
      `session_secret = "${hex}"`,
      `aesKey: '${hex}',`,
    ])
      assert.deepEqual(
        find(`# Credential encryption\n${line}\n\nOPENAI_API_KEY=your-api-key\n`, '.env.example'),
        [],
        line,
      );
    // named for Azure OpenAI (or as an API key): still the key
    assert.equal(find(`AZURE_OPENAI_API_KEY=${hex}\nOPENAI_API_VERSION=2024-10-21\n`, '.env').length, 1);
  });
  it("a lockfile's 32-hex peer-dependency suffixes next to @azure packages are not Azure keys; a real key there still is", () => {
    const lock = `packages:\n  '@azure/openai@2.0.0':\n    resolution: {integrity: sha512-abc}\n  '@vercel/analytics@2.0.1(${hex})':\n    dependencies:\n      next: 15.0.0\n`;
    // through scanContent, as the scan reads a file (it tells lockfiles by their names)
    const inFile = (text: string, rel: string) => scanContent(Buffer.from(text), rel, () => contextOf(rel)).hits;
    for (const name of ['pnpm-lock.yaml', 'web/package-lock.json', 'poetry.lock', 'app.tgz!package/yarn.lock'])
      assert.deepEqual(inFile(lock, name), [], name);
    assert.equal(inFile(lock, 'notes.yaml').length, 1);
    assert.equal(inFile(`${lock}    token: ${openaiKey('proj', 'lock')}\n`, 'pnpm-lock.yaml').length, 1);
  });
  it('a multipart boundary in a recorded request (a VCR cassette) is not a key', () => {
    const cassette = `interactions:\n- request:\n    headers:\n      api-key:\n      - REDACTED\n      content-type:\n      - multipart/form-data; boundary=${hex}\n    uri: https://me.openai.azure.com/openai/files\n`;
    assert.deepEqual(find(cassette, 'tests/cassettes/upload.yaml'), []);
  });
  it("32 hex digits under another Azure service's name are that service's key, not an Azure OpenAI key", () => {
    for (const line of [
      `AZURE_SEARCH_KEY=${hex}`,
      `AZURE_STORAGE_KEY=${hex}`,
      `speech_key = "${hex}"  # azure speech`,
      `azureSearchAdminKey: '${hex}' // azure`,
      `AZURE_TRANSLATOR_KEY=${hex}`,
    ])
      assert.deepEqual(find(`# azure\n${line}\n`, 'a.py'), [], line);
    // the name says OpenAI: still the key
    assert.equal(find(`# azure\nAZURE_OPENAI_SEARCH_KEY=${hex}\n`, '.env')[0]?.kind, 'azure-hex32');
    assert.equal(find(`# azure\nAZURE_OPENAI_API_KEY=${hex}\n`, '.env')[0]?.kind, 'azure-hex32');
  });
});

describe('detect: DeepSeek-style keys only with context', () => {
  const k = foreignKey('deepseek', 'ds');
  it('with DEEPSEEK_API_KEY', () => assert.equal(find(`DEEPSEEK_API_KEY=${k}\n`, '.env')[0]?.kind, 'deepseek-style'));
  it('without context', () => assert.deepEqual(find(`KEY=${k}\n`, '.env'), []));
});

describe('detect: false positives', () => {
  for (const fp of falsePositives()) {
    for (const file of ['a.py', '.env', 'c.yaml', 'README.md', 'dist/x.js']) {
      it(`${fp.name} in ${file}`, () =>
        assert.deepEqual(
          find(fp.text, file).map((h) => h.kind),
          [],
        ));
    }
  }
  it("another provider's key is reported as that provider, never as OpenAI", () => {
    for (const k of FOREIGN_KINDS) {
      const hits = find(`OPENAI_API_KEY=${foreignKey(k, 'fp')}\n`, '.env');
      assert.equal(hits.length, 1);
      assert.notEqual(hits[0]?.provider, 'openai', k);
    }
  });
});

describe('detect: inline ignore', () => {
  const key = openaiKey('proj', 'ign');
  it('same line', () => {
    const r = detect(Buffer.from(`k = "${key}"  # keydoctor-ignore test fixture\n`), { context: 'source' });
    assert.deepEqual([r.hits.length, r.suppressed], [0, 1]);
  });
  it('line before', () => {
    const r = detect(Buffer.from(`// keydoctor-ignore\nconst k = "${key}";\n`), { context: 'source' });
    assert.deepEqual([r.hits.length, r.suppressed], [0, 1]);
  });
  it('two lines before does not count', () => {
    assert.equal(
      detect(Buffer.from(`// keydoctor-ignore\n\nconst k = "${key}";\n`), { context: 'source' }).hits.length,
      1,
    );
  });
});

describe('detect: odd input never throws', () => {
  it('random bytes, empty, huge single line without keys', () => {
    const junk = Buffer.alloc(100_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 255;
    assert.doesNotThrow(() => detect(junk, { context: 'other' }));
    assert.deepEqual(detect(Buffer.alloc(0), { context: 'other' }).hits, []);
    assert.deepEqual(
      detect(Buffer.from('s'.repeat(500_000) + 'k-' + 'a'.repeat(300_000)), { context: 'bundle' }).hits,
      [],
    );
  });
  it('a notebook that is not JSON still has its keys found, with a problem noted', () => {
    const key = openaiKey('proj', 'nb');
    const r = detect(Buffer.from(`{"cells": [ {"source": ["k = \\"${key}\\""`), { context: 'notebook' });
    assert.equal(r.hits.length, 1);
    assert.match(r.problems[0] ?? '', /not valid JSON/);
  });
});

describe('32-hex path segments of URLs are not Azure keys', () => {
  const hex = foreignKey('azure', 'url-path');
  it("a query value whose name is no credential (a docs link's `?msockid=`), unlike `?api-key=`", () => {
    const docs = (line: string) => detect(Buffer.from(`${line}\n`), { context: 'docs' }).hits.length;
    assert.equal(docs(`Azure AI Search docs: https://www.mongodb.com/docs/atlas/?msockid=${hex}#create-index`), 0);
    assert.equal(docs(`Azure OpenAI: https://x.openai.azure.com/openai/deployments/d/chat?foo=1&msockid=${hex}`), 0);
    assert.equal(
      docs(`Azure OpenAI: https://x.openai.azure.com/openai/deployments/d/chat?api-key=${hex}&api-version=2024-02-01`),
      1,
    );
  });
  it('the Azure pricing calculator link in a README or a Bicep comment', () => {
    assert.equal(
      detect(Buffer.from(`Estimate costs with the [Azure pricing calculator](https://azure.com/e/${hex}).\n`), {
        context: 'docs',
      }).hits.length,
      0,
    );
    assert.equal(
      detect(
        Buffer.from(
          `// Estimated monthly cost (Azure pricing calculator): https://azure.com/e/${hex}\nresource openai 'Microsoft.CognitiveServices/accounts@2023-05-01' = {}\n`,
        ),
        { context: 'source' },
      ).hits.length,
      0,
    );
  });
  it("folders of storage paths in any scheme, or a path's folder (promptflow's Azure ML recordings)", () => {
    for (const line of [
      `  dataUri: "azureml://datastores/workspaceblobstore/paths/LocalUpload/${hex}/data.jsonl"`,
      `  azureml.promptflow.flow_definition_blob_path: "LocalUpload/${hex}/flow/flow.dag.yaml"`,
      `  path: /mnt/azureml/cr/j/${hex}/cap/data-capability`,
      `  "data_portal_url": "https://ml.azure.com/data/datastore?wsid=/subscriptions/x&activeFilePath=LocalUpload/${hex}/data.jsonl#browseTab"`,
    ])
      assert.equal(detect(Buffer.from(`${line}\n`), { context: 'config' }).hits.length, 0, line);
  });
  it("a hash named on the line above, where YAML folds a long recorded response (promptflow's recordings)", () => {
    const text = `    content: '{"children": {"flow.json": {"name": "flow.json", "hash":\n      "${hex.toUpperCase()}", "type": "File", "azure": "openai"}}}'\n`;
    assert.equal(detect(Buffer.from(text), { context: 'config' }).hits.length, 0);
    // the same value named as a key on the line above is still one
    const named = `AZURE_OPENAI_ENDPOINT: https://res.openai.azure.com/\nAZURE_OPENAI_API_KEY:\n  "${hex}"\n`;
    assert.equal(detect(Buffer.from(named), { context: 'config' }).hits.length, 1);
  });
  it('a key after a slash that is not a path folder is still found (`key/<hex>` as a value, the last segment of a bare path)', () => {
    assert.equal(
      detect(Buffer.from(`AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\nAZURE_OPENAI_API_KEY=keys/${hex}\n`), {
        context: 'env-file',
      }).hits.length,
      1,
    );
  });
  it('a key in a query string or assigned next to an Azure endpoint is still found', () => {
    assert.equal(
      detect(Buffer.from(`url = "https://res.openai.azure.com/openai/deployments/x?api-key=${hex}"\n`), {
        context: 'source',
      }).hits.length,
      1,
    );
    assert.equal(
      detect(Buffer.from(`AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\nAZURE_OPENAI_API_KEY=${hex}\n`), {
        context: 'env-file',
      }).hits.length,
      1,
    );
  });
});
