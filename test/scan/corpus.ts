/**
 * The generated true/false-positive corpus: every key format in every file syntax the scanner reads,
 * made at run time (no key-shaped literal is stored in the repository).
 */
import { createHash } from 'node:crypto';
import { openaiKey, foreignKey, MARK, type KeyKind, type ForeignKind } from '../helpers/keys.js';

export const OPENAI_KINDS: KeyKind[] = ['proj', 'proj56', 'legacy', 'svcacct', 'admin', 'none56', 'named'];
export const FOREIGN_KINDS: ForeignKind[] = ['anthropic', 'openrouter', 'groq', 'google', 'xai', 'huggingface'];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rand(seed: string, n: number, alphabet = ALNUM): string {
  let out = '';
  let i = 0;
  while (out.length < n) {
    for (const b of createHash('sha256').update(`${seed}:${i++}`).digest())
      if (out.length < n) out += alphabet[b % alphabet.length];
  }
  return out;
}

/** Keys the classifier knows, by name, made at run time. */
export function perplexityKey(seed = 'p'): string {
  return ['pp', 'lx-'].join('') + rand(`pplx:${seed}`, 48);
}
/** The long form of a key not tied to a project: sk-None- + 74 + marker + 74. */
export function noneLongKey(seed = 'n'): string {
  return ['s', 'k-None-'].join('') + rand(`none:${seed}`, 74) + MARK + rand(`none2:${seed}`, 74);
}

export interface Syntax {
  name: string;
  file: string;
  /** Renders a file holding the key. */
  render: (key: string) => string;
  /** Whether the key appears base64-encoded. */
  base64?: boolean;
  /** Only OpenAI keys are found here (their marker survives base64 at every alignment; other providers' prefixes only at the start of a value). */
  openaiOnly?: boolean;
}

