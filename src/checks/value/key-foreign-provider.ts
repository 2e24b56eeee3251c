import type { Check, FindingDraft } from '../../core/types.js';
import { classifyCredential, isOpenAIKind } from '../../keys/classify.js';
import { about, baseUrlOf, cleanValue, isOpenAIHost, setFix, sourceText, targetNames, winnerGroups } from './shared.js';

export const check: Check = {
  meta: {
    id: 'key-foreign-provider',
    title: 'Another provider\'s credential is used as the key',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The key variable holds a credential another service issued (Anthropic `sk-ant-`, OpenRouter `sk-or-v1-`, Groq `gsk_`, Google `AIza`, xAI, DeepSeek, an Azure OpenAI key, a JWT) while the target talks to api.openai.com, or an OpenAI key while the target talks to Azure OpenAI.',
      why: 'Each service accepts only its own keys: api.openai.com answers 401 `invalid_api_key`, Azure answers 401 "invalid subscription key or wrong API endpoint".',
      fix: 'Use the key of the service the client calls. To use another provider through the OpenAI SDK, point the base URL at it (OPENAI_BASE_URL); for Azure use the AzureOpenAI client with AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      const v = cleanValue(g.value);
      if (!v) continue;
      const c = classifyCredential(v);
      const azure = g.targets.some((t) => t.azure);
      let msg: string | undefined;
      let fix: string;
      if (azure) {
        if (!isOpenAIKind(c.kind) && !(c.provider && c.provider !== 'azure' && c.provider !== 'jwt')) continue;
        msg = `${g.name} from ${sourceText(g.winner)} holds an ${c.label}, but ${targetNames(g.targets)} talks to Azure OpenAI, which accepts only its own resource keys.`;
        fix = 'Use a key from the Azure resource\'s "Keys and Endpoint" page (or switch the client to OpenAI).';
      } else {
        if (!c.provider || c.provider === 'openai') continue;
        // A proxy or another provider's endpoint takes its own keys: the base-url check reports the URL.
        const base = g.targets.map(baseUrlOf).find((u) => u !== undefined);
        if (!isOpenAIHost(base)) continue;
        if (c.provider === 'azure') msg = `${g.name} from ${sourceText(g.winner)} holds an ${c.label}, but ${targetNames(g.targets)} sends it to api.openai.com, which rejects Azure keys.`;
        else msg = `${g.name} from ${sourceText(g.winner)} holds a ${c.label}, not an OpenAI key, and ${targetNames(g.targets)} sends it to api.openai.com.`;
        fix = c.provider === 'azure' ? 'Use the AzureOpenAI client with AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT, or put an OpenAI key here.' : `Put an OpenAI key here, or point OPENAI_BASE_URL at the ${c.provider} endpoint if you meant to call ${c.provider}.`;
      }
      out.push(about('key-foreign-provider', g, msg, setFix(g.winner, g.name, fix), undefined));
    }
    return out;
  },
};
