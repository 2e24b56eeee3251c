/** Models named in code and the SDK generation the code is written for (v3 `createChatCompletion`, v4+ `chat.completions`). */
import { type Node, child, kids, propName, str, stringOf, unwrap } from '../ast.js';
import { MODEL_KEYS, addRetiredApi } from '../../analysis.js';
import type { JsContext, JsVisitor } from '../context.js';
import { isParam } from '../scope.js';

/** Model properties that name no model the code sends: a catalogue entry's `modelName` label, a default a spread overrides. */
const labels = new WeakSet<Node>();

export function addModel(ctx: JsContext, raw: string, n: Node): void {
  // `openai/gpt-4o` (a router's or gateway's id) is OpenAI's gpt-4o: one model, named where it is first used
  const name = raw.replace(/^openai\//, '');
  if (!ctx.models.has(name) && name.length < 100) ctx.models.set(name, ctx.at(n).line);
}

export function setGeneration(ctx: JsContext, g: 'node-v3' | 'node-v4', n: Node): void {
  const code = ctx.out.code;
  if (!code.sdkGeneration || (g === 'node-v3' && code.sdkGeneration === 'node-v4')) {
    code.sdkGeneration = g;
    code.sdkGenerationLine = ctx.at(n).line;
  }
}

export const models: JsVisitor = {
  MemberExpression(n, ctx) {
    if (ctx.scope.envName(n)) return;
    const prop = str(child(n, 'property'), 'name');
    // openai-node's `beta.assistants` / `beta.threads` (runs, messages): the Assistants API
    if (
      (prop === 'assistants' || prop === 'threads') &&
      str(child(unwrap(child(n, 'object')), 'property'), 'name') === 'beta'
    ) {
      // Azure OpenAI's Assistants (an AzureOpenAI client): Azure's own schedule
      const azure =
        /azure/i.test(ctx.src(n)) ||
        [...ctx.scope.bindings].some(([name, b]) => /^Azure/.test(name) || /azure/i.test(b.source));
      addRetiredApi(ctx.out.code, ctx.at(n).line, azure ? 'assistants-azure' : 'assistants');
    }
    if (prop === 'completions' && str(child(unwrap(child(n, 'object')), 'property'), 'name') === 'chat')
      setGeneration(ctx, 'node-v4', n);
    if (prop === 'createChatCompletion' || prop === 'createCompletion' || prop === 'createEmbedding') {
      const ob = unwrap(child(n, 'object'));
      if (ob && /openai/i.test(ctx.src(ob))) setGeneration(ctx, 'node-v3', n);
    }
  },
  ObjectExpression(n) {
    // `{ modelId: "gpt-4o", modelName: "GPT-4o" }` in a model catalogue: the name is the label shown, the id is what is sent
    const props = (n as unknown as { properties?: Node[] }).properties ?? [];
    const keys = props.map((p) => propName(p));
    if (keys.includes('modelName') && keys.some((k) => k === 'modelId' || k === 'id' || k === 'model'))
      for (const p of props) if (propName(p) === 'modelName') labels.add(p);
    // `{ model: "gpt-4", ...this.defaultProvider, ...channelConfig }`: a default that a later spread may replace
    const lastSpread = props.map((p) => p.type).lastIndexOf('SpreadElement');
    props.forEach((p, i) => {
      const k = keys[i];
      if (i < lastSpread && k !== undefined && MODEL_KEYS.has(k)) labels.add(p);
    });
  },
  Property(n, ctx) {
    const k = propName(n);
    if (!k || !MODEL_KEYS.has(k)) return;
    if (labels.has(n)) return;
    const v = unwrap(child(n, 'value'));
    // `model: getModel("gpt-4o", "openai")`: a factory's first argument names the model
    let m = stringOf(v) ?? (v?.type === 'CallExpression' ? stringOf(kids(v, 'arguments')[0]) : undefined);
    const bound = v?.type === 'Identifier' ? ctx.scope.lookup(str(v, 'name') ?? '') : undefined;
    if (m === undefined && bound && !isParam(bound)) {
      // `model: MODEL` with `const MODEL = "gpt-4.1-mini"` (a parameter or anything computed stays unknown)
      const val = ctx.scope.valueOf(v);
      if (val?.kind === 'literal') m = val.value;
    }
    if (m) addModel(ctx, m, n);
  },
};
