/**
 * Where code builds an LLM client: `new OpenAI({...})`, `new AzureOpenAI`, LangChain's `ChatOpenAI`,
 * the Vercel AI SDK's `createOpenAI` / default `openai(...)` provider, `@azure/openai`, with the
 * options that decide where the key comes from and where it goes, and the conditions around it.
 */
import { type Node, child, kids, propName, str, stringOf, unwrap } from '../ast.js';
import { finishClient, other } from '../../analysis.js';
import type { ClientConstruction } from '../../types.js';
import type { JsContext, JsVisitor } from '../context.js';
import { addModel, setGeneration } from './models.js';
import { applyChatModel, chatModelProvider } from '../../chat-models.js';
import { AUTH_PREFIX, CREDENTIAL_HEADERS, httpClient } from '../../http-clients.js';
import { lit } from '../../analysis.js';
import type { ValueExpr } from '../../types.js';

interface ClientKind {
  sdk: string;
  azure: boolean;
  generation?: 'node-v3' | 'node-v4';
}

function clientKind(name: string, source: string | undefined): ClientKind | undefined {
  const src = source ?? '';
  if (src === 'openai' || src.startsWith('openai/') || (!source && (name === 'OpenAI' || name === 'AzureOpenAI'))) {
    if (name === 'OpenAI' || name === 'default') return { sdk: 'openai-node', azure: false, generation: 'node-v4' };
    if (name === 'AzureOpenAI') return { sdk: 'azure-openai-node', azure: true, generation: 'node-v4' };
    if (name === 'Configuration') return { sdk: 'openai-legacy-node', azure: false, generation: 'node-v3' };
    return undefined;
  }
  if (src.startsWith('@langchain/') || src.startsWith('langchain')) {
    if (/^Azure(ChatOpenAI|OpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-azure', azure: true };
    if (/^(ChatOpenAI|OpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-openai', azure: false };
    return undefined;
  }
  if (!source && /^(ChatOpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-openai', azure: false };
  if (!source && /^Azure(ChatOpenAI|OpenAIEmbeddings)$/.test(name)) return { sdk: 'langchain-azure', azure: true };
  if (src === '@ai-sdk/openai' && name === 'createOpenAI') return { sdk: 'vercel-ai', azure: false };
  if (src === '@ai-sdk/azure' && name === 'createAzure') return { sdk: 'vercel-ai', azure: true };
  if (src === '@azure/openai' && name === 'OpenAIClient') return { sdk: 'azure-openai-node', azure: true };
  if ((src === 'llamaindex' || src === '@llamaindex/openai') && /^(OpenAI|OpenAIEmbedding|OpenAIAgent)$/.test(name))
    return { sdk: 'llamaindex-openai', azure: false };
  if ((src === 'llamaindex' || src === '@llamaindex/azure') && /^Azure(OpenAI|OpenAIEmbedding)$/.test(name))
    return { sdk: 'llamaindex-azure', azure: true };
  return undefined;
}

const OPTION_MAP: Record<string, keyof ClientConstruction['options']> = {
  apiKey: 'apiKey',
  openAIApiKey: 'apiKey',
  openaiApiKey: 'apiKey',
  azureOpenAIApiKey: 'apiKey',
  baseURL: 'baseURL',
  baseUrl: 'baseURL',
  basePath: 'baseURL',
  organization: 'organization',
  project: 'project',
  apiVersion: 'apiVersion',
  azureOpenAIApiVersion: 'apiVersion',
  endpoint: 'azureEndpoint',
  azureOpenAIEndpoint: 'azureEndpoint',
  azureOpenAIBasePath: 'azureEndpoint',
  azureOpenAIApiInstanceName: 'azureEndpoint',
  resourceName: 'azureEndpoint',
  deployment: 'deployment',
  deploymentName: 'deployment',
  azureOpenAIApiDeploymentName: 'deployment',
  // openai-node 7: a workload identity token instead of a key (no key variable is read)
  workloadIdentity: 'azureADToken',
  azureADTokenProvider: 'azureADToken',
  azureADToken: 'azureADToken',
};

/** The fields every construction shares: where it is and under what conditions it runs. */
function base(ctx: JsContext, n: Node, sdk: string, callee: string, azure: boolean): ClientConstruction {
  const p = ctx.at(n);
  const c: ClientConstruction = {
    file: ctx.rel,
    line: p.line,
    column: p.column,
    sdk,
    options: {},
    order: ctx.order,
    topLevel: ctx.fnDepth === 0,
    language: ctx.language,
    callee,
    azure,
  };
  if (ctx.when.length) c.when = ctx.when;
  if (ctx.fnDepth > 0 && ctx.fnName) c.fn = ctx.fnName;
  if (ctx.fnDepth > 0 && ctx.cls) c.cls = ctx.cls;
  return c;
}

function clientFrom(ctx: JsContext, n: Node, kind: ClientKind, calleeName: string): void {
  const args = kids(n, 'arguments');
  const c = base(ctx, n, kind.sdk, calleeName, kind.azure);
  let optsNode = ctx.scope.objectOf(args[0]);
  if (kind.sdk === 'azure-openai-node' && calleeName === 'OpenAIClient') {
    // new OpenAIClient(endpoint, new AzureKeyCredential(key))
    const ep = ctx.scope.valueOf(args[0]);
    if (ep) c.options.azureEndpoint = ep;
    const cred = unwrap(args[1]);
    if (cred?.type === 'NewExpression') {
      const k = ctx.scope.valueOf(kids(cred, 'arguments')[0]);
      if (k) c.options.apiKey = k;
    } else if (cred) c.options.apiKey = other(ctx.src(cred));
    optsNode = undefined;
  } else if (args[0] && !optsNode) {
    c.options.apiKey = other(ctx.src(args[0])); // options built elsewhere: do not guess a default
  }
  // A property's value; inside an object a local function returns (`...options(token)`), one that
  // mentions the function's parameters is what its caller passes (a token it fetched), not knowable
  // at the definition, and not a bare name the SDK would fall back from.
  const valueIn = (v: Node | undefined, params: Set<string>): ValueExpr | undefined => {
    if (!v || params.size === 0) return ctx.scope.valueOf(v);
    const text = ctx.src(v);
    return [...params].some((x) => new RegExp(`(?<![\\w$.])${x.replace(/\$/g, '\\$')}(?![\\w$])`).test(text))
      ? other(`${text} (what the caller passes)`)
      : ctx.scope.valueOf(v);
  };
  // Properties in order (a later one wins); a spread of an object literal this module makes
  // (`...common`, `...options(token)`) is read in place, up to a few levels deep.
  const apply = (obj: Node, params: Set<string>, depth: number): void => {
    for (const p of kids(obj, 'properties')) {
      if (depth === 0) ctx.optionProps.add(p);
      if (p.type !== 'Property') {
        const inner = depth < 3 ? ctx.scope.spreadSource(child(p, 'argument')) : undefined;
        if (inner && !ctx.scope.mutationsOf(inner.obj))
          apply(inner.obj, new Set([...params, ...inner.params]), depth + 1);
        else c.spread = true; // `{ ...opts }` may carry the key; without one the SDK reads its default variable
        continue;
      }
      applyProp(p, params);
    }
  };
  const applyProp = (p: Node, params: Set<string>): void => {
    const k = propName(p) ?? '';
    const v = child(p, 'value');
    // a fetch that answers by itself (a test or a demo's canned Response): nothing reaches the API
    if (k === 'fetch') {
      const src = v ? ctx.src(v) : '';
      if (/new Response\(|Response\.json\(/.test(src) && !/\bfetch\s*\(|undici|globalThis\.fetch/.test(src))
        c.mockFetch = true;
      return;
    }
    if (k === 'dangerouslyAllowBrowser') {
      const u = unwrap(v);
      c.options.dangerouslyAllowBrowser = u?.type === 'Literal' ? u.value === true : true;
      return;
    }
    if (k === 'configuration') {
      const inner = ctx.scope.objectOf(v);
      for (const q of kids(inner, 'properties')) {
        const slot = OPTION_MAP[propName(q) ?? ''];
        const val = valueIn(child(q, 'value'), params);
        if (slot && slot !== 'dangerouslyAllowBrowser' && val && !c.options[slot]) c.options[slot] = val;
      }
      return;
    }
    // openai-node's `provider: bedrock({...})`: the provider signs requests itself (AWS credentials) and
    // names the endpoint; neither OPENAI_API_KEY nor OPENAI_BASE_URL is read
    if (k === 'provider' && (kind.sdk === 'openai-node' || kind.sdk === 'azure-openai-node')) {
      c.options.azureADToken = { kind: 'token-provider', text: 'a third-party provider (provider:)' };
      c.options.baseURL ??= other("the provider's endpoint");
      return;
    }
    const slot = OPTION_MAP[k];
    if (slot && slot !== 'dangerouslyAllowBrowser') {
      const val =
        k === 'azureADTokenProvider' || k === 'workloadIdentity'
          ? {
              kind: 'token-provider' as const,
              text: k === 'workloadIdentity' ? 'workload identity' : 'a token provider',
            }
          : valueIn(v, params);
      if (val) c.options[slot] = val;
    }
  };
  if (optsNode) apply(optsNode, new Set(), 0);
  // Options set after the object was made (`obj.apiKey = key` under a condition) are not the literal's:
  // keydoctor cannot tell which value the client gets.
  const later = ctx.scope.mutationsOf(optsNode);
  if (later) {
    for (const k of later) {
      const slot = k === 'configuration' ? 'baseURL' : OPTION_MAP[k];
      if (k === '*') c.spread = true;
      else if (slot && slot !== 'dangerouslyAllowBrowser') c.options[slot] = other(`${k} set later`);
    }
  }
  if (kind.generation) setGeneration(ctx, kind.generation, n);
  ctx.out.clients.push(finishClient(c));
}

const AI_CALLS = new Set([
  'generateText',
  'streamText',
  'generateObject',
  'streamObject',
  'embed',
  'embedMany',
  'generateImage',
  'experimental_generateImage',
]);

/**
 * The AI SDK's string model ids (`model: 'openai/gpt-4o'`, `gateway('openai/gpt-4o')`) go through the
 * Vercel AI Gateway, which takes AI_GATEWAY_API_KEY (or the OIDC token on Vercel), not an OpenAI key.
 */
function gatewayModel(n: Node, ctx: JsContext, info: ReturnType<JsContext['scope']['calleeInfo']>): boolean {
  const src = info?.binding?.source;
  if (src !== 'ai' && src !== '@ai-sdk/gateway') return false;
  const args = kids(n, 'arguments');
  let model: string | undefined;
  if (info?.name === 'gateway') model = stringOf(args[0]);
  else if (AI_CALLS.has(info?.name ?? '')) {
    const o = ctx.scope.objectOf(args[0]);
    const p = kids(o, 'properties').find((x) => x.type === 'Property' && propName(x) === 'model');
    model = p ? stringOf(child(p, 'value')) : undefined;
  }
  if (!model || !/^[a-z0-9-]+\/[\w.:-]+$/i.test(model)) return false;
  if (/^openai\//.test(model)) addModel(ctx, model.slice(7), n);
  if (!ctx.out.clients.some((c) => c.sdk === 'vercel-gateway'))
    ctx.out.clients.push(finishClient(base(ctx, n, 'vercel-gateway', 'gateway', false)));
  return true;
}

/** The OpenAI Agents SDK for JavaScript: `new Agent(...)` runs on the default client (OPENAI_API_KEY) unless `setDefaultOpenAIKey` / `setDefaultOpenAIClient` set one. */
function agentsClient(n: Node, ctx: JsContext, info: ReturnType<JsContext['scope']['calleeInfo']>): boolean {
  if (info?.binding?.source !== '@openai/agents' && info?.binding?.source !== '@openai/agents-openai') return false;
  const args = kids(n, 'arguments');
  if (info.name === 'setDefaultOpenAIKey') {
    const c = base(ctx, n, 'openai-agents', 'setDefaultOpenAIKey', false);
    const v = ctx.scope.valueOf(args[0]);
    if (v) c.options.apiKey = v;
    ctx.out.clients.push(finishClient(c));
    return true;
  }
  // `new OpenAIProvider({ useResponses: true })` with neither a key nor a client reads OPENAI_API_KEY itself
  const provides =
    info.name === 'OpenAIProvider' &&
    kids(ctx.scope.objectOf(args[0]), 'properties').some(
      (p) => p.type !== 'Property' || /^(apiKey|openAIClient)$/.test(propName(p) ?? ''),
    );
  if (
    info.name === 'setDefaultOpenAIClient' ||
    provides ||
    (info.name === 'OpenAIProvider' && args[0] && !ctx.scope.objectOf(args[0]))
  ) {
    ctx.out.code.signals = [...(ctx.out.code.signals ?? []), { kind: 'agents-default-client', line: ctx.at(n).line }];
    return true; // the client passed in is recorded where it is built
  }
  if (n.type === 'NewExpression' && info.name === 'Agent' && !ctx.out.clients.some((c) => c.sdk === 'openai-agents')) {
    ctx.out.clients.push(finishClient(base(ctx, n, 'openai-agents', 'Agent', false)));
    return true;
  }
  return false;
}

/** LangChain's `initChatModel("openai:gpt-4o")` / `initChatModel("claude-...", { modelProvider: "anthropic", apiKey })`. */
function universalChatModel(n: Node, ctx: JsContext, info: ReturnType<JsContext['scope']['calleeInfo']>): boolean {
  const src = info?.binding?.source ?? '';
  if (
    info?.name !== 'initChatModel' ||
    !(src === 'langchain' || src.startsWith('langchain/') || src.startsWith('@langchain/'))
  )
    return false;
  const args = kids(n, 'arguments');
  const model =
    (args[0] && unwrap(args[0])?.type !== 'Identifier') || stringOf(args[0]) !== undefined
      ? stringOf(args[0])
      : undefined;
  const optsNode = ctx.scope.objectOf(args[1]);
  let provider: string | undefined;
  let providerGiven = args[1] !== undefined && !optsNode; // options built elsewhere: the provider may be in them
  const c = base(ctx, n, 'langchain-chat-model', 'initChatModel', false);
  for (const p of kids(optsNode, 'properties')) {
    if (p.type !== 'Property') {
      c.spread = true;
      providerGiven = true;
      continue;
    }
    const k = propName(p) ?? '';
    const v = child(p, 'value');
    if (k === 'modelProvider') {
      providerGiven = true;
      provider = stringOf(v);
      continue;
    }
    const slot = OPTION_MAP[k];
    if (k === 'configuration') {
      for (const q of kids(ctx.scope.objectOf(v), 'properties')) {
        const s2 = OPTION_MAP[propName(q) ?? ''];
        const val = ctx.scope.valueOf(child(q, 'value'));
        if (s2 && s2 !== 'dangerouslyAllowBrowser' && val && !c.options[s2]) c.options[s2] = val;
      }
    } else if (slot && slot !== 'dangerouslyAllowBrowser') {
      const val = ctx.scope.valueOf(v);
      if (val) c.options[slot] = val;
    }
  }
  if (args.length === 0) providerGiven = true; // configurable at run time
  const p = chatModelProvider(model, provider, 'js', providerGiven);
  if (p === 'other') return true;
  if (p !== 'unknown') c.sdk = p.sdk;
  ctx.out.clients.push(applyChatModel(c, p));
  return true;
}

const HTTP_CALLEES = new Set([
  'fetch',
  '$fetch',
  'ofetch',
  'request',
  'post',
  'get',
  'put',
  'patch',
  'create',
  'got',
  'ky',
  'axios',
  'fetchEventSource',
]);

/** A URL as far as the code tells it: a literal, the start of a template or a `+` chain (enough for its host), a variable. */
function urlOf(ctx: JsContext, n: Node | undefined, depth = 0): ValueExpr | undefined {
  const u = unwrap(n);
  if (!u || depth > 3) return undefined;
  const s = stringOf(u);
  if (s !== undefined) return lit(s);
  if (u.type === 'TemplateLiteral') {
    const q0 = (kids(u, 'quasis')[0]?.value as { cooked?: string } | undefined)?.cooked ?? '';
    if (q0) return lit(q0);
    const head = urlOf(ctx, kids(u, 'expressions')[0], depth + 1);
    return head?.kind === 'literal' ? head : (head ?? other(ctx.src(u)));
  }
  if (u.type === 'BinaryExpression' && u.operator === '+') return urlOf(ctx, child(u, 'left'), depth + 1);
  if (u.type === 'NewExpression' && str(unwrap(child(u, 'callee')), 'name') === 'URL') {
    const [a, b] = kids(u, 'arguments');
    const abs = urlOf(ctx, a, depth + 1);
    return abs?.kind === 'literal' && /^[a-z]+:\/\//i.test(abs.value) ? abs : b ? urlOf(ctx, b, depth + 1) : abs;
  }
  const v = ctx.scope.valueOf(u);
  if (v?.kind === 'literal' || v?.kind === 'env') return v;
  if (u.type === 'Identifier' || u.type === 'MemberExpression') {
    const init = u.type === 'Identifier' ? ctx.scope.lookup(str(u, 'name') ?? '') : undefined;
    if (init && 'type' in init && init !== u) return urlOf(ctx, init, depth + 1);
  }
  return v;
}

/** The key in a credential header's value: `Bearer ${key}`, `"Bearer " + key`, `key`. */
function credentialOf(ctx: JsContext, n: Node | undefined): ValueExpr | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'TemplateLiteral') {
    const exprs = kids(u, 'expressions');
    const quasis = kids(u, 'quasis').map((q) => (q.value as { cooked?: string } | undefined)?.cooked ?? '');
    if (exprs.length !== 1 || !AUTH_PREFIX.test(quasis[0] ?? '') || (quasis[1] ?? '') !== '') return undefined;
    return ctx.scope.valueOf(exprs[0]);
  }
  if (u.type === 'BinaryExpression' && u.operator === '+') {
    const l = stringOf(child(u, 'left'));
    return l !== undefined && AUTH_PREFIX.test(l) ? ctx.scope.valueOf(child(u, 'right')) : undefined;
  }
  return ctx.scope.valueOf(u);
}

/** The credential header in a headers object (`{ Authorization: ... }`, `new Headers({...})`). */
function headerCredential(ctx: JsContext, n: Node | undefined): ValueExpr | undefined {
  let u = unwrap(n);
  if (u?.type === 'NewExpression' && str(unwrap(child(u, 'callee')), 'name') === 'Headers') u = kids(u, 'arguments')[0];
  for (const p of kids(ctx.scope.objectOf(u), 'properties')) {
    if (p.type !== 'Property' || !CREDENTIAL_HEADERS.has((propName(p) ?? '').toLowerCase())) continue;
    return credentialOf(ctx, child(p, 'value'));
  }
  return undefined;
}

/**
 * A raw HTTP call to a provider: `fetch(url, { headers: { Authorization: `Bearer ${process.env.X}` } })`,
 * `axios.post(url, body, { headers })`, `axios.create({ baseURL, headers })`, `got.post(url, { headers })`.
 */
function httpCall(n: Node, ctx: JsContext): void {
  const u = unwrap(child(n, 'callee'));
  const name =
    u?.type === 'Identifier'
      ? str(u, 'name')
      : u?.type === 'MemberExpression'
        ? str(child(u, 'property'), 'name')
        : undefined;
  if (!name || !HTTP_CALLEES.has(name)) return;
  const args = kids(n, 'arguments');
  let url: ValueExpr | undefined;
  let cred: ValueExpr | undefined;
  for (const [i, a] of args.entries()) {
    const o = ctx.scope.objectOf(a);
    if (!o) {
      if (i === 0) url = urlOf(ctx, a);
      continue;
    }
    for (const p of kids(o, 'properties')) {
      if (p.type !== 'Property') continue;
      const k = propName(p) ?? '';
      if (k === 'headers') cred ??= headerCredential(ctx, child(p, 'value'));
      else if ((k === 'url' || k === 'baseURL' || k === 'prefixUrl') && !url) url = urlOf(ctx, child(p, 'value'));
    }
  }
  if (!cred) return;
  const c = httpClient(base(ctx, n, 'http', name, false), url, cred);
  if (c) ctx.out.clients.push(c);
}

function construction(n: Node, ctx: JsContext): void {
  const callee = child(n, 'callee');
  const info = ctx.scope.calleeInfo(callee);
  const args = kids(n, 'arguments');
  if (gatewayModel(n, ctx, info) || agentsClient(n, ctx, info) || universalChatModel(n, ctx, info)) return;
  if (
    n.type === 'CallExpression' &&
    info?.binding &&
    (info.binding.source === '@ai-sdk/openai' || info.binding.source === '@ai-sdk/azure')
  ) {
    // Vercel AI SDK default providers: openai('gpt-4o'), openai.chat('gpt-4o'), azure('deployment')
    const u = unwrap(callee);
    const local =
      u?.type === 'Identifier'
        ? ctx.scope.bindings.get(str(u, 'name') ?? '')
        : u?.type === 'MemberExpression'
          ? ctx.scope.bindings.get(str(unwrap(child(u, 'object')), 'name') ?? '')
          : undefined;
    if (local && (local.imported === 'openai' || local.imported === 'azure')) {
      const m = stringOf(args[0]);
      if (m && local.imported === 'openai') addModel(ctx, m, n);
      if (!ctx.out.clients.some((c) => c.sdk === 'vercel-ai' && c.callee === local.imported)) {
        const c = base(ctx, n, 'vercel-ai', local.imported, local.imported === 'azure');
        c.topLevel = false;
        ctx.out.clients.push(finishClient(c));
      }
    }
  }
  if (!info) return;
  const imported = info.binding?.imported;
  const kind = clientKind(imported === 'default' || imported === '*' ? 'default' : info.name, info.binding?.source);
  if (kind && (n.type === 'NewExpression' || kind.sdk === 'vercel-ai')) clientFrom(ctx, n, kind, info.name);
  else if (
    n.type === 'NewExpression' &&
    info.name === 'OpenAIApi' &&
    (!info.binding || info.binding.source === 'openai')
  )
    setGeneration(ctx, 'node-v3', n);
}

/**
 * `new WebSocket("wss://api.openai.com/v1/realtime?model=...", { headers: { Authorization: `Bearer ${...}` } })`
 * with the `ws` package (a Realtime API client on a server): a raw client of that host, as a fetch is.
 */
function webSocketClient(n: Node, ctx: JsContext): void {
  const u = unwrap(child(n, 'callee'));
  if (u?.type !== 'Identifier' || !/^(WebSocket|WS)$/.test(str(u, 'name') ?? '')) return;
  const [a0, ...rest] = kids(n, 'arguments');
  const url0 = urlOf(ctx, a0);
  const url = url0?.kind === 'literal' ? lit(url0.value.replace(/^ws(s?):\/\//i, 'http$1://')) : url0;
  let cred: ValueExpr | undefined;
  for (const a of rest)
    for (const p of kids(ctx.scope.objectOf(a), 'properties'))
      if (p.type === 'Property' && propName(p) === 'headers') cred ??= headerCredential(ctx, child(p, 'value'));
  if (!cred) return;
  const c = httpClient(base(ctx, n, 'http', 'WebSocket', false), url, cred);
  if (c) ctx.out.clients.push(c);
}

export const clients: JsVisitor = {
  NewExpression(n, ctx) {
    construction(n, ctx);
    webSocketClient(n, ctx);
  },
  AssignmentExpression(n, ctx) {
    // `obj.apiKey = key` on an options object a client is built from later
    const left = unwrap(child(n, 'left'));
    if (left?.type !== 'MemberExpression') return;
    const computed = (left as unknown as { computed?: boolean }).computed;
    const prop = computed ? (stringOf(child(left, 'property')) ?? '*') : str(child(left, 'property'), 'name');
    if (prop) ctx.scope.noteMutation(child(left, 'object'), prop);
  },
  CallExpression(n, ctx) {
    const u = unwrap(child(n, 'callee'));
    if (u?.type === 'Identifier' && str(u, 'name') === 'require') return;
    if (
      u?.type === 'MemberExpression' &&
      str(unwrap(child(u, 'object')), 'name') === 'Object' &&
      str(child(u, 'property'), 'name') === 'assign'
    )
      ctx.scope.noteMutation(kids(n, 'arguments')[0], '*');
    if (
      u?.type === 'MemberExpression' &&
      str(unwrap(child(u, 'object')), 'name') === 'process' &&
      str(child(u, 'property'), 'name') === 'loadEnvFile'
    )
      return;
    const info = ctx.scope.calleeInfo(child(n, 'callee'));
    if (
      info &&
      (info.name === 'config' || info.name === 'configDotenv') &&
      info.binding &&
      /dotenv/.test(info.binding.source)
    )
      return;
    construction(n, ctx);
    httpCall(n, ctx);
  },
};
