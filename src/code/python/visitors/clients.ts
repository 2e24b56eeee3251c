/**
 * Where Python code builds an LLM client: openai `OpenAI()` / `AzureOpenAI()` (sync and async),
 * LangChain's `ChatOpenAI` / `AzureChatOpenAI` / embeddings, LiteLLM `completion(model=...)`, with
 * the options that decide where the key comes from and where it goes, and the conditions around it.
 */
import { finishClient, other } from '../../analysis.js';
import type { ClientConstruction, Guard } from '../../types.js';
import { stringValue } from '../tokenize.js';
import { applyChatModel, chatModelProvider } from '../../chat-models.js';
import { withoutLazyTest } from '../../guard-text.js';
import { AUTH_PREFIX, CREDENTIAL_HEADERS, httpClient } from '../../http-clients.js';
import { lit } from '../../analysis.js';
import type { ValueExpr } from '../../types.js';
import { type Tok, tokenizePython } from '../tokenize.js';
import { matchClose, splitTop, textOf, unparen } from '../syntax.js';
import type { PendingSpread, PyCall, PyContext, PyVisitor } from '../context.js';
import { addLoad } from './dotenv.js';

const V0_CREATE = /^openai\.(ChatCompletion|Completion|Embedding|Edit|Image|Moderation|Audio)\.a?create$/;
/** Any call of a v0 resource (`openai.Model.list()`, `openai.File.create(...)`), not of `openai.error`'s classes. */
const V0_CALL = /^openai\.(?!error\.)[A-Z]\w*\.\w+$/;

const PY_OPTION_MAP: Record<string, keyof ClientConstruction['options']> = {
  api_key: 'apiKey',
  openai_api_key: 'apiKey',
  anthropic_api_key: 'apiKey',
  google_api_key: 'apiKey',
  groq_api_key: 'apiKey',
  azure_api_key: 'apiKey',
  base_url: 'baseURL',
  api_base_url: 'baseURL',
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
  // Semantic Kernel's AzureChatCompletion / AzureTextEmbedding: an Entra ID token (provider) instead of a key
  ad_token: 'azureADToken',
  ad_token_provider: 'azureADToken',
  // openai-python 3: a workload identity token instead of a key (no key variable is read)
  workload_identity: 'azureADToken',
};

