/**
 * What a run target would send, and where: its effective key, base URL, organization / project
 * headers, Azure endpoint, api-version, deployment and Entra token, from the target's resolved
 * variables. Shared by `verify` and the doctor's live step, so both send a key only where the app would.
 */
import type { Location, Target } from '../core/types.js';
import type { ClientConstruction, ValueExpr } from '../code/types.js';
import { classifyCredential, isPlaceholder } from '../keys/classify.js';
import type { AzureSettings } from './azure.js';
import { DEFAULT_BASE_URL } from './verify.js';
import { OPENAI_BASE_URL_VARS, OPENAI_ORGANIZATION_VARS, firstSet } from '../providers/index.js';

export interface LiveSettings {
  key: string;
  baseURL?: string;
  organization?: string;
  project?: string;
  azure?: AzureSettings;
  /** Where the key came from (the winning assignment). */
  location?: Location;
  /** Where the base URL (or Azure endpoint) was set: a file of the project, or undefined (the environment, the default). */
  endpointFrom?: Location;
  /** The variable the key was read from. */
  keyVar?: string;
  /** An Azure target with no endpoint: the app cannot send the key anywhere, and neither do we. */
  azureWithoutEndpoint?: boolean;
  /** The client's base URL is computed in code or differs between clients: where the key goes is not known. */
  unknownEndpoint?: string;
}

