/**
 * Safe fixes of deployment files:
 * - k8s-secret-trailing-newline: the Secret's `data:` value re-encoded without the newline (only the
 *   base64 characters that change are replaced, in place, with the CST), a `stringData` block scalar
 *   `|` made `|-`, or the final newline dropped from the file a `--from-file` / kustomize `files:`
 *   entry reads;
 * - compose-env-file-missing: an `env_file:` path that names a file which exists under another name
 *   (other case, missing or extra leading dot, a `.txt` Notepad added, two dot-parts swapped, one
 *   typo) points at that file.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FindingDraft } from '../../core/types.js';
import type { K8sDataEntry, K8sSecretLike } from '../../deploy/types.js';
import { isText } from '../content.js';
import type { FixProposal } from '../types.js';
import { type FixerContext, type FixerResult, refuse } from './context.js';
import { blockHeader, setFlowScalar, yamlErrors, yamlScalars } from './yaml.js';

function findEntry(f: FindingDraft, ctx: FixerContext): { o: K8sSecretLike; e: K8sDataEntry } | undefined {
  const name = f.data?.secret;
  const key = f.data?.key;
  for (const o of ctx.facts.deploy?.k8s?.objects ?? []) {
    if (o.kind !== 'Secret' || o.name !== name) continue;
    for (const e of o.entries) {
      if (e.key !== key || e.value === undefined) continue;
      if (f.location?.line !== undefined && !e.path && e.line !== f.location.line) continue;
      return { o, e };
    }
  }
  return undefined;
}

export function fixK8sTrailingNewline(f: FindingDraft, ctx: FixerContext): FixerResult {
  const hit = findEntry(f, ctx);
  if (!hit) return undefined;
  const { o, e } = hit;
  const value = e.value as string;
  const want = value.trim();
  if (!want || /\s/.test(want)) return undefined;

  if (e.encoding === 'file' && e.path) {
    // The file kubectl / kustomize reads: drop the whitespace after the key.
    const abs = ctx.abs(e.path);
    const file = ctx.read(abs);
    if (!file.exists || !isText(file)) return undefined;
    if (!file.text.startsWith(want) || file.text.trim() !== want) return undefined;
    return [
      {
        path: abs,
        edits: [{ start: want.length, end: file.text.length, text: '' }],
        applicability: 'safe',
        title: `drop the final newline from ${ctx.display(abs)}, which Secret ${o.name} takes as ${e.key}`,
      },
    ];
  }
  if (o.origin !== 'manifest' || (e.encoding !== 'base64' && e.encoding !== 'string')) return undefined;
  const abs = ctx.abs(o.location.path);
  const file = ctx.read(abs);
  if (!file.exists || !isText(file)) return undefined;
  const field = e.encoding === 'base64' ? 'data' : 'stringData';
  const scalars = yamlScalars(file.text).filter(
    (s) =>
      s.path.length >= 2 &&
      s.path[s.path.length - 1] === e.key &&
      s.path[s.path.length - 2] === field &&
      s.keyLine === e.line,
  );
  if (scalars.length !== 1) return undefined;
  const s = scalars[0] as (typeof scalars)[number];
  const title = `re-encode ${e.key} of Secret ${o.name} without the ${/\n$/.test(value) ? 'trailing newline' : 'surrounding whitespace'} (line ${s.line}; the rest of the file is kept byte for byte)`;
  const verify = (after: string): string | undefined => {
    const err = yamlErrors(after);
    if (err) return `the manifest would not parse: ${err}`;
    const again = yamlScalars(after).filter((x) => x.doc === s.doc && x.path.join('\0') === s.path.join('\0'));
    const v = again[0]?.value;
    if (again.length !== 1 || v === undefined) return 'the value could not be found again after the change';
    const got = e.encoding === 'base64' ? Buffer.from(v.replace(/\s+/g, ''), 'base64').toString('utf8') : v;
    return got === want ? undefined : 'the new value would not decode to the key alone';
  };
  let p: FixProposal | undefined;
  if (s.token.type === 'block-scalar') {
    // stringData `|` (clip) or `|+` (keep) holding one line: `|-` strips the final newline.
    const h = blockHeader(s.token);
    if (!h || e.encoding !== 'string' || !/^[|>][+]?[0-9]?$/.test(h.source) || value.replace(/\n+$/, '') !== want)
      return undefined;
    const src = h.source.replace('+', '');
    p = {
      path: abs,
      edits: [{ start: h.offset, end: h.offset + h.source.length, text: `${src.slice(0, 1)}-${src.slice(1)}` }],
      applicability: 'safe',
      title: `strip the final newline of ${e.key} in Secret ${o.name} (block scalar ${h.source} → ${src.slice(0, 1)}-${src.slice(1)}, line ${s.line})`,
      verify,
    };
  } else {
    const encoded = e.encoding === 'base64' ? Buffer.from(want, 'utf8').toString('base64') : want;
    const edit = setFlowScalar(file.text, s.token, encoded);
    if (!edit) return undefined;
    p = { path: abs, edits: [edit], applicability: 'safe', title, verify };
  }
  return [p];
}

// ---------------------------------------------------------------------------------------------
// compose env_file

const TEMPLATE = /example|sample|template|dist|tmpl|default/i;

function lev1(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length)
    return (
      a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Whether `have` is the file `want` names, under another name. */
