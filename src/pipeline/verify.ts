/**
 * What `keydoctor verify` sends, decided before anything is sent: which key (a run target's, an
 * environment variable's, standard input's, or the shell's), the settings it goes with (the target's
 * resolved variables and client options, then what the caller overrides), and whether it is worth
 * sending at all. The CLI parses its options into a VerifyRequest and prints; the choices are here.
 */
import type { Facts } from '../core/facts.js';
import type { FindingDraft, Target } from '../core/types.js';
import { locString } from '../core/location.js';
import { runDiagnosis } from './diagnose.js';
import type { SecretSet } from '../keys/mask.js';
import { addSecrets, collectSecrets } from '../keys/secrets.js';
import { classifyCredential } from '../keys/classify.js';
import {
  applyClientOptions,
  settingsForTarget,
  settingsFromEnv,
  skipReason,
  type LiveSettings,
} from '../live/settings.js';
import { DEFAULT_BASE_URL, verifyKey } from '../live/verify.js';
import { buildReport, type Report } from '../report/report.js';
import { metaFor } from '../checks/registry.js';
import { maskSecret } from '../keys/mask.js';
import { pushAll } from '../core/arrays.js';
import { check as modelRetired } from '../checks/code/model-retired.js';
import { check as modelDeprecated } from '../checks/code/model-deprecated.js';

/** A request `verify` cannot carry out as given (the CLI reports it as a usage error). */
export class VerifyInputError extends Error {}

export interface VerifyRequest {
  /** The environment keydoctor runs in. */
  env: Record<string, string | undefined>;
  /** The project folder (absolute); verify the key its run target gets. */
  root?: string;
  /** The run target to verify (default: the first that gets a key). */
  target?: string;
  /** Verify the key this environment variable holds. */
  keyEnv?: string;
  /** The key as given on standard input (its first line is the key). */
  keyStdin?: string;
  /** Azure OpenAI (`--azure`). */
  azure?: boolean;
  baseURL?: string;
  endpoint?: string;
  apiVersion?: string;
  deployment?: string;
  organization?: string;
  project?: string;
}

export interface ChosenKey {
  settings: LiveSettings;
  /** Where the key came from, for messages. */
  source: string;
  target?: Target;
  targets: Target[];
  root?: string;
  secrets: SecretSet;
  /** The project's facts, when a folder was verified (the models its code calls). */
  facts?: Facts;
}

/** The models the project's code calls. */
export function modelsOf(facts: Facts | undefined): string[] | undefined {
  const ms = [...new Set((facts?.code?.files ?? []).flatMap((f) => (f.models ?? []).map((m) => m.name)))];
  return ms.length ? ms : undefined;
}

function firstLine(s: string): string {
  const nl = s.search(/\r?\n/);
  return nl >= 0 ? s.slice(0, nl) : s;
}