function clientKind(f: string, ctx: PyContext): { sdk: string; azure: boolean; gen?: 'v1' } | undefined {
  const last = f.slice(f.lastIndexOf('.') + 1);
  const imported = (name: string) => ctx.scope.imports.has(name);
  // openai.Client / openai.AsyncClient: openai-python's own aliases of OpenAI / AsyncOpenAI (livekit's plugin)
  if (f === 'openai.OpenAI' || f === 'openai.AsyncOpenAI' || f === 'openai.Client' || f === 'openai.AsyncClient')
    return { sdk: 'openai-python', azure: false, gen: 'v1' };
  if (f === 'openai.AzureOpenAI' || f === 'openai.AsyncAzureOpenAI')
    return { sdk: 'azure-openai-python', azure: true, gen: 'v1' };
  if (!f.includes('.') && ctx.ownClasses?.has(last)) return undefined; // the module's own class of that name
  const lc = f.startsWith('langchain') || !f.includes('.');
  if (lc && /^(ChatOpenAI|OpenAIEmbeddings)$/.test(last)) return { sdk: 'langchain-openai', azure: false };
  if (f.startsWith('langchain') && last === 'OpenAI') return { sdk: 'langchain-openai', azure: false };
  if (lc && /^(AzureChatOpenAI|AzureOpenAIEmbeddings)$/.test(last)) return { sdk: 'langchain-azure', azure: true };
  if (f.startsWith('langchain') && last === 'AzureOpenAI') return { sdk: 'langchain-azure', azure: true };
  // AutoGen's model clients (autogen-ext[openai]): they build AsyncOpenAI / AsyncAzureOpenAI from their options
  if (f.startsWith('autogen_ext.models.openai')) {
    if (last === 'OpenAIChatCompletionClient') return { sdk: 'openai-python', azure: false };
    if (last === 'AzureOpenAIChatCompletionClient') return { sdk: 'azure-openai-python', azure: true };
    return undefined;
  }
  // LlamaIndex (llama_index.llms.openai.OpenAI, embeddings, OpenAILike for compatible servers)
  if (f.startsWith('llama_index.')) {
    if (/^(AzureOpenAI|AzureOpenAIEmbedding)$/.test(last)) return { sdk: 'llamaindex-azure', azure: true };
    if (/^(OpenAI|OpenAIEmbedding|OpenAILike|OpenAIResponses|OpenAIMultiModal)$/.test(last))
      return { sdk: 'llamaindex-openai', azure: false };
    return undefined;
  }
  // Semantic Kernel (semantic_kernel.connectors.ai.open_ai): its settings read OPENAI_* / AZURE_OPENAI_* (and .env)
  if (f.startsWith('semantic_kernel.')) {
    if (
      /^Azure(ChatCompletion|TextCompletion|TextEmbedding|TextToImage|AudioToText|TextToAudio|RealtimeWebsocket)$/.test(
        last,
      )
    )
      return { sdk: 'semantic-kernel-azure', azure: true };
    if (
      /^OpenAI(ChatCompletion|TextCompletion|TextEmbedding|TextToImage|AudioToText|TextToAudio|RealtimeWebsocket)$/.test(
        last,
      )
    )
      return { sdk: 'semantic-kernel-openai', azure: false };
    return undefined;
  }
  // Haystack 2: the OpenAI generators and embedders build an openai-python client with
  // api_key=Secret.from_env_var("OPENAI_API_KEY") unless given one, api_base_url as its base URL
  if (
    /^haystack\.components\.(?:generators(?:\.chat)?|embedders|audio)(?:\.\w+)*\.(?:OpenAIChatGenerator|OpenAIGenerator|OpenAIResponsesChatGenerator|OpenAITextEmbedder|OpenAIDocumentEmbedder|RemoteWhisperTranscriber)$/.test(
      f,
    )
  )
    return { sdk: 'openai-python', azure: false };
  // agno (and phidata before it): OpenAIChat / OpenAIResponses build an openai-python client with
  // `api_key or getenv("OPENAI_API_KEY")`, base_url and organization passed on
  if (
    /^(?:agno\.models\.openai(?:\.chat|\.responses)?|phi\.model\.openai(?:\.chat)?)\.(?:OpenAIChat|OpenAIResponses)$/.test(
      f,
    )
  )
    return { sdk: 'openai-python', azure: false };
  // DSPy 2.5+: dspy.LM("openai/gpt-4o-mini"); older dspy.OpenAI(model=...)
  if (f === 'dspy.OpenAI') return { sdk: 'dspy-openai', azure: false };
  if (!f.includes('.') && (last === 'OpenAI' || last === 'AsyncOpenAI') && !imported(last))
    return { sdk: 'openai-python', azure: false, gen: 'v1' };
  if (!f.includes('.') && (last === 'AzureOpenAI' || last === 'AsyncAzureOpenAI') && !imported(last))
    return { sdk: 'azure-openai-python', azure: true, gen: 'v1' };
  return undefined;
}

/** `if self._client is None: self._client = OpenAI()`: the test on the name it assigns is no condition. */
function lazyInit(when: Guard[] | undefined, c: PyCall): Guard[] | undefined {
  if (!when || c.toks[c.k - 1]?.text !== '=' || c.toks[c.k - 2]?.type !== 'name') return when;
  const kept = withoutLazyTest(when, textOf(c.toks.slice(0, c.k - 1)));
  return kept.length ? kept : undefined;
}

function base(ctx: PyContext, c: PyCall, sdk: string, azure: boolean): ClientConstruction {
  const pos = ctx.position();
  const lazy = lazyInit(pos.when, c);
  const p = { ...pos, when: lazy };
  const cls = ctx.inFunction ? [...ctx.stack].reverse().find((f) => f.kind === 'class')?.name : undefined;
  return {
    file: ctx.rel,
    line: ctx.mapLine(c.line),
    sdk,
    options: {},
    order: p.order,
    topLevel: p.topLevel,
    language: ctx.language,
    callee: c.callee,
    azure,
    ...(p.when ? { when: p.when } : {}),
    ...(p.fn ? { fn: p.fn } : {}),
    ...(cls ? { cls } : {}),
  };
}

