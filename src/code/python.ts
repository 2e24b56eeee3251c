/**
 * Python (scripts, packages, notebook code) from the tokenizer's logical statements: env reads and
 * writes, dotenv loads (python-dotenv, django-environ, pydantic-settings, python-decouple), clients
 * (openai v1 and v0 module settings, Azure, LangChain, LiteLLM), models, SDK generation, imports,
 * `__main__` guards, and whether each statement runs at import time.
 */
import { posix } from 'node:path';
import { type NoteSink, type FileAnalysis, MODEL_KEYS, emptyAnalysis, envv, finishClient, lit, other } from './analysis.js';
import { type Stmt, type Tok, stringValue, tokenizePython } from './python-tokenize.js';
import type { ClientConstruction, CodeLanguage, DotenvLoad, ValueExpr } from './types.js';

interface Arg {
  kw?: string;
  toks: Tok[];
}

/** First names of an env read: `os.getenv`, `environ[...]`, `getenv(...)`, `config(...)` (decouple). */
const ENV_HEADS = new Set(['os', 'environ', 'getenv', 'config']);
const BLOCK_KEYWORDS = new Set(['def', 'class', 'if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'match', 'case', 'async']);
const V0_RESOURCES = /^openai\.(ChatCompletion|Completion|Embedding|Edit|Image|Moderation|FineTune|FineTuningJob|Engine|Model|File|Audio|Customer|Deployment|error)(\.|$)/;

const PY_OPTION_MAP: Record<string, keyof ClientConstruction['options']> = {
  api_key: 'apiKey',
  openai_api_key: 'apiKey',
  azure_api_key: 'apiKey',
  base_url: 'baseURL',
  openai_api_base: 'baseURL',
  api_base: 'baseURL',
  organization: 'organization',
  openai_organization: 'organization',
  project: 'project',
  api_version: 'apiVersion',
  openai_api_version: 'apiVersion',
  azure_endpoint: 'azureEndpoint',
  azure_deployment: 'deployment',
  deployment_name: 'deployment',
  deployment_id: 'deployment',
  azure_ad_token: 'azureADToken',
  azure_ad_token_provider: 'azureADToken',
};

const MODULE_ATTRS: Record<string, keyof ClientConstruction['options'] | 'api_type'> = {
  api_key: 'apiKey',
  api_base: 'baseURL',
  base_url: 'baseURL',
  organization: 'organization',
  project: 'project',
  api_version: 'apiVersion',
  azure_endpoint: 'azureEndpoint',
  api_type: 'api_type',
};

function matchClose(toks: Tok[], i: number): number {
  let d = 0;
  for (let j = i; j < toks.length; j++) {
    const t = toks[j];
    if (t?.type !== 'op') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') d++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      d--;
      if (d === 0) return j;
    }
  }
  return toks.length - 1;
}

function splitArgs(toks: Tok[], open: number, close: number): Arg[] {
  const out: Arg[] = [];
  let cur: Tok[] = [];
  let d = 0;
  for (let j = open + 1; j < close; j++) {
    const t = toks[j];
    if (!t) continue;
    if (t.type === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') d++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') d--;
      else if (t.text === ',' && d === 0) {
        if (cur.length) out.push(toArg(cur));
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  if (cur.length) out.push(toArg(cur));
  return out;
}

function toArg(toks: Tok[]): Arg {
  if (toks.length >= 2 && toks[0]?.type === 'name' && toks[1]?.type === 'op' && toks[1].text === '=') return { kw: toks[0].text, toks: toks.slice(2) };
  return { toks };
}

const text = (toks: Tok[]): string => {
  let s = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!t) continue;
    const prev = toks[i - 1];
    if (i > 0 && t.type !== 'op' && prev?.type !== 'op') s += ' ';
    else if (i > 0 && t.type === 'op' && (t.text === '=' || t.text === '==' || t.text === 'or' || t.text === '/')) s += ' ';
    s += t.text;
  }
  return s;
};

/** Reads a dotted name starting at toks[i]: returns the name and the index after it. */
function dotted(toks: Tok[], i: number): { name: string; end: number } | undefined {
  const first = toks[i];
  if (first?.type !== 'name') return undefined;
  let name = first.text;
  let j = i + 1;
  while (toks[j]?.text === '.' && toks[j + 1]?.type === 'name') {
    name += '.' + (toks[j + 1]?.text ?? '');
    j += 2;
  }
  return { name, end: j };
}

export interface PythonOptions {
  /** Notebook code: `load_dotenv()` searches from the cwd, not from a file. */
  notebook?: boolean;
  /** Maps a line of the analysed text to the line to report (notebooks). */
  lineMap?: (line: number) => number;
}

type PathVal = { anchor: 'filedir' | 'cwd' | 'abs'; rel: string; isFile: boolean };

export function analyzePython(rel: string, source: string, language: CodeLanguage, notes: NoteSink, opts: PythonOptions = {}): FileAnalysis | undefined {
  const tk = tokenizePython(source);
  const mapLine = opts.lineMap ?? ((l: number) => l);
  if (tk.broken) {
    notes.push({ kind: 'parse-error', path: rel, line: mapLine(tk.broken.line), message: `cannot read as Python: ${tk.broken.reason}` });
    return undefined;
  }
  const out = emptyAnalysis(rel, language);
  const imports = new Map<string, string>(); // local name → module path ("openai", "openai.OpenAI", "dotenv.load_dotenv")
  const assigns = new Map<string, Tok[]>();
  const envObjects = new Set<string>(); // django-environ Env() instances
  const models = new Map<string, number>();
  let order = 0;
  let inFunction = false;
  let moduleClient: ClientConstruction | undefined;
  let openaiImport: { line: number; order: number; topLevel: boolean } | undefined;
  const v0ModelOnly: number[] = [];
  const stack: Array<{ indent: number; kind: string; name?: string; settings?: SettingsClass }> = [];
  let fnName: string | undefined; // the module-level function the current statement belongs to
  const fnLoads: Array<{ load: DotenvLoad; fn: string }> = [];
  const topCalls = new Map<string, number>(); // module-level calls of bare names: name → statement order
  interface SettingsClass { fields: Array<{ name: string; attr: string; line: number; def?: string; alias?: boolean; order: number }>; prefix: string; envFiles: Array<{ toks: Tok[]; line: number }>; line: number; order: number }
  const settingsClasses: SettingsClass[] = [];

  const full = (name: string): string => {
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const m = imports.get(head);
    if (!m) return name;
    return dot < 0 ? m : m + name.slice(dot);
  };

  const setGeneration = (g: 'v0' | 'v1', line: number): void => {
    if (!out.code.sdkGeneration || (g === 'v0' && out.code.sdkGeneration === 'v1')) {
      out.code.sdkGeneration = g;
      out.code.sdkGenerationLine = mapLine(line);
    }
  };

  /** An env read starting at toks[k]: `os.getenv("X", d)`, `os.environ["X"]`, `os.environ.get("X")`, `env("X")`. */
  const envReadAt = (toks: Tok[], k: number): { name: string; via: string; def?: string; end: number; write?: boolean } | undefined => {
    const d = dotted(toks, k);
    if (!d) return undefined;
    if (toks[k - 1]?.text === '.') return undefined;
    const f = full(d.name);
    const next = toks[d.end];
    if ((f === 'os.environ' || f === 'os.environ.get' || f === 'os.getenv' || f === 'os.environ.setdefault' || f === 'os.putenv' || f === 'decouple.config' || envObjects.has(d.name.split('.')[0] ?? '')) && next?.type === 'op') {
      const isEnvObj = envObjects.has(d.name.split('.')[0] ?? '');
      if (next.text === '[' && f === 'os.environ') {
        const close = matchClose(toks, d.end);
        const inner = toks.slice(d.end + 1, close);
        const name = inner.length === 1 && inner[0]?.type === 'string' ? stringValue(inner[0]) : undefined;
        if (!name) return undefined;
        const after = toks[close + 1];
        const write = after?.type === 'op' && after.text === '=';
        return { name, via: 'os.environ[]', end: close + 1, write };
      }
      if (next.text === '(') {
        if (isEnvObj && !/^[A-Za-z_]+(\.(str|bool|int|float|list|dict|url|json|path|db|cache|email))?$/.test(d.name)) return undefined;
        const close = matchClose(toks, d.end);
        const args = splitArgs(toks, d.end, close);
        const a0 = args[0];
        const name = a0 && !a0.kw && a0.toks.length === 1 && a0.toks[0]?.type === 'string' ? stringValue(a0.toks[0]) : undefined;
        if (!name) return undefined;
        const dArg = args.find((a) => a.kw === 'default') ?? (isEnvObj || f === 'decouple.config' ? undefined : args[1]);
        const def = dArg && dArg.toks.length === 1 && dArg.toks[0]?.type === 'string' ? stringValue(dArg.toks[0]) : dArg ? text(dArg.toks) : undefined;
        const via = isEnvObj ? 'django-environ' : f === 'decouple.config' ? 'decouple.config' : f.replace(/^os\./, 'os.');
        if (f === 'os.environ.setdefault' || f === 'os.putenv') return { name, via, def, end: close + 1, write: true };
        return { name, via, def, end: close + 1 };
      }
    }
    return undefined;
  };

  const valueOf = (toks: Tok[], depth = 0): ValueExpr | undefined => {
    let t = toks;
    while (t.length >= 2 && t[0]?.text === '(' && matchClose(t, 0) === t.length - 1) t = t.slice(1, -1);
    if (t.length === 0) return undefined;
    if (t.every((x) => x.type === 'string')) {
      const parts = t.map((x) => stringValue(x));
      if (parts.every((p): p is string => p !== undefined)) return lit(parts.join(''));
      return other(text(t));
    }
    if (t.length === 1 && t[0]?.type === 'name') {
      const nm = t[0].text;
      if (nm === 'None') return undefined;
      const bound = assigns.get(nm);
      if (bound && depth < 4) return valueOf(bound, depth + 1) ?? other(nm);
      return other(nm);
    }
    const r = envReadAt(t, 0);
    if (r && !r.write) {
      if (r.end === t.length) return envv(r.name, r.def);
      // os.getenv("X") or "default"
      if (t[r.end]?.text === 'or' && t.length === r.end + 2 && t[r.end + 1]?.type === 'string') return envv(r.name, stringValue(t[r.end + 1] as Tok));
    }
    // str(...) / SecretStr(...)
    if (t[0]?.type === 'name' && (t[0].text === 'str' || t[0].text === 'SecretStr') && t[1]?.text === '(' && matchClose(t, 1) === t.length - 1) return valueOf(t.slice(2, -1), depth + 1);
    return other(text(t));
  };

  const pathOf = (toks: Tok[], depth = 0): PathVal | undefined => {
    let t = toks;
    while (t.length >= 2 && t[0]?.text === '(' && matchClose(t, 0) === t.length - 1) t = t.slice(1, -1);
    if (t.length === 0 || depth > 6) return undefined;
    // split on top-level '/'
    const parts: Tok[][] = [[]];
    let d = 0;
    for (const x of t) {
      if (x.type === 'op' && '([{'.includes(x.text)) d++;
      if (x.type === 'op' && ')]}'.includes(x.text)) d--;
      if (d === 0 && x.type === 'op' && x.text === '/') parts.push([]);
      else parts[parts.length - 1]?.push(x);
    }
    if (parts.length > 1) {
      let v = pathOf(parts[0] ?? [], depth + 1);
      for (const p of parts.slice(1)) {
        if (!v) return undefined;
        const s = p.length === 1 && p[0]?.type === 'string' ? stringValue(p[0]) : undefined;
        if (s === undefined) return undefined;
        v = joinP(v, s);
      }
      return v;
    }
    // atom + trailers
    const first = t[0];
    if (!first) return undefined;
    let v: PathVal | undefined;
    let j: number;
    if (first.type === 'string') {
      const s = stringValue(first);
      if (s === undefined) return undefined;
      v = s.startsWith('/') || s.startsWith('~') ? { anchor: 'abs', rel: s, isFile: false } : { anchor: 'cwd', rel: s, isFile: false };
      j = 1;
    } else if (first.type === 'name') {
      const dn = dotted(t, 0);
      if (!dn) return undefined;
      const f = full(dn.name);
      j = dn.end;
      if (dn.name === '__file__') v = { anchor: 'filedir', rel: '', isFile: true };
      else if (t[j]?.text === '(') {
        const close = matchClose(t, j);
        const args = splitArgs(t, j, close);
        const a0 = args[0];
        if (/(^|\.)(Path|PurePath|abspath|realpath|normpath|str|expanduser|fspath)$/.test(f) && a0) v = pathOf(a0.toks, depth + 1);
        else if (/(^|\.)dirname$/.test(f) && a0) v = parentP(pathOf(a0.toks, depth + 1));
        else if (f === 'os.getcwd' || /(^|\.)Path\.cwd$/.test(f)) v = { anchor: 'cwd', rel: '', isFile: false };
        else if (/(^|\.)path\.join$/.test(f) && a0) {
          v = pathOf(a0.toks, depth + 1);
          for (const a of args.slice(1)) {
            const s = a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
            if (!v || s === undefined) return undefined;
            v = joinP(v, s);
          }
        } else return undefined;
        j = close + 1;
      } else {
        const bound = assigns.get(dn.name);
        if (!bound || dn.name.includes('.')) return undefined;
        v = pathOf(bound, depth + 1);
      }
    } else return undefined;
    // trailers: .parent, .parents[N], .resolve(), .absolute(), .joinpath("x")
    while (v && j < t.length) {
      if (t[j]?.text !== '.' || t[j + 1]?.type !== 'name') return undefined;
      const attr = t[j + 1]?.text;
      j += 2;
      if (attr === 'parent') v = parentP(v);
      else if (attr === 'parents' && t[j]?.text === '[' && t[j + 1]?.type === 'number' && t[j + 2]?.text === ']') {
        const nUp = Number(t[j + 1]?.text ?? '0');
        for (let x = 0; x <= nUp; x++) v = parentP(v);
        j += 3;
      } else if ((attr === 'resolve' || attr === 'absolute' || attr === 'expanduser') && t[j]?.text === '(') j = matchClose(t, j) + 1;
      else if (attr === 'joinpath' && t[j]?.text === '(') {
        const close = matchClose(t, j);
        for (const a of splitArgs(t, j, close)) {
          const s = a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
          if (s === undefined) return undefined;
          v = joinP(v, s);
        }
        j = close + 1;
      } else return undefined;
    }
    return v;
  };
  const parentP = (v: PathVal | undefined): PathVal | undefined => {
    if (!v) return undefined;
    if (v.isFile) return { anchor: v.anchor, rel: '', isFile: false };
    return { anchor: v.anchor, rel: posix.join(v.rel || '.', '..'), isFile: false };
  };
  const joinP = (v: PathVal, s: string): PathVal => (s.startsWith('/') ? { anchor: 'abs', rel: s, isFile: false } : { anchor: v.anchor, rel: posix.join(v.isFile ? '.' : v.rel || '.', s), isFile: false });

  const addLoad = (loader: string, line: number, pathToks: Tok[] | undefined, override: boolean, extra: Partial<DotenvLoad> = {}): void => {
    const load: DotenvLoad = { file: rel, line: mapLine(line), loader, override, order, topLevel: !inFunction, language, ...extra };
    if (!pathToks || pathToks.length === 0 || (pathToks.length === 1 && pathToks[0]?.text === 'None')) {
      if (!load.base) load.base = opts.notebook ? 'cwd-walk-up' : 'walk-up';
      if (load.path === undefined && load.base !== 'file-dir') load.path = undefined;
    } else {
      // find_dotenv(...) inside
      const fd = dotted(pathToks, 0);
      if (fd && full(fd.name) === 'dotenv.find_dotenv' && pathToks[fd.end]?.text === '(') {
        const close = matchClose(pathToks, fd.end);
        const args = splitArgs(pathToks, fd.end, close);
        const fname = args.find((a) => a.kw === 'filename') ?? args.find((a) => !a.kw);
        const usecwd = args.find((a) => a.kw === 'usecwd')?.toks[0]?.text === 'True';
        load.base = usecwd || opts.notebook ? 'cwd-walk-up' : 'walk-up';
        const fv = fname && fname.toks.length === 1 && fname.toks[0]?.type === 'string' ? stringValue(fname.toks[0]) : undefined;
        if (fv !== undefined) load.path = fv;
      } else {
        const pv = pathOf(pathToks);
        if (!pv) {
          load.base = 'unknown';
          load.pathText = text(pathToks).slice(0, 120);
        } else {
          load.base = pv.anchor === 'filedir' ? 'file-dir' : pv.anchor === 'abs' ? 'absolute' : 'cwd';
          load.path = pv.rel || '.';
        }
      }
    }
    out.dotenvLoads.push(load);
    if (inFunction && fnName) fnLoads.push({ load, fn: fnName });
  };

  const addModel = (name: string, line: number): void => {
    if (!models.has(name) && name.length < 100) models.set(name, mapLine(line));
  };

  const clientKind = (f: string): { sdk: string; azure: boolean; gen?: 'v1' } | undefined => {
    const last = f.slice(f.lastIndexOf('.') + 1);
    if (f === 'openai.OpenAI' || f === 'openai.AsyncOpenAI') return { sdk: 'openai-python', azure: false, gen: 'v1' };
    if (f === 'openai.AzureOpenAI' || f === 'openai.AsyncAzureOpenAI') return { sdk: 'azure-openai-python', azure: true, gen: 'v1' };
    const lc = f.startsWith('langchain') || !f.includes('.');
    if (lc && /^(ChatOpenAI|OpenAIEmbeddings)$/.test(last)) return { sdk: 'langchain-openai', azure: false };
    if (f.startsWith('langchain') && last === 'OpenAI') return { sdk: 'langchain-openai', azure: false };
    if (lc && /^(AzureChatOpenAI|AzureOpenAIEmbeddings)$/.test(last)) return { sdk: 'langchain-azure', azure: true };
    if (f.startsWith('langchain') && last === 'AzureOpenAI') return { sdk: 'langchain-azure', azure: true };
    if (!f.includes('.') && (last === 'OpenAI' || last === 'AsyncOpenAI') && !imports.has(last)) return { sdk: 'openai-python', azure: false, gen: 'v1' };
    if (!f.includes('.') && (last === 'AzureOpenAI' || last === 'AsyncAzureOpenAI') && !imports.has(last)) return { sdk: 'azure-openai-python', azure: true, gen: 'v1' };
    return undefined;
  };

  const handleCall = (toks: Tok[], k: number, callee: string, open: number): void => {
    const f = full(callee);
    const close = matchClose(toks, open);
    const args = splitArgs(toks, open, close);
    const line = toks[k]?.line ?? 0;
    for (const a of args) {
      if (a.kw && MODEL_KEYS.has(a.kw) && a.toks.length === 1 && a.toks[0]?.type === 'string') {
        const m = stringValue(a.toks[0]);
        if (m) addModel(m, line);
      }
    }
    if (V0_RESOURCES.test(f)) {
      setGeneration('v0', line);
      if (/\.create$/.test(f) && args.some((a) => a.kw === 'model') && !args.some((a) => a.kw === 'engine' || a.kw === 'deployment_id')) v0ModelOnly.push(line);
    }
    if (/\.(chat\.completions|responses|embeddings|images|audio\.\w+|moderations|files|batches|fine_tuning\.jobs)\.(create|parse|stream|list|retrieve)$/.test(callee) && !V0_RESOURCES.test(f)) setGeneration('v1', line);
    if (f === 'dotenv.load_dotenv' || f === 'dotenv.dotenv_values' || f === 'dotenv.main.load_dotenv') {
      const pathArg = args.find((a) => a.kw === 'dotenv_path') ?? args.find((a) => !a.kw);
      const override = args.find((a) => a.kw === 'override')?.toks[0]?.text === 'True';
      addLoad('python-dotenv', line, pathArg?.toks, override, f.endsWith('dotenv_values') ? { populatesEnv: false } : {});
      return;
    }
    if (/^environ\.Env\.read_env$|^environ\.Env\(\)\.read_env$/.test(f) || (callee.endsWith('.read_env') && envObjects.has(callee.split('.')[0] ?? ''))) {
      const pathArg = args.find((a) => a.kw === 'env_file') ?? args.find((a) => !a.kw);
      const override = args.find((a) => a.kw === 'overwrite')?.toks[0]?.text === 'True';
      addLoad('django-environ', line, pathArg?.toks, override, pathArg ? {} : { base: 'file-dir', path: '.env' });
      return;
    }
    if (/^litellm\.(completion|acompletion|embedding|aembedding|text_completion|responses|aresponses)$/.test(f)) {
      const mArg = args.find((a) => a.kw === 'model') ?? args.find((a) => !a.kw);
      const model = mArg && mArg.toks.length === 1 && mArg.toks[0]?.type === 'string' ? stringValue(mArg.toks[0]) : undefined;
      if (model && /\//.test(model) && !/^(azure|openai|azure_ai)\//.test(model)) return; // another provider
      if (model && !model.includes('/') && !/^(gpt|o\d|text-|chatgpt|davinci|babbage|curie|ada|dall-e|whisper|tts|omni)/.test(model)) return;
      const azure = !!model && model.startsWith('azure/');
      const c: ClientConstruction = { file: rel, line: mapLine(line), sdk: 'litellm', options: {}, order, topLevel: !inFunction, language, callee: callee, azure };
      for (const a of args) {
        const slot = a.kw ? PY_OPTION_MAP[a.kw] : undefined;
        if (slot && slot !== 'dangerouslyAllowBrowser') {
          const v = valueOf(a.toks);
          if (v) c.options[slot] = v;
        }
      }
      if (azure) out.code.signals = [...(out.code.signals ?? []), { kind: 'litellm-azure', line: mapLine(line) }];
      out.clients.push(finishClient(c));
      return;
    }
    const kind = clientKind(f);
    if (kind) {
      const c: ClientConstruction = { file: rel, line: mapLine(line), sdk: kind.sdk, options: {}, order, topLevel: !inFunction, language, callee: callee, azure: kind.azure };
      let opaque = false;
      for (const a of args) {
        if (!a.kw) {
          if (a.toks[0]?.text === '**') opaque = true;
          continue;
        }
        const slot = PY_OPTION_MAP[a.kw];
        if (slot && slot !== 'dangerouslyAllowBrowser') {
          const v = valueOf(a.toks);
          if (v) c.options[slot] = v;
        }
      }
      if (opaque && !c.options.apiKey) c.options.apiKey = other('**kwargs');
      if (kind.gen) setGeneration(kind.gen, line);
      out.clients.push(finishClient(c));
    }
  };

  const stmts: Stmt[] = tk.stmts;
  for (const st of stmts) {
    while (stack.length && (stack[stack.length - 1]?.indent ?? -1) >= st.indent) stack.pop();
    const toks = st.toks;
    const first = toks[0];
    if (!first) continue;
    const kw0 = first.type === 'name' ? first.text : '';
    const isDef = kw0 === 'def' || (kw0 === 'async' && toks[1]?.text === 'def') || kw0 === 'lambda';
    inFunction = stack.some((b) => b.kind === 'def') || isDef;
    fnName = stack.find((b) => b.kind === 'def')?.name ?? (isDef ? (kw0 === 'async' ? toks[2]?.text : toks[1]?.text) : undefined);
    const settings = stack[stack.length - 1]?.settings;
    const opensBlock = first.type === 'name' && BLOCK_KEYWORDS.has(kw0) && toks.some((t) => t.text === ':');
    if (opensBlock) {
      const kind = kw0 === 'async' ? (toks[1]?.text ?? 'async') : kw0;
      let sc: SettingsClass | undefined;
      if (kind === 'class') {
        const close = toks[2]?.text === '(' ? matchClose(toks, 2) : -1;
        const bases = close > 0 ? toks.slice(3, close).map((t) => t.text) : [];
        if (bases.some((b) => b === 'BaseSettings')) {
          sc = { fields: [], prefix: '', envFiles: [], line: first.line, order };
          settingsClasses.push(sc);
        } else if (settings && toks[1]?.text === 'Config') sc = settings; // pydantic v1 inner Config
      }
      stack.push({ indent: st.indent, kind, ...(kind === 'def' ? { name: kw0 === 'async' ? toks[2]?.text : toks[1]?.text } : {}), ...(sc ? { settings: sc } : {}) });
      // if __name__ == "__main__":
      if (kw0 === 'if' && toks.some((t) => t.text === '__name__') && toks.some((t) => t.type === 'string' && stringValue(t) === '__main__')) out.code.hasMainGuard = true;
    }

    // imports
    if (kw0 === 'import' || (kw0 === 'from' && toks.some((t) => t.text === 'import'))) {
      if (kw0 === 'import') {
        const arr: Tok[] = [{ type: 'op', text: '(', line: 0 }, ...toks.slice(1), { type: 'op', text: ')', line: 0 }];
        for (const a of splitArgs(arr, 0, arr.length - 1)) {
          const mod = a.toks.filter((t) => t.text !== 'as').map((t) => t.text);
          const asAt = a.toks.findIndex((t) => t.text === 'as');
          const modName = (asAt >= 0 ? a.toks.slice(0, asAt) : a.toks).map((t) => t.text).join('');
          const local = asAt >= 0 ? (a.toks[asAt + 1]?.text ?? modName) : (modName.split('.')[0] ?? modName);
          imports.set(local, asAt >= 0 ? modName : (modName.split('.')[0] ?? modName));
          if (mod.length) out.rawLoads.push({ spec: modName, line: mapLine(first.line), order, hoisted: false, dynamic: inFunction });
          if (modName === 'openai' && !openaiImport) openaiImport = { line: first.line, order, topLevel: !inFunction };
        }
      } else {
        const impAt = toks.findIndex((t) => t.text === 'import');
        const modName = toks.slice(1, impAt).map((t) => t.text).join('');
        let names = toks.slice(impAt + 1);
        if (names[0]?.text === '(') names = names.slice(1, -1);
        const specs = [modName];
        const arr: Tok[] = [{ type: 'op', text: '(', line: 0 }, ...names, { type: 'op', text: ')', line: 0 }];
        for (const a of splitArgs(arr, 0, arr.length - 1)) {
          const nm = a.toks[0]?.text ?? '';
          const local = a.toks[1]?.text === 'as' ? (a.toks[2]?.text ?? nm) : nm;
          if (nm === '*') continue;
          imports.set(local, `${modName.replace(/^\.+/, '')}.${nm}`);
          specs.push(modName.endsWith('.') ? modName + nm : `${modName}.${nm}`);
          if (modName === 'openai' && /^(OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI)$/.test(nm)) setGeneration('v1', first.line);
        }
        for (const s of specs) out.rawLoads.push({ spec: s, line: mapLine(first.line), order, hoisted: false, dynamic: inFunction });
      }
      order++;
      continue;
    }

    // pydantic-settings fields and config (class body level)
    if (settings && !inFunction && stack[stack.length - 1]?.settings === settings) {
      if (first.type === 'name' && toks[1]?.text === ':' && !opensBlock) {
        const eq = toks.findIndex((t) => t.text === '=');
        let name = first.text;
        let alias = false;
        let def: string | undefined;
        if (eq > 0) {
          const rhs = toks.slice(eq + 1);
          const v = valueOf(rhs);
          if (v?.kind === 'literal') def = v.value;
          if (rhs[0]?.text === 'None') def = '';
          const d0 = dotted(rhs, 0);
          if (d0 && /(^|\.)Field$/.test(d0.name) && rhs[d0.end]?.text === '(') {
            const args = splitArgs(rhs, d0.end, matchClose(rhs, d0.end));
            const al = args.find((a) => a.kw === 'alias' || a.kw === 'validation_alias' || a.kw === 'env');
            const av = al && al.toks.length === 1 && al.toks[0]?.type === 'string' ? stringValue(al.toks[0]) : undefined;
            if (av) {
              name = av;
              alias = true;
            }
            const dv = args.find((a) => a.kw === 'default') ?? args.find((a) => !a.kw);
            def = dv ? (dv.toks[0]?.type === 'string' ? stringValue(dv.toks[0]) : dv.toks[0]?.text === 'None' ? '' : dv.toks[0]?.text === '...' ? undefined : text(dv.toks)) : undefined;
          }
        }
        if (name !== 'model_config') settings.fields.push({ name, attr: first.text, line: first.line, def, alias, order });
      } else if (first.type === 'name' && (first.text === 'model_config' || first.text === 'env_file' || first.text === 'env_prefix')) {
        const eq = toks.findIndex((t) => t.text === '=');
        const rhs = toks.slice(eq + 1);
        if (first.text === 'env_file') settings.envFiles.push({ toks: rhs, line: first.line });
        else if (first.text === 'env_prefix') settings.prefix = (rhs[0]?.type === 'string' ? stringValue(rhs[0]) : '') ?? '';
        else {
          const d0 = dotted(rhs, 0);
          if (d0 && rhs[d0.end]?.text === '(') {
            for (const a of splitArgs(rhs, d0.end, matchClose(rhs, d0.end))) {
              if (a.kw === 'env_file') settings.envFiles.push({ toks: a.toks, line: first.line });
              if (a.kw === 'env_prefix' && a.toks[0]?.type === 'string') settings.prefix = stringValue(a.toks[0]) ?? '';
            }
          }
        }
      }
    }

    // assignment: NAME = ..., openai.attr = ..., os.environ["X"] = ...
    let eqAt = -1;
    {
      let d = 0;
      for (let j = 0; j < toks.length; j++) {
        const t = toks[j];
        if (t?.type !== 'op') continue;
        if ('([{'.includes(t.text)) d++;
        else if (')]}'.includes(t.text)) d--;
        else if (d === 0 && t.text === '=') {
          eqAt = j;
          break;
        }
      }
    }
    if (eqAt > 0 && !opensBlock) {
      const lhs = toks.slice(0, eqAt);
      const rhs = toks.slice(eqAt + 1);
      const ld = dotted(lhs, 0);
      if (ld && ld.end === lhs.length) {
        if (!ld.name.includes('.')) {
          assigns.set(ld.name, rhs);
          if (!inFunction) {
            const v = valueOf(rhs);
            if (v?.kind === 'env') (out.envAliases ??= {})[ld.name] = v.name;
          }
          const rd = dotted(rhs, 0);
          if (rd && full(rd.name) === 'environ.Env' && rhs[rd.end]?.text === '(') envObjects.add(ld.name);
        }
        const fl = full(ld.name);
        const m = /^openai\.(\w+)$/.exec(fl);
        const slot = m ? MODULE_ATTRS[m[1] ?? ''] : undefined;
        if (m && slot) {
          if (!moduleClient) {
            moduleClient = { file: rel, line: mapLine(first.line), sdk: 'openai-python', options: {}, order, topLevel: !inFunction, language, callee: 'openai module settings' };
            out.clients.push(moduleClient);
          }
          const v = valueOf(rhs);
          if (slot === 'api_type') {
            if (v?.kind === 'literal' && /azure/i.test(v.value)) moduleClient.azure = true;
          } else if (v && slot !== 'dangerouslyAllowBrowser') moduleClient.options[slot] = v;
          if (m[1] === 'api_base') setGeneration('v0', first.line);
        }
      }
    }

    // scan expressions: env reads/writes and calls
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t?.type !== 'name' || toks[k - 1]?.text === '.') continue;
      const nx = toks[k + 1]?.text;
      if (nx !== '.' && nx !== '(' && nx !== '[') continue;
      const r = ENV_HEADS.has(t.text) || envObjects.has(t.text) || imports.has(t.text) ? envReadAt(toks, k) : undefined;
      if (r) {
        if (r.write) out.envWrites.push({ name: r.name, file: rel, line: mapLine(t.line), language, via: r.via, order, topLevel: !inFunction, ...(r.def !== undefined && r.via.includes('setdefault') ? { value: r.def } : {}) });
        else out.envReads.push({ name: r.name, file: rel, line: mapLine(t.line), language, via: r.via, ...(r.def !== undefined ? { default: r.def } : {}), order, topLevel: !inFunction });
      }
      const d = dotted(toks, k);
      if (!d) continue;
      const f = full(d.name);
      if (!inFunction && !d.name.includes('.') && toks[d.end]?.text === '(' && !topCalls.has(d.name)) topCalls.set(d.name, order);
      if (V0_RESOURCES.test(f)) setGeneration('v0', t.line);
      if (toks[d.end]?.text === '(') handleCall(toks, k, d.name, d.end);
    }
    order++;
  }

  // pydantic-settings classes → env reads (case-insensitive names, reported upper-case) and env_file loads
  for (const sc of settingsClasses) {
    for (const f of sc.fields) {
      const name = f.alias ? f.name : (sc.prefix + f.name).toUpperCase();
      (out.envAliases ??= {})[f.attr] = name;
      out.envReads.push({ name, file: rel, line: mapLine(f.line), language, via: 'pydantic-settings', ...(f.def !== undefined ? { default: f.def } : {}), order: f.order, topLevel: true });
    }
    for (const ef of sc.envFiles) {
      const files = ef.toks[0]?.text === '(' || ef.toks[0]?.text === '[' ? splitArgs(ef.toks, 0, matchClose(ef.toks, 0)).map((a) => a.toks) : [ef.toks];
      for (const ft of files) {
        const saved = inFunction;
        inFunction = false;
        const before = order;
        order = sc.order;
        addLoad('pydantic-settings', ef.line, ft, false, { populatesEnv: false });
        order = before;
        inFunction = saved;
      }
    }
  }
  // `def main(): load_dotenv() ...` + `if __name__ == "__main__": main()`: the load runs when main() is called
  for (const { load, fn } of fnLoads) {
    const at = topCalls.get(fn);
    if (at !== undefined && at > (load.order ?? 0)) {
      load.topLevel = true;
      load.order = at;
    }
  }
  if (out.code.sdkGeneration === 'v0') {
    // v0 reads OPENAI_API_KEY once, when `import openai` runs; an explicit `openai.api_key = ...` replaces it.
    if (moduleClient) moduleClient.sdk = 'openai-legacy-python';
    else if (openaiImport) {
      moduleClient = { file: rel, line: mapLine(openaiImport.line), sdk: 'openai-legacy-python', options: {}, order: openaiImport.order, topLevel: openaiImport.topLevel, language, callee: 'import openai' };
      out.clients.push(moduleClient);
    }
  }
  if (moduleClient) finishClient(moduleClient);
  if (moduleClient?.azure && v0ModelOnly.length) out.code.signals = [...(out.code.signals ?? []), ...v0ModelOnly.map((l) => ({ kind: 'v0-azure-model-param', line: mapLine(l) }))];
  if (models.size) out.code.models = [...models].map(([name, line]) => ({ name, line }));
  // v0 Azure: `model=` where the deployment must be passed as `engine=`
  return out;
}
