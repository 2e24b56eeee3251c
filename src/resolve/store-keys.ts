/**
 * What the key stores' entries say without resolving anything (for the checks, the scan's among
 * them, which load none of the resolver): which entry names an OpenAI key, and how to take a literal
 * key out of a framework's store file.
 */
import type { Facts } from '../core/facts.js';

/** Where a key name points at an OpenAI or Azure OpenAI key (`OpenAI:ApiKey`, `spring.ai.openai.api-key`, `openai.api_key`). */
export function isOpenAIKeyPath(path: string[]): boolean {
  const parts = path.map((p) => p.toLowerCase().replace(/[-_]/g, ''));
  const last = parts[parts.length - 1] ?? '';
  if (/^(openaiapikey|azureopenaiapikey|openaikey)$/.test(last)) return true;
  return /^(apikey|key)$/.test(last) && parts.slice(0, -1).some((p) => /openai/.test(p));
}

/** How to take a literal key out of a framework's store file (for key-hardcoded), or undefined when the file is not one. */
export function storeFixText(facts: Facts, rel: string, name: string): string | undefined {
  const f = (facts.stores ?? []).find((s) => s.path === rel);
  switch (f?.store) {
    case 'spring':
      return `replace the literal with \`\${${name}}\` (Spring resolves it from the environment when the app starts) and set ${name} where the app runs.`;
    case 'litellm':
      return `replace the literal with \`os.environ/${name}\` (the proxy reads the variable when it starts) and set ${name} where the proxy runs.`;
    case 'dotnet':
      return `delete the literal and keep the key in user-secrets (\`dotnet user-secrets set "${f.entries.find((e) => isOpenAIKeyPath(e.path))?.name ?? 'OpenAI:ApiKey'}" <key>\`) or in an environment variable (\`OpenAI__ApiKey\`).`;
    case 'streamlit':
      return `keep ${rel} out of git (add it to .gitignore; on Streamlit Community Cloud paste the secrets into the app's settings).`;
    case 'dynaconf':
      return `move the key to .secrets.toml (git-ignored) or the DYNACONF_${name} environment variable.`;
    default:
      return undefined;
  }
}
