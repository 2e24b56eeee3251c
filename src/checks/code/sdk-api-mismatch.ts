import { dirOf, nearest } from '../../core/paths.js';
import type { FindingDraft } from '../../core/types.js';
import type { CodeFile, InstalledSdk } from '../../code/types.js';
import type { Check } from '../types.js';

function versionText(s: InstalledSdk): string {
  if (s.installed) return `openai ${s.installed} (${s.installedIn})`;
  if (s.declared !== undefined)
    return `openai${s.declared ? ' ' + s.declared : ' (no version pin: the newest release)'} (${s.declaredIn})`;
  return 'openai';
}

/** A requirement spec that keeps openai-python below 1 (`==0.28`, `<1`, `>=0.27,<0.29`, `~=0.27`). */
function pinsMajorZero(spec: string): boolean {
  return /(^|,)\s*(==|~=)\s*0\./.test(spec) || /(^|,)\s*<=?\s*(0\.|1(\.0)*\s*($|,))/.test(spec);
}

/** The major the project gets; unpinned means the newest (≥1 for Python, ≥4 for Node). */
function effectiveMajor(s: InstalledSdk | undefined, newest: number): number | undefined {
  if (!s) return undefined;
  if (s.major !== undefined) return s.major;
  if (s.unpinned || s.declared === '' || s.declared === '*' || s.declared === 'latest') return newest;
  return undefined;
}