export function sameFileOtherName(want: string, have: string): boolean {
  if (want === have || (TEMPLATE.test(have) && !TEMPLATE.test(want))) return false;
  const w = want.toLowerCase();
  const h = have.toLowerCase();
  if (w === h) return true;
  const undot = (s: string) => s.replace(/^\./, '');
  if (undot(w) === undot(h)) return true;
  if (h === `${w}.txt` || w === `${h}.txt`) return true;
  const parts = (s: string) => undot(s).split('.').filter(Boolean).sort().join('.');
  if (parts(w) === parts(h) && w.includes('.') && undot(w).split('.').length > 1) return true;
  return w.length >= 6 && lev1(w, h);
}

export function fixComposeEnvFile(f: FindingDraft, ctx: FixerContext): FixerResult {
  const rel = typeof f.data?.path === 'string' ? f.data.path : undefined;
  const service = typeof f.data?.service === 'string' ? f.data.service : undefined;
  const at = f.location;
  if (!rel || !service || !at?.line) return undefined;
  const absWanted = ctx.abs(rel);
  const dir = dirname(absWanted);
  const base = absWanted.slice(dir.length + 1);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => {
      try {
        return statSync(join(dir, n)).isFile();
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
  const cands = names.filter((n) => sameFileOtherName(base, n));
  if (cands.length === 0) return undefined;
  if (cands.length > 1)
    return refuse(
      f,
      `${rel} is missing and several files could be meant (${cands.join(', ')}): fix the path by hand`,
      at.path,
    );
  const actual = cands[0] as string;
  const abs = ctx.abs(at.path);
  const file = ctx.read(abs);
  if (!file.exists || !isText(file)) return undefined;
  const hits = yamlScalars(file.text).filter(
    (s) =>
      s.path[0] === 'services' &&
      s.path[1] === service &&
      s.path[2] === 'env_file' &&
      (s.path.length === 3 ||
        (s.path.length === 4 && s.path[3] === '[]') ||
        (s.path.length === 5 && s.path[3] === '[]' && s.path[4] === 'path')) &&
      (s.value.endsWith(`/${base}`) || s.value === base),
  );
  const hit = hits.find((h) => h.line === at.line) ?? (hits.length === 1 ? hits[0] : undefined);
  if (!hit) return undefined;
  const written = hit.value;
  const next = written.slice(0, written.length - base.length) + actual;
  const edit = setFlowScalar(file.text, hit.token, next);
  if (!edit) return undefined;
  return [
    {
      path: abs,
      edits: [edit],
      applicability: 'safe',
      title: `point env_file of service ${service} at ${actual}, the file that exists (line ${hit.line})`,
      verify: (after) => {
        const err = yamlErrors(after);
        return err ? `the compose file would not parse: ${err}` : undefined;
      },
    },
  ];
}