function val(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/**
 * The settings a client that reads its variables through `get` would use with `key`: the Azure
 * endpoint, api-version and deployment, or the base URL, organization and project.
 */
function readSettings(
  out: LiveSettings,
  azure: boolean,
  get: (name: string) => string | undefined,
  adToken: string | undefined,
): { settings: LiveSettings; endpointVar?: string } {
  if (azure) {
    const endpoint = firstSet(['AZURE_OPENAI_ENDPOINT', 'OPENAI_BASE_URL'], get);
    if (endpoint)
      out.azure = {
        endpoint: endpoint.value,
        apiVersion: get('OPENAI_API_VERSION'),
        deployment: get('AZURE_OPENAI_DEPLOYMENT'),
        adToken,
      };
    return { settings: out, endpointVar: endpoint?.name };
  }
  const base = firstSet(OPENAI_BASE_URL_VARS, get);
  out.baseURL = base?.value;
  out.organization = firstSet(OPENAI_ORGANIZATION_VARS, get)?.value;
  out.project = get('OPENAI_PROJECT_ID');
  return { settings: out, endpointVar: base?.name };
}

/**
 * The settings a plain script started from this environment would use with `key` (a key given on the
 * command line or found in the shell): the same variables as settingsForTarget, read from `env`.
 */
export function settingsFromEnv(env: Record<string, string | undefined>, key: string, azure: boolean): LiveSettings {
  const get = (name: string) => val(env[name]);
  return readSettings({ key }, azure, get, azure ? get('AZURE_OPENAI_AD_TOKEN') : undefined).settings;
}

/** The settings a target's client would use, or undefined when the target has no key. */
export function settingsForTarget(t: Target, env: Record<string, string | undefined> = {}): LiveSettings | undefined {
  const get = (name: string) => val(t.vars[name]?.value) ?? (t.vars[name] ? undefined : val(env[name]));
  /** Where the value `get(name)` gives was set (undefined: the environment keydoctor runs in). */
  const from = (name: string): Location | undefined =>
    val(t.vars[name]?.value) ? t.vars[name]?.winner?.location : undefined;
  const res = t.vars[t.keyVar];
  const key = res?.value;
  const adToken = t.azure ? get('AZURE_OPENAI_AD_TOKEN') : undefined;
  if ((key === undefined || key.trim() === '') && !adToken) return undefined;
  const { settings: out, endpointVar } = readSettings(
    { key: key ?? '', location: res?.winner?.location, keyVar: t.keyVar },
    Boolean(t.azure),
    get,
    adToken,
  );
  if (endpointVar) out.endpointFrom = from(endpointVar);
  else if (t.azure) out.azureWithoutEndpoint = true;
  // Every client that runs takes an empty OPENAI_BASE_URL as its base URL (openai-python): the app sends
  // its key nowhere, so it is not sent anywhere for it (base-url-override says why).
  const running = (t.clients ?? []).filter((c) => c.status !== 'never');
  if (!t.azure && running.length > 0 && running.every((c) => c.endpoint.url === ''))
    out.unknownEndpoint =
      'its client takes OPENAI_BASE_URL, which is set to an empty string, as its base URL, so it sends no request anywhere';
  return out;
}

/** Why a key is not worth (or not right) sending, or undefined when it may be verified. */
export function skipReason(s: LiveSettings): string | undefined {
  if (s.unknownEndpoint) return s.unknownEndpoint;
  if (s.azureWithoutEndpoint) return 'it uses Azure OpenAI but no endpoint (AZURE_OPENAI_ENDPOINT) is set';
  if (s.azure?.adToken) return undefined;
  const key = s.key.trim();
  if (key === '') return 'the key is empty';
  if (isPlaceholder(key)) return 'the key is a placeholder';
  if (s.azure === undefined && (s.baseURL === undefined || sameOrigin(s.baseURL, DEFAULT_BASE_URL))) {
    const c = classifyCredential(key);
    // Another provider's key would only be rejected by api.openai.com: do not hand it to OpenAI.
    if (c.provider && c.provider !== 'openai' && c.provider !== 'litellm')
      return `the key (${c.label}) is not an OpenAI key and would go to api.openai.com`;
  }
  return undefined;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

const NODE_KINDS = new Set(['node', 'next', 'vite', 'cra']);

function clientsOf(t: Target, clients: ClientConstruction[]): ClientConstruction[] {
  if (t.kind === 'python') return clients.filter((c) => c.language === 'python' || c.file.endsWith('.py'));
  if (NODE_KINDS.has(t.kind))
    return clients.filter((c) => c.language === 'js' || c.language === 'ts' || /\.[cm]?[jt]sx?$/.test(c.file));
  return clients;
}

/**
 * Applies what the code passes to its clients (`baseURL`, `base_url`, `organization`, `project`):
 * a literal wins over the environment, an env read takes that variable's value for this target, an
 * expression keydoctor cannot follow makes the endpoint unknown (and then nothing is sent).
 */
export function applyClientOptions(
  s: LiveSettings,
  t: Target,
  clients: ClientConstruction[] | undefined,
): LiveSettings {
  const mine = clientsOf(t, clients ?? []).filter((c) => !c.azure === !t.azure);
  if (mine.length === 0) return s;
  const read = (e: ValueExpr | undefined, fallback: string | undefined): string | undefined | null => {
    if (!e) return fallback;
    if (e.kind === 'literal') return e.value.trim() || fallback;
    if (e.kind === 'env') return val(t.vars[e.name]?.value) ?? e.default ?? fallback;
    return null;
  };
  /** Where a client option's value was set: the code itself for a literal or a default, the variable's source for an env read. */
  const origin = (
    c: ClientConstruction,
    e: ValueExpr | undefined,
    fallback: Location | undefined,
  ): Location | undefined => {
    if (!e) return fallback;
    const inCode: Location = { path: c.file, ...(c.line ? { line: c.line } : {}) };
    if (e.kind === 'literal') return e.value.trim() ? inCode : fallback;
    if (e.kind === 'env')
      return val(t.vars[e.name]?.value)
        ? t.vars[e.name]?.winner?.location
        : e.default !== undefined
          ? inCode
          : fallback;
    return fallback;
  };
  const pickOne = (field: 'baseURL' | 'organization' | 'project', fallback: string | undefined) => {
    const values = new Set(mine.map((c) => read(c.options[field], fallback)));
    if (values.has(null)) return { unknown: true as const };
    if (values.size > 1) return { unknown: true as const };
    return { value: [...values][0] ?? undefined };
  };
  const out = { ...s };
  if (t.azure) {
    const ep = pickOne('baseURL', undefined);
    const az = mine.map((c) => read(c.options.azureEndpoint, out.azure?.endpoint));
    if (ep.unknown || az.includes(null) || new Set(az).size > 1)
      out.unknownEndpoint =
        'the Azure endpoint is computed in code (or differs between clients), so keydoctor cannot tell where the app sends the key';
    else if (az[0] && out.azure) {
      out.azure = { ...out.azure, endpoint: az[0] };
      const c = mine[0] as ClientConstruction;
      out.endpointFrom = origin(c, c.options.azureEndpoint, out.endpointFrom);
    }
    return out;
  }
  const base = pickOne('baseURL', s.baseURL ?? DEFAULT_BASE_URL);
  if (base.unknown) {
    out.unknownEndpoint =
      "the client's base URL is computed in code (or differs between clients), so keydoctor cannot tell where the app sends the key";
    return out;
  }
  out.baseURL = base.value === DEFAULT_BASE_URL && s.baseURL === undefined ? undefined : base.value;
  const c0 = mine[0] as ClientConstruction;
  out.endpointFrom = origin(c0, c0.options.baseURL, s.endpointFrom);
  const org = pickOne('organization', s.organization);
  if (!org.unknown) out.organization = org.value;
  const proj = pickOne('project', s.project);
  if (!proj.unknown) out.project = proj.value;
  return out;
}
