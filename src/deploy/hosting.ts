/**
 * Hosting platforms' config files: vercel.json, netlify.toml, serverless.yml, AWS SAM templates,
 * Terraform (read tolerantly, HCL-lite), Azure Functions local.settings.json, fly.toml, render.yaml,
 * Google App Engine app.yaml.
 */
import { lazyToml } from '../core/lazy.js';
import type { Note } from '../core/types.js';
import type { HostingConfig } from './types.js';
import { entries, get, items, parseYaml, str, type YDoc } from './util.js';
import { pushAll } from '../core/arrays.js';
import { baseOf } from '../core/paths.js';

type Var = HostingConfig['vars'][number];

export function hostingKind(rel: string, text: () => string | undefined): HostingConfig['platform'] | undefined {
  const b = baseOf(rel);
  if (b === 'vercel.json') return 'vercel';
  if (b === 'netlify.toml') return 'netlify';
  if (/^serverless\.ya?ml$/.test(b)) return 'serverless';
  if (b === 'local.settings.json') return 'azure-functions';
  if (b === 'fly.toml') return 'fly';
  if (/^render\.ya?ml$/.test(b)) return 'render';
  if (b.endsWith('.tf')) return 'terraform';
  if (/^(template|sam)\.ya?ml$/.test(b))
    return /AWS::Serverless|AWS::Lambda::Function/.test(text() ?? '') ? 'sam' : undefined;
  if (/^app\.ya?ml$/.test(b)) return /^\s*(runtime|env_variables)\s*:/m.test(text() ?? '') ? 'gae' : undefined;
  return undefined;
}

function lineOfKey(text: string, key: string, from = 0): number | undefined {
  const lines = text.split('\n');
  const re = new RegExp(`(^|[\\s"'{,])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[:=]`);
  for (let i = from; i < lines.length; i++) if (re.test(lines[i] as string)) return i + 1;
  return undefined;
}

function mapVars(obj: unknown, text: string, refRe?: RegExp): Var[] {
  const out: Var[] = [];
  if (!obj || typeof obj !== 'object') return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') continue;
    const raw = v === null || v === undefined ? undefined : String(v);
    const ref = raw && refRe?.test(raw) ? raw : undefined;
    out.push({ name: k, value: ref ? undefined : raw, raw, line: lineOfKey(text, k), ref });
  }
  return out;
}

function yamlVars(d: YDoc, n: unknown, refRe: RegExp): Var[] {
  const out: Var[] = [];
  for (const e of entries(d, n)) {
    const raw = str(d, e.value);
    const node = e.value as { tag?: string } | undefined;
    const tagged = typeof node?.tag === 'string' && node.tag.startsWith('!');
    const ref = tagged || raw === undefined || refRe.test(raw) ? (raw ?? `(${node?.tag ?? 'expression'})`) : undefined;
    out.push({ name: e.key, value: ref ? undefined : raw, raw, line: d.line(e.keyNode), ref });
  }
  return out;
}

