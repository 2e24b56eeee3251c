import type { FindingDraft } from '../../core/types.js';
import { sdkSemantics } from '../../code/sdk-semantics.js';
import { versionTuple } from '../../core/compare.js';
import type { Check } from '../types.js';

export const check: Check = {
  meta: {
    id: 'sdk-runtime-unsupported',
    title: 'The installed OpenAI SDK needs a newer Node than the project runs',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'The project installs openai-node 7 (package-lock, pnpm-lock, yarn.lock, node_modules or the package.json range), which requires Node 22 or newer, while the Node it runs is older: the version Volta, `.nvmrc`, `.node-version`, `.tool-versions` or `engines.node` selects, else the Node keydoctor runs on.',
      why: 'openai-node 7 is built for Node 22 (the global fetch and APIs it relies on): on Node 20 the app fails when it loads or first uses the SDK, before any request reaches OpenAI, which is easy to mistake for a key problem.',
      fix: 'Run the app on Node 22 or newer (update `.nvmrc` / `engines` / the Docker base image), or pin `openai@^6` until you can.',
    },
  },
  run({ facts }) {
    const out: FindingDraft[] = [];
    const sdk = facts.code?.sdk.node;
    const sem = sdkSemantics(sdk);
    const node = facts.versions?.node;
    if (!sdk || !sem?.minNode || !node) return out;
    const major = versionTuple(node.version)?.[0];
    if (major === undefined || major >= sem.minNode) return out;
    const what = sdk.installed
      ? `openai ${sdk.installed} (${sdk.installedIn ?? 'installed'})`
      : `openai ${sdk.declared ?? ''} (${sdk.declaredIn ?? 'package.json'})`;
    const file = sdk.installedIn ?? sdk.declaredIn;
    out.push({
      id: 'sdk-runtime-unsupported',
      message: `The project installs ${what}, which requires Node ${sem.minNode} or newer, but runs Node ${node.version} (${node.source}): the app fails when it loads the SDK, before any request is sent.`,
      ...(file && !file.startsWith('node_modules/') ? { location: { path: file } } : {}),
      fix: {
        summary: `Run the app on Node ${sem.minNode}+ (${node.how === 'running' ? 'install it and add an .nvmrc' : `change ${node.source.replace(/ \(.*\)$/, '')}`}), or pin openai@^6 until you can.`,
      },
      data: { sdk: sdk.installed ?? sdk.declared, node: node.version, nodeSource: node.source, minNode: sem.minNode },
    });
    return out;
  },
};
