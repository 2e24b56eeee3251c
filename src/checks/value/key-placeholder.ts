import type { FindingDraft, Target } from '../../core/types.js';
import { classifyCredential, isOpenAIKind, isPlaceholder } from '../../keys/classify.js';
import {
  about,
  localOnly,
  onlyConditional,
  cleanValue,
  removeFix,
  setFix,
  sourceText,
  targetNames,
  winnerGroups,
} from './_lib/shared.js';
import type { Check } from '../types.js';
import { DEPLOY_KINDS, setUpTarget } from '../_lib/set-up.js';

/** The target needs a key and gets a real one, from wherever (the shell's export included). */
function runsWithKey(o: Target): boolean {
  if (o.needsKey === false) return false;
  const v = (o.vars[o.keyVar]?.value ?? '').trim();
  return v !== '' && !isPlaceholder(v) && isOpenAIKind(classifyCredential(cleanValue(v)).kind);
}

export const check: Check = {
  meta: {
    id: 'key-placeholder',
    title: 'The key is a placeholder',
    severity: 'error',
    area: 'value',
    docs: {
      what: 'The value the target gets is a placeholder or documentation example: `sk-your-key-here`, `YOUR_OPENAI_API_KEY`, `<api-key>`, `sk-...`, `changeme`, `sk-1234`, an unexpanded `${OPENAI_API_KEY}`; or a real key left inside the brackets of the placeholder it replaced (`[sk-proj-…]`, `<sk-…>`), which is sent with the brackets. A key sent only to a model server on this machine or its network (Ollama, vLLM, llama.cpp, LM Studio, a LiteLLM proxy) is not judged: such servers take any key, or the one they were started with (`EMPTY`, `sk-no-key-required`, `sk-1234` in their docs).',
      why: 'The API answers 401 `invalid_api_key` ("Incorrect API key provided: sk-your-**********here"). Placeholders usually come from copying `.env.example` to `.env` and not filling it in.',
      fix: "Replace the placeholder at the place named with a key from https://platform.openai.com/api-keys (or your Azure resource's Keys page). A deployment file as the repository ships it (`value: sk-xxx` in a Kubernetes manifest) while the app runs here with a real key is a warning: fill it in before deploying with it. A sample manifest whose `image:` is a placeholder too (`<YOUR_IMAGE_TAG>`) is a template, not reported. Where a real key sits in a file that loses to the placeholder (`.env` beside a `.env.local` copied from the template), the fix deletes the placeholder's line so the key wins. A placeholder in one compose file while another way of running the app (another compose file's service, the code run here with an exported key) gets a real key is a warning: a file to fill in before using it.",
    },
  },
  run({ facts, targets }) {
    const out: FindingDraft[] = [];
    for (const g of winnerGroups(targets)) {
      const v = g.value.trim();
      if (v === '' || !(isPlaceholder(v) || isPlaceholder(cleanValue(v)))) continue;
      // a sample manifest whose image is a placeholder too (`image: <YOUR_IMAGE_TAG>`): a template to fill in
      // before anything can be deployed, not a deployment with a wrong key
      const path = g.winner.location?.path;
      if (
        g.winner.kind === 'k8s' &&
        (facts.deploy?.k8s?.containers ?? []).some(
          (c) => c.location.path === path && c.image !== undefined && isPlaceholder(c.image.replace(/:[^:<>]*$/, '')),
        )
      )
        continue;
      if (localOnly(g)) continue; // a local model server or proxy takes any key, or the one it was started with
      // the clients that read it are built only on an undecided path (a search provider chosen in the app's settings): a warning
      const cond = onlyConditional(g);
      // a deployment file of the repository as shipped (chatgpt-web's kubernetes/deploy.yaml, `value: sk-xxx`),
      // while the app runs here with a real key: to fill in before deploying with it
      // (or another compose file's service gets one: opengpts' tools/redis_to_postgres, a one-off tool
      // whose README says to fill its compose file in; an exported key counts for the app run here)
      const shipped =
        !cond && g.targets.every((t) => DEPLOY_KINDS.has(String(t.kind)))
          ? (targets.find((o) => !DEPLOY_KINDS.has(String(o.kind)) && setUpTarget(o, g.targets)) ??
            targets.find((o) => !g.targets.includes(o) && o.kind !== 'shell' && runsWithKey(o)))
          : undefined;
      // a real key typed inside the README's brackets (`OPENAI_API_KEY=[your api key]` → `[sk-proj-…]`)
      const inner = /^[[{(<]\s*(.*?)\s*[\]})>]$/.exec(v)?.[1];
      if (inner && isOpenAIKind(classifyCredential(inner).kind)) {
        out.push(
          about(
            'key-placeholder',
            g,
            `${g.name} (from ${sourceText(g.winner)}) is a key inside the brackets of the placeholder it replaced ("${v}"): ${targetNames(g.targets)} would send the brackets with it, and the API refuses it.`,
            setFix(
              g.winner,
              g.name,
              'Remove the brackets around the key: keep only the key itself, sk-… to its last character.',
            ),
            cond || shipped ? 'warning' : undefined,
          ),
        );
        continue;
      }
      // a real key in a source that loses to the placeholder (`.env.local` copied from `.env.example`
      // beside the `.env` holding the key): dropping the placeholder's line lets the key through
      const beaten = (g.targets[0]?.vars[g.name]?.chain ?? []).find(
        (c) =>
          (c.status === 'lost' || c.status === 'overridden') &&
          c.assignment !== g.winner &&
          c.assignment.kind === 'dotenv' &&
          g.winner.kind === 'dotenv' &&
          isOpenAIKind(classifyCredential(cleanValue(c.assignment.value)).kind),
      )?.assignment;
      const beatenAt = beaten?.location ? `${beaten.location.path}:${beaten.location.line ?? ''}` : undefined;
      out.push(
        about(
          'key-placeholder',
          g,
          `${g.name} is the placeholder "${v}" (from ${sourceText(g.winner)}), which ${targetNames(g.targets)} would send as its key.${beatenAt ? ` ${beatenAt} has a key, but ${sourceText(g.winner)} comes first.` : ''}${cond ? ` The client that reads it is built only if ${cond}, so this matters only on that path.` : ''}${shipped ? ` It is written in a deployment file of the repository, while ${shipped.label} gets a real key: fill it in before you deploy with it.` : ''}`,
          beaten && beatenAt
            ? removeFix(g.winner, g.name, `: the key in ${beatenAt} is then the one the app gets`)
            : setFix(
                g.winner,
                g.name,
                'Replace the placeholder with a real key from https://platform.openai.com/api-keys.',
              ),
          cond || shipped ? 'warning' : undefined,
        ),
      );
    }
    return out;
  },
};
