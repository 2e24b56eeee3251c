import type { FindingDraft } from '../../core/types.js';
import { classifyCredential } from '../../keys/classify.js';
import type { ClientConstruction } from '../../code/types.js';
import { type ClientReach, clientLabel, clientReach, defaultKeyName, valuesOf } from './_lib/check-helpers.js';
import type { Check } from '../types.js';

/** Whether the client's requests go to OpenAI or Azure OpenAI (its base URL option, else where it runs, else the SDK default). */
function sendsToOpenAI(c: ClientConstruction, reach: ClientReach): boolean {
  if (c.options.baseURL || (c.options.azureEndpoint && !c.azure)) return false;
  const providers = reach.in.map((x) => x.client.endpoint.provider);
  if (providers.length === 0) return true;
  return providers.some((p) => p === 'openai' || p === 'azure');
}

/** A literal key that says it is wrong on purpose: `INVALID_KEY`, `invalid-api-key`, `sk-wrong`, `fake_key`. */
const DELIBERATE = /^(?:sk-)?(?:invalid|wrong|bad|fake|bogus|incorrect|revoked|expired)(?:[-_ ]?(?:api)?[-_ ]?key)?$/i;

export const check: Check = {
  meta: {
    id: 'key-hardcoded-overrides-env',
    title: 'The client is built with a literal key that ignores the environment',
    severity: 'error',
    area: 'code',
    docs: {
      what: 'A client gets its key as a literal in code (`new OpenAI({ apiKey: "sk-..." })`, `OpenAI(api_key="...")`, `openai.api_key = "..."`), or a placeholder literal (`"sk-your-key-here"`, `"YOUR_API_KEY"`), while the environment or a dotenv file defines the key. In a notebook, an empty or placeholder key is a blank left for the reader to fill in: a warning. The classes of `langchain_community` (and of langchain 0.0) count an empty key as none and read `OPENAI_API_KEY`: not reported. A client whose `fetch` option answers by itself (a canned `Response`: a mock) and a literal that says it is wrong on purpose (`INVALID_KEY`, in an error-handling demo) are not reported.',
      why: 'An explicit `apiKey` always wins over `OPENAI_API_KEY`: rotating the key in `.env` or the shell changes nothing, and a leftover placeholder or an old revoked key is sent on every call (401 `invalid_api_key`). Only clients that send to OpenAI or Azure OpenAI are judged: `api_key="EMPTY"` or `apiKey: "ollama"` next to the client\'s own base URL (a local server, a proxy, another provider) is the intended dummy, and the environment\'s OpenAI key must not go there.',
      fix: 'Remove the literal and let the SDK read the environment (`new OpenAI()`), or read it explicitly: `apiKey: process.env.OPENAI_API_KEY` / `api_key=os.environ["OPENAI_API_KEY"]`. If a real key was committed, revoke it.',
    },
  },
  run({ facts, targets }) {
    const code = facts.code;
    if (!code) return [];
    const out: FindingDraft[] = [];
    const byWrite = new Map<string, FindingDraft>();
    for (const [index, c] of code.clients.entries()) {
      const k = c.options.apiKey;
      if (k?.kind !== 'literal') continue;
      const reach = clientReach(targets, index);
      if (reach.status === 'never') continue;
      // a client whose fetch answers by itself (a mock), or a key that says it is wrong on purpose
      // (`apiKey: "INVALID_KEY"` in an error-handling demo): the literal is meant
      if (c.mockFetch || DELIBERATE.test(k.value.trim())) continue;
      const envName = defaultKeyName(c);
      const envValues = valuesOf(facts, envName).filter((d) => d.kind !== 'code');
      const cred = classifyCredential(k.value.trim());
      const placeholder = cred.kind === 'placeholder' || cred.kind === 'empty';
      // `api_key="EMPTY"` / `apiKey: "ollama"` with the client's own base URL: the documented dummy for a local
      // server, a proxy or another provider. The environment's OpenAI key is not meant for it, and a fix
      // that sent the real key there would be the mistake: a literal only matters where it goes to OpenAI.
      if (!sendsToOpenAI(c, reach)) continue;
      const differs = envValues.some((d) => d.value !== k.value);
      if (!placeholder && !differs) continue; // a real key equal to (or without) the environment's: the scan's key-hardcoded covers it
      const src = envValues[0];
      const srcText = src
        ? src.location?.path
          ? `${src.location.path}${src.location.line ? `:${src.location.line}` : ''}`
          : src.kind === 'process-env'
            ? 'the environment'
            : src.kind
        : undefined;
      const what = placeholder
        ? cred.kind === 'empty'
          ? 'an empty string'
          : `the placeholder "${k.value}"`
        : 'a literal key';
      // a notebook's empty or placeholder key is a blank the reader is meant to fill in before running the cell:
      // worth saying (run as it stands, every call fails), but not an error of the project's set-up
      const blank = placeholder && c.language === 'notebook';
      // a dummy key in code no target of the project runs (a type check's fixture, a script run by hand)
      const idle = placeholder && !blank && targets.length > 0 && reach.status === 'unreached';
      // the literal was written into the variable the SDK reads (`os.environ["OPENAI_API_KEY"] = "{your key}"`,
      // dspy's tutorials): that line is what to change, not the client's options
      const wrote = c.keyWrittenAt;
      const py = c.language === 'python' || c.language === 'notebook';
      // one line that writes the variable, read by several clients: one finding at that line
      const writeAt = wrote ? `${wrote.file}:${wrote.line}` : undefined;
      const same = writeAt ? byWrite.get(writeAt) : undefined;
      if (same) {
        (same.related ??= []).push({ path: c.file, line: c.line, note: `reads ${wrote?.name ?? envName}` });
        continue;
      }
      const draft: FindingDraft = {
        id: 'key-hardcoded-overrides-env',
        ...(blank || idle ? { severity: 'warning' as const } : {}),
        message: `${
          wrote
            ? `${wrote.file}:${wrote.line} sets ${wrote.name} to ${what} before ${clientLabel(c)} at ${c.file}:${c.line} reads it${srcText ? `, so ${envName} from ${srcText} is replaced` : ''}.`
            : `${clientLabel(c)} at ${c.file}:${c.line} is given ${what} as its key${srcText ? `, so ${envName} from ${srcText} is ignored` : ''}.`
        }${blank ? ' The notebook leaves it for you to fill in; run as it stands, every call fails.' : ''}${idle ? ' No target of this project runs it (a type check, a test fixture, a script run by hand): it fails only when it runs.' : ''}`,
        location: wrote ? { path: wrote.file, line: wrote.line } : { path: c.file, line: c.line },
        related: [
          ...(wrote ? [{ path: c.file, line: c.line, note: `reads ${wrote.name}` }] : []),
          ...(src?.location ? [{ ...src.location, note: `defines ${envName}` }] : []),
        ],
        fix: {
          summary: wrote
            ? py
              ? `Delete the line that sets ${wrote.name} (the SDK reads it from the environment), or keep a value already set: \`os.environ.setdefault("${wrote.name}", ...)\`.`
              : `Delete the line that sets ${wrote.name} (the SDK reads it from the environment), or set it only when unset: \`process.env.${wrote.name} ??= ...\`.`
            : py
              ? `Drop the literal (the SDK reads ${envName} itself) or pass api_key=os.environ["${envName}"].`
              : `Drop the literal (the SDK reads ${envName} itself) or pass apiKey: process.env.${envName}.`,
        },
        data: { variable: envName, placeholder },
      };
      if (writeAt) byWrite.set(writeAt, draft);
      out.push(draft);
    }
    return out;
  },
};
