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

/** The settings a target's client would use, or undefined when the target has no key. */
export function settingsForTarget(t: Target, env: Record<string, string | undefined> = {}): LiveSettings | undefined {
  const get = (name: string) => val(t.vars[name]?.value) ?? (t.vars[name] ? undefined : val(env[name]));
  /** Where the value `get(name)` gives was set (undefined: the environment keydoctor runs in). */
  const from = (...names: string[]): Location | undefined => {
    for (const n of names) if (val(t.vars[n]?.value)) return t.vars[n]?.winner?.location;
    return undefined;
  };
  const res = t.vars[t.keyVar];
  const key = res?.value;
  const adToken = t.azure ? get('AZURE_OPENAI_AD_TOKEN') : undefined;
  if ((key === undefined || key.trim() === '') && !adToken) return undefined;
  const out: LiveSettings = { key: key ?? '', location: res?.winner?.location, keyVar: t.keyVar };
  if (t.azure) {
    const endpoint = get('AZURE_OPENAI_ENDPOINT') ?? get('OPENAI_BASE_URL');
    if (endpoint) {
      out.azure = { endpoint, apiVersion: get('OPENAI_API_VERSION'), deployment: get('AZURE_OPENAI_DEPLOYMENT'), adToken };
      out.endpointFrom = get('AZURE_OPENAI_ENDPOINT') ? from('AZURE_OPENAI_ENDPOINT') : from('OPENAI_BASE_URL');
    }
    else out.azureWithoutEndpoint = true;
    return out;
  }
  out.baseURL = get('OPENAI_BASE_URL') ?? get('OPENAI_API_BASE');
  if (out.baseURL) out.endpointFrom = get('OPENAI_BASE_URL') ? from('OPENAI_BASE_URL') : from('OPENAI_API_BASE');
  out.organization = get('OPENAI_ORG_ID') ?? get('OPENAI_ORGANIZATION');
  out.project = get('OPENAI_PROJECT_ID');
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
    if (c.provider && c.provider !== 'openai' && c.provider !== 'litellm') return `the key (${c.label}) is not an OpenAI key and would go to api.openai.com`;
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
  if (NODE_KINDS.has(t.kind)) return clients.filter((c) => c.language === 'js' || c.language === 'ts' || /\.[cm]?[jt]sx?$/.test(c.file));
  return clients;
}

/**
 * Applies what the code passes to its clients (`baseURL`, `base_url`, `organization`, `project`):
 * a literal wins over the environment, an env read takes that variable's value for this target, an
 * expression keydoctor cannot follow makes the endpoint unknown (and then nothing is sent).
 */
export function applyClientOptions(s: LiveSettings, t: Target, clients: ClientConstruction[] | undefined): LiveSettings {
  const mine = clientsOf(t, clients ?? []).filter((c) => !c.azure === !t.azure);
  if (mine.length === 0) return s;
  const read = (e: ValueExpr | undefined, fallback: string | undefined): string | undefined | null => {
    if (!e) return fallback;
    if (e.kind === 'literal') return e.value.trim() || fallback;
    if (e.kind === 'env') return val(t.vars[e.name]?.value) ?? e.default ?? fallback;
    return null;
  };
  /** Where a client option's value was set: the code itself for a literal or a default, the variable's source for an env read. */
  const origin = (c: ClientConstruction, e: ValueExpr | undefined, fallback: Location | undefined): Location | undefined => {
    if (!e) return fallback;
    const inCode: Location = { path: c.file, ...(c.line ? { line: c.line } : {}) };
    if (e.kind === 'literal') return e.value.trim() ? inCode : fallback;
    if (e.kind === 'env') return val(t.vars[e.name]?.value) ? t.vars[e.name]?.winner?.location : e.default !== undefined ? inCode : fallback;
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
    if (ep.unknown || az.includes(null) || new Set(az).size > 1) out.unknownEndpoint = 'the Azure endpoint is computed in code (or differs between clients), so keydoctor cannot tell where the app sends the key';
    else if (az[0] && out.azure) {
      out.azure = { ...out.azure, endpoint: az[0] };
      const c = mine[0] as ClientConstruction;
      out.endpointFrom = origin(c, c.options.azureEndpoint, out.endpointFrom);
    }
    return out;
  }
  const base = pickOne('baseURL', s.baseURL ?? DEFAULT_BASE_URL);
  if (base.unknown) {
    out.unknownEndpoint = 'the client\'s base URL is computed in code (or differs between clients), so keydoctor cannot tell where the app sends the key';
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