export function readHosting(
  rel: string,
  platform: HostingConfig['platform'],
  text: string,
  notes: Note[],
): HostingConfig[] {
  const out: HostingConfig[] = [];
  const push = (unit: string, vars: Var[], note?: string) => {
    if (vars.length) out.push({ rel, platform, unit, vars, note });
  };
  try {
    switch (platform) {
      case 'vercel': {
        const j = JSON.parse(text) as Record<string, unknown>;
        push(
          'vercel',
          mapVars(j.env, text, /^@/),
          'Vercel applies changed variables to new deployments only: redeploy after changing one',
        );
        push(
          'vercel build',
          mapVars((j.build as Record<string, unknown> | undefined)?.env, text, /^@/),
          'build-time only',
        );
        break;
      }
      case 'azure-functions': {
        const j = JSON.parse(text) as Record<string, unknown>;
        push(
          'func start',
          mapVars(j.Values, text, /^@Microsoft\.KeyVault/),
          'local.settings.json is used only by Core Tools locally; a variable already set in the shell wins over it',
        );
        break;
      }
      case 'netlify': {
        const t = lazyToml().parse(text) as Record<string, unknown>;
        push(
          'netlify build',
          mapVars((t.build as Record<string, unknown> | undefined)?.environment, text),
          'netlify.toml variables are build-time only; Functions do not see them at run time',
        );
        for (const [ctx, v] of Object.entries((t.context as Record<string, unknown> | undefined) ?? {}))
          push(`netlify ${ctx}`, mapVars((v as Record<string, unknown>)?.environment, text), 'build-time only');
        break;
      }
      case 'fly': {
        const t = lazyToml().parse(text) as Record<string, unknown>;
        push(
          typeof t.app === 'string' ? `fly ${t.app}` : 'fly app',
          mapVars(t.env, text),
          '`fly secrets set` is the place for keys; [env] is plain text in the repository',
        );
        break;
      }
      case 'terraform':
        pushAll(out, readTerraform(rel, text));
        break;
      default:
        for (const d of parseYaml(text, rel, notes)) pushAll(out, readYamlHosting(rel, platform, d));
    }
  } catch (e) {
    notes.push({
      kind: 'parse-error',
      path: rel,
      message: `cannot parse ${platform} config: ${(e as Error).message.split('\n')[0]?.slice(0, 160)}`,
    });
  }
  return out;
}