/** The key to verify and the settings the app would send it with (before the caller's overrides). */
export async function chooseKey(req: VerifyRequest): Promise<ChosenKey> {
  const env = req.env;
  const secrets = collectSecrets({ env });
  const wantAzure = req.azure === true || req.endpoint !== undefined;
  if (req.keyEnv !== undefined) {
    const name = req.keyEnv;
    const key = env[name];
    if (key === undefined) throw new VerifyInputError(`${name} is not set in this environment`);
    secrets.add(key, true);
    const azure = wantAzure || (name.startsWith('AZURE') && Boolean(env.AZURE_OPENAI_ENDPOINT));
    return { settings: settingsFromEnv(env, key, azure), source: `$${name}`, targets: [], secrets };
  }
  if (req.keyStdin !== undefined) {
    const key = firstLine(req.keyStdin);
    if (key.trim() === '') throw new VerifyInputError('--key-stdin: standard input holds no key');
    secrets.add(key, true);
    return { settings: settingsFromEnv(env, key, wantAzure), source: 'standard input', targets: [], secrets };
  }
  const root = req.root as string;
  const d = await runDiagnosis({ root, cwd: root, env, offline: true, checks: [] });
  addSecrets(secrets, { facts: d.facts });
  const wanted = req.target;
  let target: Target | undefined;
  if (wanted) {
    target = d.targets.find((t) => t.id === wanted);
    if (!target)
      throw new VerifyInputError(`no target ${wanted}; targets: ${d.targets.map((t) => t.id).join(', ') || 'none'}`);
  } else {
    target = d.targets.find((t) => settingsForTarget(t, env) !== undefined);
  }
  const found = target ? settingsForTarget(target, env) : undefined;
  const fromTarget = found && target ? applyClientOptions(found, target, d.facts.code?.clients) : undefined;
  if (fromTarget) {
    if (wantAzure && !fromTarget.azure) {
      const endpoint = req.endpoint ?? env.AZURE_OPENAI_ENDPOINT ?? fromTarget.baseURL;
      fromTarget.azure = {
        endpoint: endpoint ?? '',
        apiVersion: env.OPENAI_API_VERSION,
        deployment: env.AZURE_OPENAI_DEPLOYMENT,
      };
    }
    const where = locString(fromTarget.location);
    secrets.add(fromTarget.key, true);
    return {
      settings: fromTarget,
      source: `${fromTarget.keyVar ?? 'the key'}${where ? ` from ${where}` : ''} (target ${target?.label ?? ''})`,
      target,
      targets: d.targets,
      root: d.facts.root,
      secrets,
      facts: d.facts,
    };
  }
  // No target holds a key: the shell's own environment, as a plain script would see it.
  const key = (wantAzure ? (env.AZURE_OPENAI_API_KEY ?? env.OPENAI_API_KEY) : env.OPENAI_API_KEY) ?? '';
  if (key.trim() === '' && !(wantAzure && env.AZURE_OPENAI_AD_TOKEN)) {
    throw new VerifyInputError(
      wanted
        ? `target ${wanted} has no key`
        : 'no key found: no run target of this project gets one and OPENAI_API_KEY is not set (use --key-env NAME or --key-stdin)',
    );
  }
  secrets.add(key, true);
  return {
    settings: settingsFromEnv(env, key, wantAzure),
    source: wantAzure ? '$AZURE_OPENAI_API_KEY' : '$OPENAI_API_KEY',
    targets: d.targets,
    root: d.facts.root,
    secrets,
  };
}

/**
 * Applies what the caller gave (`--base-url`, `--azure`, `--endpoint`, `--api-version`,
 * `--deployment`, `--organization`, `--project`) to the chosen settings, in place, and adds the
 * endpoints and the Entra token to the secrets. Throws VerifyInputError when the key cannot be sent
 * anywhere as asked (an Azure request with no endpoint; an endpoint computed in code and none given).
 */
export function applyOverrides(chosen: ChosenKey, req: VerifyRequest): LiveSettings {
  const s = chosen.settings;
  const env = req.env;
  if (req.baseURL !== undefined) {
    if (s.azure) s.azure.endpoint = req.baseURL;
    else s.baseURL = req.baseURL;
  } else if (s.unknownEndpoint && req.endpoint === undefined) {
    throw new VerifyInputError(
      `${s.unknownEndpoint}; pass --base-url URL (or --endpoint for Azure) to verify against a given endpoint`,
    );
  }
  if (!s.azure && (req.azure || req.endpoint !== undefined)) {
    const endpoint = req.endpoint ?? req.baseURL ?? env.AZURE_OPENAI_ENDPOINT;
    if (endpoint)
      s.azure = {
        endpoint,
        apiVersion: env.OPENAI_API_VERSION?.trim() || undefined,
        deployment: env.AZURE_OPENAI_DEPLOYMENT?.trim() || undefined,
        adToken: env.AZURE_OPENAI_AD_TOKEN?.trim() || undefined,
      };
  }
  if (s.azure) {
    if (req.endpoint !== undefined) s.azure.endpoint = req.endpoint;
    if (req.apiVersion !== undefined) s.azure.apiVersion = req.apiVersion;
    if (req.deployment !== undefined) s.azure.deployment = req.deployment;
    if (!s.azure.endpoint)
      throw new VerifyInputError('Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or pass --endpoint URL');
  } else if (req.azure || req.endpoint !== undefined || s.azureWithoutEndpoint) {
    throw new VerifyInputError('Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or pass --endpoint URL');
  }
  if (req.organization !== undefined) s.organization = req.organization;
  if (req.project !== undefined) s.project = req.project;
  addSecrets(chosen.secrets, { keys: [s.azure?.adToken] });
  // The endpoints as given (their userinfo passwords).
  for (const u of [req.baseURL, req.endpoint, s.baseURL, s.azure?.endpoint]) if (u) chosen.secrets.add(u);
  return s;
}

