/**
 * Azure OpenAI plumbing: which URL shape the app uses (classic dated `/openai/deployments/...` with
 * `api-version`, or the v1 path `/openai/v1/...`), which credential header, and the probes.
 */

export interface AzureSettings {
  /** `https://NAME.openai.azure.com` (any trailing `/openai...` is cut off). */
  endpoint: string;
  /** A dated api-version for the classic paths; absent → the v1 path. */
  apiVersion?: string;
  deployment?: string;
  /** An Entra ID token, sent as `Authorization: Bearer` (takes precedence over the key, as in openai-python). */
  adToken?: string;
  /** Force the v1 path (the base URL ends in /openai/v1). */
  v1?: boolean;
}

/** Splits a base URL or endpoint into the resource endpoint and whether it names the v1 path. */
export function parseAzureEndpoint(url: string): { endpoint: string; v1: boolean } {
  const trimmed = url.trim().replace(/\/+$/, '');
  const m = /^(.*?)\/openai(\/v1)?(?:\/.*)?$/i.exec(trimmed);
  if (m) return { endpoint: m[1] ?? trimmed, v1: Boolean(m[2]) };
  return { endpoint: trimmed, v1: false };
}

export interface AzurePlan {
  mode: 'classic' | 'v1';
  /** URL of the key check (the models list). */
  modelsUrl: string;
  /** The deployment check: a chat request with no messages (400 when the deployment exists). */
  deploymentUrl?: string;
  deploymentBody?: string;
  headers: Record<string, string>;
  credential: 'api-key' | 'entra-token';
}

export function planAzure(s: AzureSettings, key: string): AzurePlan {
  const { endpoint, v1: urlV1 } = parseAzureEndpoint(s.endpoint);
  const v1 = s.v1 || urlV1 || !s.apiVersion;
  const headers: Record<string, string> = s.adToken ? { Authorization: `Bearer ${s.adToken}` } : { 'api-key': key };
  const credential = s.adToken ? 'entra-token' : 'api-key';
  if (v1) {
    // The v1 path takes no dated api-version; one given anyway is sent, as the app would (and Azure rejects it).
    const q = s.apiVersion ? `?api-version=${encodeURIComponent(s.apiVersion)}` : '';
    return {
      mode: 'v1',
      modelsUrl: `${endpoint}/openai/v1/models${q}`,
      deploymentUrl: s.deployment ? `${endpoint}/openai/v1/chat/completions${q}` : undefined,
      deploymentBody: s.deployment ? JSON.stringify({ model: s.deployment }) : undefined,
      headers,
      credential,
    };
  }
  const q = `?api-version=${encodeURIComponent(s.apiVersion ?? '')}`;
  return {
    mode: 'classic',
    modelsUrl: `${endpoint}/openai/models${q}`,
    deploymentUrl: s.deployment
      ? `${endpoint}/openai/deployments/${encodeURIComponent(s.deployment)}/chat/completions${q}`
      : undefined,
    deploymentBody: s.deployment ? '{}' : undefined,
    headers,
    credential,
  };
}
