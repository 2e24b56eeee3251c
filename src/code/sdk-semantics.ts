/**
 * What each version of the official OpenAI SDKs does with its configuration: which environment
 * variables it reads and when, its HTTP stack and trust store, whether it trims values it reads
 * from the environment, the Node it needs, and the newer settings (admin key, custom headers,
 * workload identity, data residency). The checks read these facts through `sdkSemantics`.
 *
 * Sources (research next-capabilities.md §1.1, §3.1; env-loading.md §0): openai-python v0.28.1
 * `openai/__init__.py` (read at import), v1.0.0 `_client.py` (read in `OpenAI.__init__`), 3.0.0
 * CHANGELOG / `pyproject.toml` (httpx2, the OS trust store), `_client.py` l. 152-320 (admin key,
 * custom headers, workload identity), `_data_residency.py`; openai-node v4.0.0 / v4.104.0
 * `src/core.ts` (readEnv trims from 4.24.3: commit cc1bf072, "use default base url if BASE_URL env var is blank"), v4.104.0 `package.json` (node-fetch), `MIGRATION.md`
 * (v5: the built-in fetch), v7 `package.json` engines (Node 22), `src/client.ts` l. 489-545.
 * The admin key and custom headers arrived in both SDKs in 2026-04 (late openai-python 2.x /
 * openai-node 6.x); they are modelled from openai-python 3 and openai-node 7, the first majors that
 * surely have them.
 */
import { compareVersions } from '../core/compare.js';
import type { InstalledSdk } from './types.js';

export interface SdkSemantics {
  /** "openai-python 1.x-2.x", "openai-node 7" */
  label: string;
  ecosystem: 'npm' | 'pypi';
  /** Environment variables the SDK reads by itself. */
  env: {
    key: string;
    organization: string;
    project?: string;
    baseURL: string;
    admin?: string;
    customHeaders?: string;
    /** Azure: the api type / version names the SDK reads. */
    other?: string[];
  };
  /** When it reads them: at `import openai` (0.x) or when the client is built. */
  readsEnvAt: 'import' | 'construction';
  http: 'requests' | 'httpx' | 'httpx2' | 'node-fetch' | 'fetch';
  /** Where TLS roots come from: certifi's bundle, or the operating system's store (SSL_CERT_FILE / SSL_CERT_DIR). */
  trustStore: 'certifi' | 'os' | 'node';
  /** Leading and trailing whitespace is removed from values the SDK reads from the environment itself (never from an apiKey passed in code). */
  trimsEnv: boolean;
  /** The oldest Node it runs on (npm; given where the package says so: openai-node 7 requires Node 22). */
  minNode?: number;
  adminKey: boolean;
  customHeaders: boolean;
  workloadIdentity: boolean;
  dataResidency: boolean;
}

const PY0: SdkSemantics = {
  label: 'openai-python 0.x',
  ecosystem: 'pypi',
  env: {
    key: 'OPENAI_API_KEY',
    organization: 'OPENAI_ORGANIZATION',
    baseURL: 'OPENAI_API_BASE',
    other: ['OPENAI_API_KEY_PATH', 'OPENAI_API_TYPE', 'OPENAI_API_VERSION'],
  },
  readsEnvAt: 'import',
  http: 'requests',
  trustStore: 'certifi',
  trimsEnv: false,
  adminKey: false,
  customHeaders: false,
  workloadIdentity: false,
  dataResidency: false,
};
const PY1: SdkSemantics = {
  ...PY0,
  label: 'openai-python 1.x-2.x',
  env: {
    key: 'OPENAI_API_KEY',
    organization: 'OPENAI_ORG_ID',
    project: 'OPENAI_PROJECT_ID',
    baseURL: 'OPENAI_BASE_URL',
  },
  readsEnvAt: 'construction',
  http: 'httpx',
};
const PY3: SdkSemantics = {
  ...PY1,
  label: 'openai-python 3',
  env: { ...PY1.env, admin: 'OPENAI_ADMIN_KEY', customHeaders: 'OPENAI_CUSTOM_HEADERS' },
  http: 'httpx2',
  trustStore: 'os',
  adminKey: true,
  customHeaders: true,
  workloadIdentity: true,
  dataResidency: true,
};

const NODE4_EARLY: SdkSemantics = {
  label: 'openai-node 4 (before 4.24.3)',
  ecosystem: 'npm',
  env: {
    key: 'OPENAI_API_KEY',
    organization: 'OPENAI_ORG_ID',
    project: 'OPENAI_PROJECT_ID',
    baseURL: 'OPENAI_BASE_URL',
  },
  readsEnvAt: 'construction',
  http: 'node-fetch',
  trustStore: 'node',
  trimsEnv: false,
  adminKey: false,
  customHeaders: false,
  workloadIdentity: false,
  dataResidency: false,
};
const NODE4: SdkSemantics = { ...NODE4_EARLY, label: 'openai-node 4', trimsEnv: true };
const NODE5: SdkSemantics = { ...NODE4, label: 'openai-node 5-6', http: 'fetch' };
const NODE7: SdkSemantics = {
  ...NODE5,
  label: 'openai-node 7',
  env: { ...NODE5.env, admin: 'OPENAI_ADMIN_KEY', customHeaders: 'OPENAI_CUSTOM_HEADERS' },
  minNode: 22,
  adminKey: true,
  customHeaders: true,
  workloadIdentity: true,
  dataResidency: true,
};

/** The semantics of an installed SDK (version from a lockfile, or the major a spec allows); undefined when nothing tells. */
export function sdkSemantics(
  sdk: Pick<InstalledSdk, 'ecosystem' | 'installed' | 'major'> | undefined,
): SdkSemantics | undefined {
  if (!sdk || sdk.major === undefined) return undefined;
  const m = sdk.major;
  if (sdk.ecosystem === 'pypi') return m === 0 ? PY0 : m >= 3 ? PY3 : PY1;
  if (m <= 3) return undefined; // openai-node 3 (Configuration/OpenAIApi, axios): another API altogether
  if (m === 4) return sdk.installed && compareVersions(sdk.installed, '4.24.3') < 0 ? NODE4_EARLY : NODE4;
  return m >= 7 ? NODE7 : NODE5;
}

/** Every semantics row, for the docs and tests. */
export const SDK_SEMANTICS: readonly SdkSemantics[] = [PY0, PY1, PY3, NODE4_EARLY, NODE4, NODE5, NODE7];