function readYamlHosting(rel: string, platform: HostingConfig['platform'], d: YDoc): HostingConfig[] {
  const out: HostingConfig[] = [];
  const push = (unit: string, vars: Var[], note?: string) => {
    if (vars.length) out.push({ rel, platform, unit, vars, note });
  };
  if (platform === 'serverless') {
    const ref = /\$\{(?:env|ssm|self|opt|file|cf|s3|aws|param):/;
    const provider = yamlVars(d, get(d, d.root, 'provider', 'environment'), ref);
    const fns = entries(d, get(d, d.root, 'functions'));
    const note =
      'serverless resolves ${env:...}/${ssm:...} at deploy time, on the deploying machine: redeploy after a change';
    if (fns.length === 0) push('provider', provider, note);
    for (const f of fns) {
      const own = yamlVars(d, get(d, f.value, 'environment'), ref);
      const names = new Set(own.map((v) => v.name));
      push(f.key, [...own, ...provider.filter((v) => !names.has(v.name))], note);
    }
  } else if (platform === 'sam') {
    const ref = /\{\{resolve:|\$\{/;
    const globals = yamlVars(d, get(d, d.root, 'Globals', 'Function', 'Environment', 'Variables'), ref);
    for (const r of entries(d, get(d, d.root, 'Resources'))) {
      const type = str(d, get(d, r.value, 'Type')) ?? '';
      if (!/AWS::Serverless::Function|AWS::Lambda::Function/.test(type)) continue;
      const own = yamlVars(d, get(d, r.value, 'Properties', 'Environment', 'Variables'), ref);
      const names = new Set(own.map((v) => v.name));
      push(
        r.key,
        [...own, ...globals.filter((v) => !names.has(v.name))],
        'Lambda keeps the configuration it was deployed with: redeploy after a change',
      );
    }
  } else if (platform === 'render') {
    const svc = (n: unknown, unit: string) => {
      const vars: Var[] = [];
      for (const e of items(d, get(d, n, 'envVars'))) {
        const key = str(d, get(d, e, 'key'));
        if (!key) continue;
        const value = str(d, get(d, e, 'value'));
        const sync = get(d, e, 'sync');
        const from =
          get(d, e, 'fromGroup') ?? get(d, e, 'fromService') ?? get(d, e, 'fromDatabase') ?? get(d, e, 'generateValue');
        vars.push({
          name: key,
          value,
          raw: value,
          line: d.line(e),
          ref:
            value === undefined
              ? sync !== undefined
                ? 'sync: false (set in the Render dashboard)'
                : from !== undefined
                  ? 'from another Render resource'
                  : 'no value'
              : undefined,
        });
      }
      push(unit, vars, 'Render applies changed variables on the next deploy');
    };
    for (const s of items(d, get(d, d.root, 'services'))) svc(s, `render ${str(d, get(d, s, 'name')) ?? 'service'}`);
    for (const g of items(d, get(d, d.root, 'envVarGroups')))
      svc(g, `render group ${str(d, get(d, g, 'name')) ?? ''}`.trim());
  } else if (platform === 'gae') {
    push(
      'app engine',
      yamlVars(d, get(d, d.root, 'env_variables'), /^\$\{/),
      'app.yaml env_variables are plain text in the repository and need a new deploy to change',
    );
  }
  return out;
}

/** Terraform, HCL-lite: finds resource blocks and their environment maps / env blocks. */
export function readTerraform(rel: string, text: string): HostingConfig[] {
  const out: HostingConfig[] = [];
  for (const m of text.matchAll(
    /resource\s+"(aws_lambda_function|google_cloud_run_service|google_cloud_run_v2_service|google_cloudfunctions2?_function|azurerm_(?:linux|windows)_(?:function|web)_app|azurerm_function_app|azurerm_app_service|azurerm_container_app)"\s+"([^"]+)"\s*\{/g,
  )) {
    const start = (m.index ?? 0) + m[0].length;
    const end = matchBrace(text, start - 1);
    const body = text.slice(start, end);
    const lineAt = (off: number) => text.slice(0, start + off).split('\n').length;
    const vars: Var[] = [];
    // maps: variables = { K = "v" }, app_settings = { "K" = "v" }, environment_variables = { ... }
    for (const mm of body.matchAll(
      /\b(variables|app_settings|environment_variables|runtime_environment_variables)\s*=\s*\{/g,
    )) {
      const s = (mm.index ?? 0) + mm[0].length;
      const e = matchBrace(body, s - 1);
      const inner = body.slice(s, e);
      for (const kv of inner.matchAll(/^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*=\s*(.+?)\s*,?\s*$/gm)) {
        const raw = (kv[2] as string).trim();
        const lit = /^"((?:[^"\\$]|\\.)*)"$/.exec(raw);
        vars.push({
          name: kv[1] as string,
          value: lit ? (lit[1] as string).replace(/\\(.)/g, '$1') : undefined,
          raw,
          line: lineAt(s + (kv.index ?? 0)) + (/^\s*\n/.test(inner.slice(kv.index ?? 0)) ? 1 : 0),
          ref: lit ? undefined : raw,
        });
      }
    }
    // env { name = "K" value = "v" } (Cloud Run, Container Apps)
    for (const mm of body.matchAll(/\benv\s*\{([^{}]*)\}/g)) {
      const name = /name\s*=\s*"([^"]+)"/.exec(mm[1] as string)?.[1];
      if (!name) continue;
      const vr = /value\s*=\s*(.+)/.exec(mm[1] as string)?.[1]?.trim();
      const lit = vr ? /^"((?:[^"\\$]|\\.)*)"$/.exec(vr) : null;
      vars.push({
        name,
        value: lit ? lit[1] : undefined,
        raw: vr,
        line: lineAt(mm.index ?? 0),
        ref: lit ? undefined : (vr ?? 'value_source / secret reference'),
      });
    }
    if (vars.length)
      out.push({
        rel,
        platform: 'terraform',
        unit: `${m[1]}.${m[2]}`,
        vars,
        note: 'Terraform writes these values into its state and plan output; a change needs `terraform apply`',
      });
  }
  return out;
}

function matchBrace(s: string, open: number): number {
  let depth = 0;
  let q = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === '"') q = false;
      continue;
    }
    if (c === '"') q = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return s.length;
}