export const check: Check = {
  meta: {
    id: 'sdk-api-mismatch',
    title: 'Code written for one major version of the OpenAI SDK runs against another',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'The code uses the API of one generation of the OpenAI SDK while the project installs another: Python v0 calls (`openai.ChatCompletion.create`, `openai.Completion`, `openai.error`, `openai.api_base`) with openai>=1, or v1 code (`OpenAI()`, `client.chat.completions.create`) with openai<1 (a notebook that installs its own SDK, `%pip install --upgrade openai`, runs on that one, and so does a module in its folder; a version read from a file of another part of the project (the lockfile of another example) is not applied); Node v3 code (`new Configuration()`, `new OpenAIApi()`, `createChatCompletion`) with openai>=4, or v4+ code (`new OpenAI()`) with openai 3.',
      why: 'openai-python>=1 raises `APIRemovedInV1` ("You tried to access openai.ChatCompletion, but this is no longer supported in openai>=1.0.0") and never reads `openai.api_base`; openai-node>=4 has no `Configuration` ("TypeError: Configuration is not a constructor"). Such failures are often misread as a key problem.',
      fix: 'Migrate the code (Python: `openai migrate`, or use `client = OpenAI()` and `client.chat.completions.create(...)`; Node: `const client = new OpenAI()` and `client.chat.completions.create(...)`), or pin the old SDK (`openai==0.28`, `openai@^3`) until you do.',
    },
  },
  run({ facts }) {
    const code = facts.code;
    if (!code) return [];
    const out: FindingDraft[] = [];
    const py = code.sdk.python;
    const node = code.sdk.node;
    const pyMajor = effectiveMajor(py, 1);
    const nodeMajor = effectiveMajor(node, 4);
    const groups = new Map<string, { files: CodeFile[]; message: string; sdk: InstalledSdk; fix: string }>();
    // The openai requirement of a file's own part (the nearest requirements / pyproject that names openai): a
    // course of lessons, each with its own pins, installs each lesson's (08/scripts pins openai<0.29 for its v0 code)
    const pyParts = facts.project.python
      .filter((p) => Object.hasOwn(p.requirements, 'openai'))
      .map((p) => ({ dir: dirOf(p.rel), spec: p.requirements.openai ?? '', rel: p.rel }));
    // a module beside a notebook that installs its own SDK (`!pip install openai==0.27.9`), which imports it:
    // the notebook's environment is the module's (pinecone's fine-tuning chains.py)
    const notebookPins = new Map<string, { spec: string; rel: string }>();
    for (const f of code.files)
      if (f.pipOpenai !== undefined && !notebookPins.has(dirOf(f.file)))
        notebookPins.set(dirOf(f.file), { spec: f.pipOpenai, rel: f.file });
    const ownPart = (file: string): { spec: string; rel: string } | undefined =>
      notebookPins.get(dirOf(file)) ?? nearest(pyParts, file);
    const ownSpec = (file: string): string | undefined => {
      const p = ownPart(file);
      return p ? p.spec || '>=1' : undefined;
    };
    for (const f of code.files) {
      const g = f.sdkGeneration;
      if (!g) continue;
      // a notebook that installs its own SDK (`%pip install --upgrade openai`) runs on that one
      const own =
        g === 'v0' || g === 'v1' ? (f.pipOpenai !== undefined ? f.pipOpenai || '>=1' : ownSpec(f.file)) : undefined;
      if (g === 'v0' && own !== undefined && pinsMajorZero(own)) continue;
      if (g === 'v1' && own !== undefined && /(^|,)\s*(>=|==|~=|>)\s*[1-9]/.test(own)) continue;
      // the project's version comes from a file of another part (a lockfile in another example's folder of a
      // collection): it says nothing of the SDK this file runs on
      const from =
        g === 'v0' || g === 'v1' ? (py?.installedIn ?? py?.declaredIn) : (node?.installedIn ?? node?.declaredIn);
      if (own === undefined && from !== undefined && !covers(dirOf(from), f.file)) continue;
      // ...and where the file's own install line or part says which, that is the version to name
      const mine: InstalledSdk | undefined =
        (g === 'v0' || g === 'v1') && py && from !== undefined && !covers(dirOf(from), f.file) && own !== undefined
          ? {
              ecosystem: 'pypi',
              declared: f.pipOpenai ?? ownPart(f.file)?.spec ?? own,
              declaredIn: f.pipOpenai !== undefined ? f.file : (ownPart(f.file)?.rel ?? f.file),
            }
          : undefined;
      let key: string | undefined;
      let message = '';
      let fix = '';
      if (g === 'v0' && py && pyMajor !== undefined && pyMajor >= 1) {
        key = mine ? `v0|${mine.declaredIn ?? ''}` : 'v0';
        message = `uses the openai-python v0 API (openai.ChatCompletion / openai.Completion / openai.api_base), but ${mine ? 'it installs' : 'the project installs'} ${versionText(mine ?? py)}, where it raises APIRemovedInV1`;
        fix =
          'Migrate to the v1 client (`from openai import OpenAI; client = OpenAI()`; `client.chat.completions.create(...)`; `openai migrate` does most of it), or pin `openai==0.28` in ' +
          (mine?.declaredIn?.endsWith('.ipynb')
            ? `the install line of ${mine.declaredIn}`
            : (mine?.declaredIn ?? py.declaredIn ?? 'requirements.txt')) +
          '.';
      } else if (g === 'v1' && py && pyMajor === 0) {
        key = 'v1';
        message = `uses the openai-python v1 client (OpenAI(), client.chat.completions), but the project installs ${versionText(py)}, which has neither`;
        fix = `Upgrade the SDK: \`openai>=1\` in ${py.declaredIn ?? 'requirements.txt'}, then reinstall.`;
      } else if (g === 'node-v3' && node && nodeMajor !== undefined && nodeMajor >= 4) {
        key = 'node-v3';
        message = `uses the openai-node v3 API (Configuration / OpenAIApi / createChatCompletion), but the project installs ${versionText(node)}: "Configuration is not a constructor"`;
        fix =
          'Migrate to `const client = new OpenAI({ apiKey })` and `client.chat.completions.create(...)` (response fields move from `response.data.choices` to `response.choices`), or pin `openai@^3`.';
      } else if (g === 'node-v4' && node && nodeMajor === 3) {
        key = 'node-v4';
        message = `uses \`new OpenAI()\` (openai-node v4+), but the project installs ${versionText(node)}, whose default export is not a client`;
        fix = `Upgrade the SDK: \`npm install openai@latest\` (${node.declaredIn ?? 'package.json'}).`;
      }
      if (!key) continue;
      const g0 = groups.get(key);
      if (g0) g0.files.push(f);
      else
        groups.set(key, {
          files: [f],
          message,
          sdk: (mine ?? (key.startsWith('node') ? node : py)) as InstalledSdk,
          fix,
        });
    }
    for (const g of groups.values()) {
      const f = g.files[0] as CodeFile;
      const more = g.files.length > 1 ? ` (and ${g.files.length - 1} more file${g.files.length > 2 ? 's' : ''})` : '';
      out.push({
        id: 'sdk-api-mismatch',
        message: `${f.file}${more} ${g.message}.`,
        location: { path: f.file, ...(f.sdkGenerationLine ? { line: f.sdkGenerationLine } : {}) },
        related: [
          ...g.files.slice(1, 6).map((x) => ({
            path: x.file,
            ...(x.sdkGenerationLine ? { line: x.sdkGenerationLine } : {}),
            note: 'same API generation',
          })),
          ...((g.sdk.installedIn ?? g.sdk.declaredIn)
            ? [{ path: (g.sdk.installedIn ?? g.sdk.declaredIn) as string, note: 'SDK version' }]
            : []),
        ],
        fix: { summary: g.fix },
        data: { generation: f.sdkGeneration, installed: g.sdk.installed, declared: g.sdk.declared },
      });
    }
    return out;
  },
};

/** The folder `dir` ('' for the root) holds `file`. */
function covers(dir: string, file: string): boolean {
  return dir === '' || file.startsWith(`${dir}/`);
}
