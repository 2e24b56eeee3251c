/** Models named in calls, and the openai-python generation the code is written for (v0 resources, v1 client calls). */
import { MODEL_KEYS, addRetiredApi } from '../../analysis.js';
import { stringValue } from '../tokenize.js';
import { dotted } from '../syntax.js';
import type { PyVisitor } from '../context.js';
import { endpointOf } from '../../../providers/index.js';
import { noteV0Call } from './assign.js';

const V0_RESOURCES =
  /^openai\.(ChatCompletion|Completion|Embedding|Edit|Image|Moderation|FineTune|FineTuningJob|Engine|Model|File|Audio|Customer|Deployment|error)(\.|$)/;
const V1_CALL =
  /\.(chat\.completions|responses|embeddings|images|audio\.\w+|moderations|files|batches|fine_tuning\.jobs)\.(create|parse|stream|list|retrieve)$/;

const ASSISTANTS_CALL = /(?:^|\.)beta\.(?:assistants|threads)\.[\w.]+$/;

/** Calls that take a model name to pick a local tokenizer (`from_tiktoken_encoder(model_name="gpt-4o")`): no request is sent. */
// Token counters and limit tables by any name (`count_message_tokens`, `num_tokens_from_messages`,
// `get_max_tokens`): they take a model name to pick an encoding or look up a limit.
const TOKENIZER =
  /tiktoken|(^|\.)encoding_for_model$|token_?counter|count_\w*tokens|num_\w*tokens|max_\w*tokens|TokenTextSplitter|tokeniz/i;

export const models: PyVisitor = {
  // A URL of another provider written in the module (OpenRouter's `base_url="https://openrouter.ai/api/v1"`,
  // a default a subclass hands its base class): where the module's model names go, for the lifecycle checks
  statement(st, ctx) {
    for (const t of st.toks) {
      if (t.type !== 'string' || !t.text.includes('://')) continue;
      const p = endpointOf(stringValue(t) ?? '')?.provider;
      if (!p) continue;
      const kind =
        p.id === 'openai' || p.id === 'azure' ? 'openai-endpoint' : p.kind === 'provider' ? 'foreign-endpoint' : '';
      const code = ctx.out.code;
      if (!kind || (code.signals ?? []).some((x) => x.kind === kind && x.detail === p.id)) continue;
      code.signals = [...(code.signals ?? []), { kind, line: ctx.mapLine(t.line), detail: p.id }];
    }
  },
  name(toks, k, ctx) {
    const d = dotted(toks, k);
    if (d && V0_RESOURCES.test(ctx.scope.full(d.name))) ctx.setGeneration('v0', toks[k]?.line ?? 0);
  },
  call(c, ctx) {
    // A model given to a local tokenizer, to a mock (`type=MockLLM`, `mock_responses=`) or to an Azure
    // client or wrapper class (`ChatAzureOpenAI(model=...)`: Azure's deployments keep their own schedule)
    const skip =
      TOKENIZER.test(c.full) ||
      TOKENIZER.test(c.callee) ||
      /azure|mock|fake/i.test(c.callee) ||
      c.args.some(
        (a) =>
          (a.kw !== undefined && /mock|fake/i.test(a.kw)) ||
          a.toks.some((t) => t.type === 'name' && /^(Mock|Fake)[A-Z]|Mock(LLM|Model|Chat)/.test(t.text)),
      );
    // agno's OpenAIChat(id="gpt-4o") names its model `id`
    const agno = /^(?:agno|phi)\.model(?:s)?\.openai\b.*\.OpenAI(?:Chat|Responses)$/.test(c.full);
    for (const a of skip ? [] : c.args) {
      if (agno && a.kw === 'id' && a.toks.length === 1 && a.toks[0]?.type === 'string') {
        const m = stringValue(a.toks[0]);
        if (m) ctx.addModel(m, c.line, c.full);
      }
      if (a.kw && MODEL_KEYS.has(a.kw) && a.toks.length === 1 && a.toks[0]?.type === 'string') {
        const m = stringValue(a.toks[0]);
        if (m) ctx.addModel(m, c.line, c.full);
      } else if (a.kw && MODEL_KEYS.has(a.kw) && a.toks.length === 1 && a.toks[0]?.type === 'name') {
        // `model=GUARDRAIL_MODEL` with `GUARDRAIL_MODEL = "gpt-4.1-mini"` in the module
        const v = ctx.scope.valueOf(a.toks);
        if (v?.kind === 'literal' && v.value) ctx.addModel(v.value, c.line, c.full);
      }
    }
    if (V0_RESOURCES.test(c.full)) {
      ctx.setGeneration('v0', c.line);
      noteV0Call(ctx);
      if (
        /\.create$/.test(c.full) &&
        c.args.some((a) => a.kw === 'model') &&
        !c.args.some((a) => a.kw === 'engine' || a.kw === 'deployment_id')
      )
        ctx.v0ModelOnly.push(c.line);
    }
    if (V1_CALL.test(c.callee) && !V0_RESOURCES.test(c.full)) ctx.setGeneration('v1', c.line);
    // openai-python's `client.beta.assistants.*` / `client.beta.threads.*` (runs, messages): the Assistants API
    if (ASSISTANTS_CALL.test(c.callee)) {
      // Azure OpenAI's Assistants (an AzureOpenAI client, Semantic Kernel's AzureAssistantAgent): Azure's own schedule
      const azure =
        /azure/i.test(c.callee) ||
        [...ctx.scope.imports].some(([name, full]) => /^Azure|^AsyncAzure/.test(name) || /(^|\.)azure/i.test(full));
      addRetiredApi(ctx.out.code, ctx.mapLine(c.line), azure ? 'assistants-azure' : 'assistants');
    }
  },
};
