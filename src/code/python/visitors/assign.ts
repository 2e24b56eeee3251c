/**
 * Assignments: names bound to values (for later evaluation), names bound to environment variables
 * (`OPENAI_KEY = os.getenv("X")`), module-level string constants, django-environ `Env()` objects, and
 * openai 0.x module settings (`openai.api_key = ...`, `openai.api_type = "azure"`).
 */
import { finishClient } from '../../analysis.js';
import type { ClientConstruction } from '../../types.js';
import { assignAt, dotted } from '../syntax.js';
import type { PyVisitor } from '../walk.js';

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

export const assign: PyVisitor = {
  statement(st, ctx, opensBlock) {
    const toks = st.toks;
    const eqAt = assignAt(toks);
    if (eqAt <= 0 || opensBlock) return;
    const { scope, out } = ctx;
    const lhs = toks.slice(0, eqAt);
    const rhs = toks.slice(eqAt + 1);
    const ld = dotted(lhs, 0);
    if (!ld || ld.end !== lhs.length) return;
    if (!ld.name.includes('.')) {
      scope.assigns.set(ld.name, rhs);
      if (!ctx.inFunction) {
        const v = scope.valueOf(rhs);
        if (v?.kind === 'env') (out.envAliases ??= {})[ld.name] = v.name;
        if (v?.kind === 'literal' && ctx.stack.length === 1) (out.constants ??= {})[ld.name] = v.value;
      }
      const rd = dotted(rhs, 0);
      if (rd && scope.full(rd.name) === 'environ.Env' && rhs[rd.end]?.text === '(') scope.envObjects.add(ld.name);
    }
    const m = /^openai\.(\w+)$/.exec(scope.full(ld.name));
    const slot = m ? MODULE_ATTRS[m[1] ?? ''] : undefined;
    if (!m || !slot) return;
    const first = toks[0];
    if (!ctx.moduleClient) {
      ctx.moduleClient = { file: ctx.rel, line: ctx.mapLine(first?.line ?? 0), sdk: 'openai-python', options: {}, order: ctx.order, topLevel: !ctx.inFunction, language: ctx.language, callee: 'openai module settings' };
      out.clients.push(ctx.moduleClient);
    }
    const v = scope.valueOf(rhs);
    if (slot === 'api_type') {
      if (v?.kind === 'literal' && /azure/i.test(v.value)) ctx.moduleClient.azure = true;
    } else if (v && slot !== 'dangerouslyAllowBrowser') ctx.moduleClient.options[slot] = v;
    if (m[1] === 'api_base') ctx.setGeneration('v0', first?.line ?? 0);
  },
  finish(ctx) {
    const { out } = ctx;
    if (out.code.sdkGeneration === 'v0') {
      // v0 reads OPENAI_API_KEY once, when `import openai` runs; an explicit `openai.api_key = ...` replaces it.
      if (ctx.moduleClient) ctx.moduleClient.sdk = 'openai-legacy-python';
      else if (ctx.openaiImport && !ctx.v0CallKeys) {
        ctx.moduleClient = { file: ctx.rel, line: ctx.mapLine(ctx.openaiImport.line), sdk: 'openai-legacy-python', options: {}, order: ctx.openaiImport.order, topLevel: ctx.openaiImport.topLevel, language: ctx.language, callee: 'import openai' };
        out.clients.push(ctx.moduleClient);
      }
    }
    if (ctx.moduleClient) finishClient(ctx.moduleClient);
    // v0 Azure: `model=` where the deployment must be passed as `engine=`
    if (ctx.moduleClient?.azure && ctx.v0ModelOnly.length) out.code.signals = [...(out.code.signals ?? []), ...ctx.v0ModelOnly.map((l) => ({ kind: 'v0-azure-model-param', line: ctx.mapLine(l) }))];
  },
};