/**
 * The finding for a key that is not sent because its answer is known (a placeholder, an empty key,
 * another provider's key bound for api.openai.com), with the reason; undefined when it may be sent.
 */
export function notSent(
  s: LiveSettings,
  target: Target | undefined,
): { reason: string; finding: FindingDraft } | undefined {
  const reason = skipReason({ ...s, unknownEndpoint: undefined, azureWithoutEndpoint: undefined });
  if (!reason) return undefined;
  const c = classifyCredential(s.key.trim());
  const id = c.kind === 'placeholder' ? 'key-placeholder' : s.key.trim() === '' ? 'key-empty' : 'key-foreign-provider';
  const finding: FindingDraft = {
    id,
    message: `Not sent: ${reason}.`,
    location: s.location,
    target: target?.id,
    fix: {
      summary:
        id === 'key-foreign-provider'
          ? 'Use an OpenAI key here, or point OPENAI_BASE_URL (--base-url) at the provider this key belongs to.'
          : 'Put a real key where the app reads it.',
    },
  };
  return { reason, finding };
}

export interface VerifyRunOptions {
  env: Record<string, string | undefined>;
  model?: string;
  probes: 'all' | 'none';
  timeoutMs: number;
  /** One line per request and answer (the caller masks it). */
  debug?: (line: string) => void;
  /**
   * The endpoint was given by the caller (--base-url, --endpoint): the user's own choice. Otherwise
   * an endpoint the project's files set is not sent a key of the user's (live/trust.ts).
   */
  endpointGiven: boolean;
}

/**
 * Sends the key with its settings and reports the answer (masked): the live findings, and for a
 * project on an OpenAI endpoint the models its code calls with the shutdown dates the API gave.
 */
export async function verifyChosen(chosen: ChosenKey, s: LiveSettings, opts: VerifyRunOptions): Promise<Report> {
  opts.debug?.(
    `verifying ${maskSecret(s.key)} from ${chosen.source} against ${s.azure ? s.azure.endpoint : (s.baseURL ?? DEFAULT_BASE_URL)}`,
  );
  const result = await verifyKey({
    key: s.key,
    baseURL: s.baseURL,
    organization: s.organization,
    project: s.project,
    azure: s.azure,
    model: opts.model,
    models: s.azure ? undefined : modelsOf(chosen.facts),
    probes: opts.probes,
    timeoutMs: opts.timeoutMs,
    env: opts.env,
    targets: chosen.target ? [chosen.target.id] : [],
    debug: opts.debug,
    ...(opts.endpointGiven ? {} : { origin: { key: s.location, endpoint: s.endpointFrom } }),
  });
  const findings: FindingDraft[] = result.findings.map((f) => ({
    ...f,
    location: f.location ?? s.location,
    target: f.target ?? chosen.target?.id,
  }));
  if (chosen.facts && !s.azure) {
    chosen.facts.live = { results: [result] };
    for (const c of [modelRetired, modelDeprecated])
      pushAll(findings, c.run({ facts: chosen.facts, targets: chosen.targets }));
  }
  const { findings: _f, ...rest } = result;
  const data = {
    verify: { ...rest, source: chosen.source, key: maskSecret(s.key), baseURL: s.baseURL ?? DEFAULT_BASE_URL },
  };
  return buildReport(
    {
      command: 'verify',
      meta: metaFor,
      root: chosen.root,
      findings,
      targets: chosen.target ? [chosen.target] : [],
      notes: [],
      data,
    },
    chosen.secrets,
  );
}

/** The report of a key that was not sent (notSent's finding). */
export function notSentReport(
  chosen: ChosenKey,
  s: LiveSettings,
  skip: { reason: string; finding: FindingDraft },
): Report {
  return buildReport(
    {
      command: 'verify',
      meta: metaFor,
      root: chosen.root,
      findings: [skip.finding],
      targets: chosen.target ? [chosen.target] : [],
      notes: [],
      data: { verify: { skipped: skip.reason, source: chosen.source, key: maskSecret(s.key) } },
    },
    chosen.secrets,
  );
}