/** Sets the client options a spread dict's keys give (`**client_args` with `"api_key"`): given by the code. */
function spreadKeys(cl: ClientConstruction, keys: Iterable<string>, text: string): void {
  for (const k of keys) {
    const slot = PY_OPTION_MAP[k];
    if (slot && slot !== 'dangerouslyAllowBrowser' && !cl.options[slot]) cl.options[slot] = other(`${text}["${k}"]`);
  }
}

/** The function a name was bound to the result of (`kwargs = self._make_client_kwargs()` → `_make_client_kwargs`). */
function resultOf(ctx: PyContext, name: string): string | undefined {
  const rhs = ctx.scope.assigns.get(name);
  if (!rhs || rhs[rhs.length - 1]?.text !== ')') return undefined;
  const at = rhs[0]?.text === 'self' && rhs[1]?.text === '.' ? 2 : 0;
  const fn = rhs[at];
  if (fn?.type !== 'name' || rhs[at + 1]?.text !== '(' || matchClose(rhs, at + 1) !== rhs.length - 1) return undefined;
  return fn.text;
}

/**
 * Once the module is read: a spread of a function's result whose every return is a dict written out
 * gives the options its keys name (MetaGPT's `AsyncOpenAI(**kwargs)` with `"api_key": self.config.api_key`);
 * a client whose only unreadable argument was that spread is no longer one whose options may carry more.
 */
export function resolvePendingSpreads(ctx: PyContext): void {
  for (const p of ctx.pendingSpreads) {
    const keys = ctx.returnKeys.get(p.fn);
    if (!keys) continue;
    const had = p.client.options.apiKey;
    spreadKeys(p.client, keys, `${p.fn}()`);
    if (p.only) delete p.client.spread;
    // the key is the code's now: not the SDK's own variable, which finishClient assumed without one
    if (!had && p.client.options.apiKey && p.client.keyVarImplicit) {
      delete p.client.keyVar;
      delete p.client.keyVarImplicit;
      delete p.client.keyVarFallbacks;
      delete p.client.entraWithoutKey;
    }
  }
}

function options(ctx: PyContext, c: PyCall, cl: ClientConstruction): boolean {
  let opaque = false;
  const pending: PendingSpread[] = [];
  for (const a of c.args) {
    if (!a.kw) {
      if (a.toks[0]?.text !== '**') continue;
      // `**client_args` where the dict is known to get its `api_key` / `base_url`: those options are given
      const name = a.toks.length === 2 && a.toks[1]?.type === 'name' ? a.toks[1].text : undefined;
      const keys = name ? ctx.scope.dictKeys.get(name) : undefined;
      if (!keys) {
        const fn = name ? resultOf(ctx, name) : undefined;
        if (fn && name) pending.push({ client: cl, fn, name, only: false });
        else opaque = true;
        continue;
      }
      spreadKeys(cl, keys, name ?? '');
      continue;
    }
    // openai-python's `provider=bedrock(...)`: the provider signs requests itself (AWS credentials) and
    // names the endpoint; neither OPENAI_API_KEY nor OPENAI_BASE_URL is read
    if (a.kw === 'provider' && (cl.sdk === 'openai-python' || cl.sdk === 'azure-openai-python')) {
      cl.options.azureADToken = { kind: 'token-provider', text: 'a third-party provider (provider=)' };
      cl.options.baseURL ??= other("the provider's endpoint");
      continue;
    }
    const slot = PY_OPTION_MAP[a.kw];
    if (slot && slot !== 'dangerouslyAllowBrowser') {
      const v =
        a.kw === 'azure_ad_token_provider' || a.kw === 'ad_token_provider' || a.kw === 'workload_identity'
          ? {
              kind: 'token-provider' as const,
              text: a.kw === 'workload_identity' ? 'workload identity' : 'a token provider',
            }
          : ctx.scope.valueOf(a.toks);
      if (v) cl.options[slot] = v;
    }
  }
  // a spread of a function's result: unknown until the module is read (resolvePendingSpreads)
  for (const p of pending) ctx.pendingSpreads.push({ ...p, only: !opaque && pending.length === 1 });
  return opaque || pending.length > 0;
}