export const SYNTAXES: Syntax[] = [
  { name: 'env', file: '.env', render: (k) => `# keys\nOPENAI_API_KEY=${k}\nOTHER=1\n` },
  { name: 'env quoted', file: 'config.env', render: (k) => `export OPENAI_API_KEY="${k}"\n` },
  {
    name: 'json',
    file: 'config.json',
    render: (k) => JSON.stringify({ openai: { apiKey: k, model: 'gpt-4o-mini' } }, null, 2),
  },
  { name: 'yaml', file: 'values.yaml', render: (k) => `openai:\n  apiKey: ${k}\n  model: gpt-4o\n` },
  { name: 'yaml quoted', file: 'app.yml', render: (k) => `env:\n  - name: OPENAI_API_KEY\n    value: "${k}"\n` },
  { name: 'toml', file: 'settings.toml', render: (k) => `[openai]\napi_key = '${k}'\n` },
  { name: 'python', file: 'app.py', render: (k) => `from openai import OpenAI\n\nclient = OpenAI(api_key="${k}")\n` },
  {
    name: 'typescript',
    file: 'src/client.ts',
    render: (k) => `import OpenAI from 'openai';\nexport const client = new OpenAI({ apiKey: '${k}' });\n`,
  },
  {
    name: 'template literal',
    file: 'src/h.js',
    render: (k) => `fetch(url, { headers: { Authorization: \`Bearer ${k}\` } });\n`,
  },
  {
    name: 'notebook',
    file: 'nb.ipynb',
    render: (k) =>
      JSON.stringify(
        {
          cells: [
            { cell_type: 'markdown', source: ['# demo\n'] },
            { cell_type: 'code', source: ['import openai\n', `openai.api_key = "${k}"\n`], outputs: [] },
          ],
          nbformat: 4,
        },
        null,
        1,
      ),
  },
  {
    name: 'notebook output',
    file: 'out.ipynb',
    render: (k) =>
      JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            source: ['!env\n'],
            outputs: [{ output_type: 'stream', text: [`OPENAI_API_KEY=${k}\n`] }],
          },
        ],
      }),
  },
  {
    name: 'bundle (minified)',
    file: 'dist/assets/index-3f2a.js',
    render: (k) =>
      `(()=>{var e="x";const t={apiKey:"${k}",dangerouslyAllowBrowser:!0};function n(){return t}window.a=n})();`,
  },
  {
    name: 'markdown',
    file: 'README.md',
    render: (k) => `# Setup\n\nRun with:\n\n\`\`\`sh\nexport OPENAI_API_KEY=${k}\n\`\`\`\n`,
  },
  {
    name: 'k8s secret (base64)',
    file: 'k8s/secret.yaml',
    base64: true,
    render: (k) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  OPENAI_API_KEY: ${Buffer.from(k).toString('base64')}\n`,
  },
  {
    name: 'base64 with newline',
    file: 'k8s/secret2.yaml',
    base64: true,
    render: (k) => `kind: Secret\ndata:\n  key: ${Buffer.from(k + '\n').toString('base64')}\n`,
  },
  {
    name: 'base64 blob in source',
    file: 'src/obf.js',
    base64: true,
    openaiOnly: true,
    render: (k) =>
      `const cfg = JSON.parse(atob("${Buffer.from(JSON.stringify({ OPENAI_API_KEY: k })).toString('base64')}"));\n`,
  },
];

/** Things that are not keys (or not the key asked for) in the same syntaxes. */
export function falsePositives(): Array<{ name: string; text: string }> {
  const sk = ['s', 'k'].join('');
  const hex = (seed: string, n: number) => rand(seed, n, '0123456789abcdef');
  const uuid = `${hex('u1', 8)}-${hex('u2', 4)}-4${hex('u3', 3)}-a${hex('u4', 3)}-${hex('u5', 12)}`;
  const jwt = `eyJ${rand('j1', 30)}.eyJ${rand('j2', 60)}.${rand('j3', 43)}`;
  return [
    { name: 'dots placeholder', text: `OPENAI_API_KEY=${sk}-...\n` },
    { name: 'your-key-here', text: `OPENAI_API_KEY=${sk}-your-openai-api-key-here\n` },
    {
      name: 'proj placeholder',
      text: `OPENAI_API_KEY=${sk}-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n`,
    },
    { name: 'marker with x padding', text: `key = "${sk}-${'x'.repeat(20)}${MARK}${'x'.repeat(20)}"\n` },
    // letta's tests: dummy keys typed as the digits and the alphabet, for every provider (a counting run)
    { name: 'counting Anthropic dummy', text: `keys = ["${sk}-ant-api03-1234567890abcdefghijklmnopqrstuvwxyz"]\n` },
    { name: 'counting OpenRouter dummy', text: `key = "${sk}-or-v1-abcdefghijklmnopqrstuvwxyz0123456789abcdefghij"\n` },
    { name: 'marker with EXAMPLE', text: `key = "${sk}-proj-EXAMPLEEXAMPLEEXAMPLE${MARK}EXAMPLEEXAMPLEEXAMPLE"\n` },
    { name: 'angle placeholder', text: 'OPENAI_API_KEY=<your-api-key>\n' },
    { name: 'env reference', text: 'api_key = os.environ["OPENAI_API_KEY"]\n' },
    { name: 'sha1', text: `commit ${hex('s1', 40)}\n` },
    { name: 'sha256', text: `integrity sha256-${hex('s2', 64)}\n` },
    { name: 'md5 without azure context', text: `md5 = "${hex('m1', 32)}"\nchecksum: ${hex('m2', 32)}\n` },
    {
      name: '32 hex far from azure words',
      text: `# azure notes\n\n\n\n\n\n\n\n\n\n\n\ntoken_cache = "${hex('m3', 32)}"\n`,
    },
    { name: 'uuid', text: `id: ${uuid}\n` },
    { name: 'jwt', text: `Authorization: Bearer ${jwt}\n` },
    {
      name: 'lorem',
      text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor task-skip disk-sk risk-sk-based.\n',
    },
    { name: 'deepseek-style without context', text: `API_KEY=${foreignKey('deepseek', 'd1')}\n` },
    { name: 'litellm proxy key', text: `LITELLM_KEY=${foreignKey('litellm', 'l1')}\n` },
    { name: 'truncated marker key', text: `k="${sk}-${rand('t1', 10)}${MARK}${rand('t2', 6)}"\n` },
    {
      name: 'marker in base64 of prose',
      text: `${Buffer.from('OpenAI is a company. OpenAI makes models.').toString('base64')}\n`,
    },
    {
      name: 'key embedded in a longer token',
      text: `v=${rand('e1', 5)}${openaiKey('legacy', 'embedded')}${rand('e2', 5)}\n`,
    },
    { name: 'css class names', text: '.mask-image-sk-1 { } .task-sk-proj-list { }\n' },
    { name: 'hf_ identifiers', text: 'from huggingface_hub import hf_hub_download\nhf_hub_download(repo_id="x")\n' },
  ];
}
