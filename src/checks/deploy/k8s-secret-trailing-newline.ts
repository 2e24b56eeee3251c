import type { FindingDraft } from '../../core/types.js';
import { isKeyEntry } from '../../deploy/names.js';
import type { Check } from '../types.js';

function how(encoding: string, origin: string): { cause: string; fix: string; command?: string } {
  if (encoding === 'base64')
    return {
      cause: 'the base64 was made with `echo "sk-..." | base64`, which encodes the newline echo adds',
      fix: 'Re-encode without the newline: `printf %s "$OPENAI_API_KEY" | base64 -w0` (or `echo -n`), or let kubectl do it',
      command:
        'kubectl create secret generic <name> --from-literal=OPENAI_API_KEY="$OPENAI_API_KEY" --dry-run=client -o yaml',
    };
  if (encoding === 'file')
    return {
      cause: `${origin === 'kubectl' ? 'kubectl --from-file' : 'the kustomize secretGenerator files: entry'} keeps the file's final newline`,
      fix: 'Write the file without a final newline (`printf %s "$OPENAI_API_KEY" > file`) or use a literal: `--from-literal` / `literals:`',
    };
  if (encoding === 'string')
    return {
      cause: 'a YAML block scalar `|` keeps the final newline (or the value was pasted with spaces)',
      fix: 'Write the value on one line, or use `|-` to strip the final newline',
    };
  return {
    cause: 'the value ends in whitespace where it is defined',
    fix: 'Remove the trailing whitespace from the value',
  };
}

export const check: Check = {
  meta: {
    id: 'k8s-secret-trailing-newline',
    title: 'A Kubernetes Secret holds the key with a trailing newline or space',
    severity: 'error',
    area: 'deploy',
    docs: {
      what: 'A Secret\'s value decodes to the key followed by a newline (or space): the classic `echo "sk-..." | base64`, a `kubectl create secret --from-file` or kustomize `files:` entry whose file ends in a newline, or a `stringData` block scalar `|`.',
      why: 'The container gets `sk-...\\n`. openai-python and most HTTP clients put it in the header as is and fail with 401 or "Illegal header value"; openai-node trims variables it reads itself but not an `apiKey` passed explicitly. The key looks right in every dashboard because the newline is invisible.',
      fix: 'Re-create the Secret without the newline: `kubectl create secret generic openai --from-literal=OPENAI_API_KEY="$OPENAI_API_KEY"`, or encode with `printf %s "$KEY" | base64 -w0` / `echo -n`. Then restart the pods (`kubectl rollout restart deploy/<name>`): env values are read only at start.',
    },
  },
  run({ facts }) {
    const k8s = facts.deploy?.k8s;
    if (!k8s) return [];
    const out: FindingDraft[] = [];
    for (const o of k8s.objects) {
      if (o.kind !== 'Secret') continue;
      for (const e of o.entries) {
        if (e.value === undefined || e.value === e.value.trim() || e.value.trim() === '' || !isKeyEntry(e)) continue;
        const tail = /\n$/.test(e.value)
          ? 'a trailing newline'
          : /\r$/.test(e.value)
            ? 'a trailing carriage return'
            : /\s$/.test(e.value)
              ? 'trailing whitespace'
              : 'leading whitespace';
        const h = how(e.encoding, o.origin);
        out.push({
          id: 'k8s-secret-trailing-newline',
          message: `Secret ${o.name || '(unnamed)'} key ${e.key} decodes to the key plus ${tail}: ${h.cause}.`,
          location: { path: e.path ?? o.location.path, line: e.path ? undefined : e.line },
          related: e.path ? [{ ...o.location, note: `${o.origin} Secret ${o.name}` }] : undefined,
          fix: { summary: `${h.fix}; then restart the pods that read it.`, command: h.command },
          data: { secret: o.name, key: e.key, encoding: e.encoding, origin: o.origin },
        });
      }
    }
    return out;
  },
};