function modelString(c: PyCall): string | undefined {
  const a = c.args.find((x) => x.kw === 'model') ?? c.args.find((x) => !x.kw);
  return a && a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
}

/** An f-string's literal text before its first substitution, and its substitutions' source. */
function fstring(tok: Tok): { head: string; exprs: string[]; tail: string } | undefined {
  const m = /^([rRuUfF]{1,2})('''|"""|'|")([\s\S]*)$/.exec(tok.text);
  if (!m || !/f/i.test(m[1] ?? '')) return undefined;
  let body = m[3] ?? '';
  if (body.endsWith(m[2] ?? '')) body = body.slice(0, body.length - (m[2] ?? '').length);
  const exprs: string[] = [];
  const re = /\{([^{}]+)\}/g;
  const first = body.replace(/\{\{/g, '\u0000\u0000').search(/\{/);
  let last = 0;
  for (const x of body.matchAll(re)) {
    exprs.push((x[1] ?? '').replace(/![rsa]$|:[^'"\]]*$/, ''));
    last = (x.index ?? 0) + x[0].length;
  }
  return { head: first < 0 ? body : body.slice(0, first), exprs, tail: body.slice(last) };
}

/** The value of an f-string substitution; `at`: the string's token, whose environment reads the line scan of statements does not see. */
function exprValue(ctx: PyContext, text: string, at?: Tok): ValueExpr | undefined {
  const toks = tokenizePython(text).stmts[0]?.toks ?? [];
  const v = toks.length ? ctx.scope.valueOf(toks) : undefined;
  if (at && v?.kind === 'env' && /^\s*os\.(environ|getenv)/.test(text)) {
    const line = ctx.mapLine(at.line);
    if (!ctx.out.envReads.some((r) => r.name === v.name && r.line === line)) {
      ctx.out.envReads.push({
        name: v.name,
        file: ctx.rel,
        line,
        language: ctx.language,
        via: /getenv|\.get\(/.test(text) ? 'os.getenv' : 'os.environ[]',
        ...(v.default !== undefined ? { default: v.default } : {}),
        order: ctx.order,
        topLevel: !ctx.inFunction,
        ...ctx.mainWhen(),
      });
    }
  }
  return v;
}

/** A URL: a literal, an f-string's literal start (or the constant it starts with), a `+` chain's start, a variable. */
function pyUrl(ctx: PyContext, toks: Tok[], depth = 0): ValueExpr | undefined {
  const t = unparen(toks);
  if (depth > 3 || t.length === 0) return undefined;
  const parts = splitTop(t, '+');
  if (parts.length > 1) return pyUrl(ctx, parts[0] ?? [], depth + 1);
  if (t.length === 1 && t[0]?.type === 'string') {
    const s = stringValue(t[0]);
    if (s !== undefined) return lit(s);
    const f = fstring(t[0]);
    if (f?.head) return lit(f.head);
    if (f?.exprs[0] !== undefined) {
      const v = exprValue(ctx, f.exprs[0]);
      return v?.kind === 'literal' ? lit(v.value + (f.exprs.length === 1 ? f.tail : '')) : v;
    }
    return undefined;
  }
  if (t.length === 1 && t[0]?.type === 'name') {
    const bound = ctx.scope.assigns.get(t[0].text);
    if (bound) return pyUrl(ctx, bound, depth + 1);
  }
  return ctx.scope.valueOf(t);
}

/** The key in a credential header's value: f"Bearer {key}", "Bearer " + key, key. */
function pyCredential(ctx: PyContext, toks: Tok[], prefix: RegExp = AUTH_PREFIX, bare = true): ValueExpr | undefined {
  const t = unparen(toks);
  if (t.length === 1 && t[0]?.type === 'string') {
    const f = fstring(t[0]);
    if (!f || f.exprs.length !== 1 || !prefix.test(f.head) || f.tail !== '') return undefined;
    return exprValue(ctx, f.exprs[0] ?? '', t[0]);
  }
  const parts = splitTop(t, '+');
  if (parts.length === 2) {
    const l = parts[0]?.length === 1 && parts[0][0]?.type === 'string' ? stringValue(parts[0][0]) : undefined;
    return l !== undefined && prefix.test(l) ? ctx.scope.valueOf(parts[1] ?? []) : undefined;
  }
  return bare ? ctx.scope.valueOf(t) : undefined;
}

/** The credential header of a headers dict: `{"Authorization": f"Bearer {...}"}`, `dict(Authorization=...)`, a name bound to one. */
function pyHeaders(ctx: PyContext, toks: Tok[], depth = 0): ValueExpr | undefined {
  const t = unparen(toks);
  if (t.length === 1 && t[0]?.type === 'name' && depth < 3) {
    const bound = ctx.scope.assigns.get(t[0].text);
    return bound ? pyHeaders(ctx, bound, depth + 1) : undefined;
  }
  if (t[0]?.text !== '{' || t[t.length - 1]?.text !== '}') return undefined;
  for (const entry of splitTop(t.slice(1, -1), ',')) {
    const kv = splitTop(entry, ':');
    const k = kv[0]?.length === 1 && kv[0][0]?.type === 'string' ? stringValue(kv[0][0]) : undefined;
    if (k === undefined || kv.length !== 2 || !CREDENTIAL_HEADERS.has(k.toLowerCase())) continue;
    return pyCredential(ctx, kv[1] ?? []);
  }
  return undefined;
}

/**
 * The credential in a list of header lines, as websocket-client takes them:
 * `["Authorization: Bearer " + key, "OpenAI-Beta: realtime=v1"]`, `[f"Authorization: Bearer {key}"]`.
 */
function pyHeaderLines(ctx: PyContext, toks: Tok[], depth = 0): ValueExpr | undefined {
  const t = unparen(toks);
  if (t.length === 1 && t[0]?.type === 'name' && depth < 3) {
    const bound = ctx.scope.assigns.get(t[0].text);
    return bound ? pyHeaderLines(ctx, bound, depth + 1) : undefined;
  }
  if (t[0]?.text !== '[' || t[t.length - 1]?.text !== ']') return undefined;
  for (const entry of splitTop(t.slice(1, -1), ',')) {
    const v = pyCredential(ctx, entry, HEADER_LINE, false);
    if (v) return v;
  }
  return undefined;
}

/** A header line that carries a credential, up to the key: `Authorization: Bearer `, `api-key: `. */
const HEADER_LINE = new RegExp(
  `^\\s*(?:${[...CREDENTIAL_HEADERS].join('|')})\\s*:\\s*(?:(?:bearer|token|key)\\s+)?$`,
  'i',
);

const PY_HTTP =
  /^(requests|httpx|aiohttp|urllib3)\.|\.(post|get|put|request|stream|Client|AsyncClient|ClientSession|Session)$/;

/**
 * A WebSocket connection (the Realtime API from a server): `websockets.connect(url, additional_headers=...)`
 * (`extra_headers` before websockets 14), aiohttp's `session.ws_connect(url, headers=...)`, websocket-client's
 * `websocket.create_connection(url, header=[...])` / `WebSocketApp(url, header=...)`.
 */
const PY_WS =
  /^(websockets(\.(asyncio\.)?client)?\.connect|websocket\.(create_connection|WebSocketApp)|WebSocketApp|create_connection)$|\.ws_connect$/;

/** A raw HTTP call to a provider: `requests.post(url, headers={...})`, `httpx.AsyncClient(base_url=..., headers=...)`. */
function pyHttpCall(c: PyCall, ctx: PyContext): boolean {
  const ws = PY_WS.test(c.full);
  if (!ws && !PY_HTTP.test(c.full)) return false;
  const h = c.args.find((a) =>
    ws
      ? a.kw === 'headers' || a.kw === 'additional_headers' || a.kw === 'extra_headers' || a.kw === 'header'
      : a.kw === 'headers',
  );
  const cred = h ? (pyHeaders(ctx, h.toks) ?? (ws ? pyHeaderLines(ctx, h.toks) : undefined)) : undefined;
  if (!cred) return false;
  const u = ws
    ? (c.args.find((a) => a.kw === 'uri' || a.kw === 'url') ?? c.args.find((a) => !a.kw))
    : (c.args.find((a) => a.kw === 'url' || a.kw === 'base_url') ??
      (/\.(post|get|put|stream)$/.test(c.full)
        ? c.args.find((a) => !a.kw)
        : (c.args.find((a) => !a.kw && !/\.(request)$/.test(c.full)) ?? c.args.filter((a) => !a.kw)[1])));
  let url = u ? pyUrl(ctx, u.toks) : undefined;
  if (ws && url?.kind === 'literal') url = lit(url.value.replace(/^\s*ws(s?):\/\//i, 'http$1://'));
  const cl = httpClient(base(ctx, c, 'http', false), url, cred);
  if (!cl) return false;
  ctx.out.clients.push(cl);
  return true;
}

/** The condition on a crewAI agent built from its YAML config, until the collector reads that file (code/collector.ts). */
export const CREW_YAML_GUARD = "the agent's YAML config names no llm of another provider";

/** A model name LiteLLM (crewAI's LLM) sends to OpenAI: no provider prefix, or `openai/`. */
function openaiModel(model: string): boolean {
  return !model.includes('/') || model.toLowerCase().startsWith('openai/');
}

export const clients: PyVisitor = {
  finish(ctx) {
    if (ctx.agentsAgent && !ctx.agentsKeySet) {
      // `root_agent = Agent(...)` at module level sends nothing: the requests go when a Runner runs it,
      // and where no module-level Runner call does, that is in functions (run when they are called)
      if (ctx.agentsAgent.topLevel && !ctx.agentsRunTop) ctx.agentsAgent.topLevel = false;
      ctx.out.clients.push(finishClient(ctx.agentsAgent));
    }
  },
  call(c, ctx) {
    const f = c.full;
    if (pyHttpCall(c, ctx)) return true;
    if (/^litellm\.(completion|acompletion|embedding|aembedding|text_completion|responses|aresponses)$/.test(f)) {
      const mArg = c.args.find((a) => a.kw === 'model') ?? c.args.find((a) => !a.kw);
      // a literal, or a constant of the module (`DEFAULT_MODEL = "anthropic/claude-3-5-sonnet"`)
      const named =
        mArg && mArg.toks.length === 1 && mArg.toks[0]?.type === 'name' ? ctx.scope.valueOf(mArg.toks) : undefined;
      const model =
        mArg && mArg.toks.length === 1 && mArg.toks[0]?.type === 'string'
          ? stringValue(mArg.toks[0])
          : named?.kind === 'literal'
            ? named.value
            : undefined;
      if (model && /\//.test(model) && !/^(azure|openai|azure_ai)\//.test(model)) return true; // another provider
      if (
        model &&
        !model.includes('/') &&
        !/^(gpt|o\d|text-|chatgpt|davinci|babbage|curie|ada|dall-e|whisper|tts|omni)/.test(model)
      )
        return true;
      const azure = !!model && model.startsWith('azure/');
      const cl = base(ctx, c, 'litellm', azure);
      // `litellm.completion(**new_args)`: the dict may hold the key (graphrag's `base_args["api_key"]`)
      if (options(ctx, c, cl) && !cl.options.apiKey) cl.spread = true;
      if (azure)
        ctx.out.code.signals = [...(ctx.out.code.signals ?? []), { kind: 'litellm-azure', line: ctx.mapLine(c.line) }];
      ctx.out.clients.push(finishClient(cl));
      return true;
    }
    if (V0_CALL.test(f)) ctx.v0Calls = true;
    // openai 0.x resource calls with their own key: `openai.ChatCompletion.create(api_key=settings.key, ...)`
    if (V0_CREATE.test(f) && c.args.some((a) => a.kw === 'api_key')) {
      const cl = base(ctx, c, 'openai-legacy-python', false);
      options(ctx, c, cl);
      ctx.v0CallKeys = true;
      ctx.out.clients.push(finishClient(cl));
      return;
    }
    // Model strings that name a provider: dspy.LM("openai/..."), pydantic-ai Agent("openai:..."), the Agents SDK
    const model = modelString(c);
    if ((f === 'dspy.LM' || f === 'dspy.clients.LM') && model) {
      if (!/^(openai|azure)\//.test(model)) return true; // another provider, through LiteLLM
      const cl = base(ctx, c, 'litellm', model.startsWith('azure/'));
      if (options(ctx, c, cl) && !cl.options.apiKey) cl.spread = true;
      ctx.out.clients.push(finishClient(cl));
      return true;
    }
    if (f === 'pydantic_ai.Agent' && model !== undefined) {
      if (!/^(openai|azure):/.test(model)) return true;
      ctx.out.clients.push(
        finishClient(
          base(ctx, c, model.startsWith('azure:') ? 'pydantic-ai-azure' : 'pydantic-ai', model.startsWith('azure:')),
        ),
      );
      return true;
    }
    // LangChain's universal chat model: init_chat_model("openai:gpt-4o"), init_chat_model("claude-...", model_provider="anthropic")
    if (/^langchain[._]/.test(f) && f.endsWith('.init_chat_model')) {
      const mArg = c.args.find((a) => a.kw === 'model') ?? c.args.find((a) => !a.kw);
      const pArg = c.args.find((a) => a.kw === 'model_provider');
      const lit = (a: typeof mArg) =>
        a && a.toks.length === 1 && a.toks[0]?.type === 'string' ? stringValue(a.toks[0]) : undefined;
      const p = chatModelProvider(
        mArg ? lit(mArg) : undefined,
        lit(pArg),
        'python',
        pArg !== undefined && !(pArg.toks.length === 1 && pArg.toks[0]?.text === 'None'),
      );
      if (p === 'other') return true; // a provider keydoctor does not judge (Bedrock, Vertex AI, Cohere, ...)
      const cl = base(ctx, c, p === 'unknown' ? 'langchain-chat-model' : p.sdk, p !== 'unknown' && p.azure);
      if (options(ctx, c, cl) && !cl.options.apiKey) cl.spread = true;
      ctx.out.clients.push(applyChatModel(cl, p));
      return true;
    }
    if (f === 'agents.set_default_openai_key' || f === 'agents.set_default_openai_api') {
      if (f.endsWith('_api')) return true;
      const cl = base(ctx, c, 'openai-agents', false);
      const a0 = c.args.find((a) => !a.kw) ?? c.args.find((a) => a.kw === 'key');
      const v = a0 ? ctx.scope.valueOf(a0.toks) : undefined;
      if (v) cl.options.apiKey = v;
      ctx.agentsKeySet = true;
      ctx.out.clients.push(finishClient(cl));
      return true;
    }
    if (
      f === 'agents.set_default_openai_client' ||
      f === 'agents.OpenAIChatCompletionsModel' ||
      f === 'agents.OpenAIResponsesModel' ||
      f.startsWith('agents.extensions.models.litellm')
    ) {
      ctx.agentsKeySet = true; // the client passed in is recorded where it is built
      ctx.out.code.signals = [
        ...(ctx.out.code.signals ?? []),
        { kind: 'agents-default-client', line: ctx.mapLine(c.line) },
      ];
      return;
    }
    // crewAI: an Agent without `llm=` runs on the default LLM (OPENAI_MODEL_NAME, then MODEL, else
    // gpt-4o-mini; a provider prefix such as `anthropic/` goes elsewhere), one with a model string on
    // that model; an LLM object is a client of its own (crewai.LLM below, ChatOpenAI, ...).
    if (/^crewai(\.agent)?\.Agent$/.test(f)) {
      const llm = c.args.find((a) => a.kw === 'llm');
      const none = !llm || (llm.toks.length === 1 && llm.toks[0]?.text === 'None');
      const model = llm?.toks.length === 1 && llm.toks[0]?.type === 'string' ? stringValue(llm.toks[0]) : undefined;
      if (!none && (model === undefined || !openaiModel(model))) return true;
      if (ctx.crewAgent) return true;
      ctx.crewAgent = true;
      const cl = base(ctx, c, 'crewai', false);
      if (none) {
        const when = [...(cl.when ?? [])];
        when.push({ kind: 'env', name: 'OPENAI_MODEL_NAME', fallbacks: ['MODEL'], op: 'openai-model' });
        // `Agent(config=self.agents_config["researcher"])`: the YAML may name its own llm
        if (c.args.some((a) => a.kw === 'config')) when.push({ kind: 'unknown', text: CREW_YAML_GUARD });
        cl.when = when;
      }
      ctx.out.clients.push(finishClient(cl));
      return true;
    }
    if (f === 'crewai.LLM' || f === 'crewai.llm.LLM') {
      const mArg = c.args.find((a) => a.kw === 'model') ?? c.args.find((a) => !a.kw);
      const model = mArg?.toks.length === 1 && mArg.toks[0]?.type === 'string' ? stringValue(mArg.toks[0]) : undefined;
      if (model === undefined || !openaiModel(model)) return true; // another provider, or not known here
      const cl = base(ctx, c, 'crewai', false);
      if (options(ctx, c, cl) && !cl.options.apiKey) cl.spread = true;
      ctx.out.clients.push(finishClient(cl));
      return true;
    }
    if (/^agents\.Runner\.run(?:_sync|_streamed)?$/.test(f) && !ctx.inFunction) ctx.agentsRunTop = true;
    if (f === 'agents.Agent' && !ctx.agentsAgent) {
      // The Agents SDK's default client reads OPENAI_API_KEY when an agent runs (unless set_default_* gave one)
      ctx.agentsAgent = base(ctx, c, 'openai-agents', false);
      return true;
    }
    const kind = clientKind(f, ctx);
    if (!kind) return;
    // built only to be serialized (AutoGen Studio's `OpenAIChatCompletionClient(model=..., api_key="your-api-key")
    // .dump_component()`, a default config for the user to edit): a template, not a client that sends
    if (
      c.toks[c.close + 1]?.text === '.' &&
      /^(dump_component|dump_config|_to_config|model_dump|model_dump_json|to_dict|to_json)$/.test(
        c.toks[c.close + 2]?.text ?? '',
      )
    )
      return true;
    const cl = base(ctx, c, kind.sdk, kind.azure);
    if (f.includes('.')) cl.importedAs = f;
    // `ChatOpenAI(**kwargs)`: the options may carry a key; without one the SDK reads its default variable
    if (options(ctx, c, cl) && !cl.options.apiKey) cl.spread = true;
    // langchain_community's classes (and langchain 0.0's, which they are) take the key through
    // get_from_dict_or_env: an empty one counts as none, and OPENAI_API_KEY is read instead
    const k = cl.options.apiKey;
    if (
      k?.kind === 'literal' &&
      k.value.trim() === '' &&
      /^langchain(_community)?\.(chat_models|llms|embeddings)\b/.test(f)
    )
      delete cl.options.apiKey;
    if (kind.gen) ctx.setGeneration(kind.gen, c.line);
    ctx.out.clients.push(finishClient(cl));
    // Semantic Kernel's connectors read their settings with pydantic-settings, `.env` of the working
    // folder included (KernelBaseSettings: env_file ".env" unless env_file_path= names another), below the
    // environment: the key can come from there without any load_dotenv()
    if (kind.sdk === 'semantic-kernel-openai' || kind.sdk === 'semantic-kernel-azure') {
      const ef = c.args.find((a) => a.kw === 'env_file_path');
      addLoad(ctx, 'pydantic-settings', c.line, ef?.toks, false, { populatesEnv: false });
    }
    return true;
  },
};
