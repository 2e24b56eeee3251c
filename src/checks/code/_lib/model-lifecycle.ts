/**
 * Shared by model-retired and model-deprecated: the models each code file calls, with their
 * lifecycle at the run's clock. The API's own `shutdown_date` (read by the live step from
 * `GET /v1/models`) decides for the models it lists; keydoctor's table is the offline fallback.
 * Azure: `model` is a deployment name with Azure's own schedule, so OpenAI's table is never applied
 * to a file whose clients all talk to Azure, nor to a project whose OpenAI clients are pointed at Azure.
 */
import type { Facts } from '../../../core/facts.js';
import type { Target } from '../../../core/types.js';
import { AZURE_SDKS } from './check-helpers.js';
import {
  RETIRED_APIS,
  daysUntil,
  modelStatus,
  type ModelStatus,
  type RetiredApi,
} from '../../../code/retired-models.js';
import type { ClientConstruction, CodeFile } from '../../../code/types.js';
import { EXAMPLE_DIR, EXAMPLE_SOURCE, TEST_DIR } from '../../../core/paths.js';
import { endpointOf } from '../../../providers/index.js';

const AZURE_HOST =
  /(?:^|\/\/|\.)[a-z0-9-]+\.(?:openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)(?:[:/]|$)/i;

/** The client talks to Azure: an Azure SDK or class, or a base URL (in code, or the env it reads) on an Azure host. */
function azureClient(c: ClientConstruction, azureBaseEnv: boolean): boolean {
  if (c.azure || AZURE_SDKS.has(c.sdk)) return true;
  const b = c.options.baseURL;
  if (b?.kind === 'literal') return AZURE_HOST.test(b.value);
  if (b?.kind === 'env') return b.name === 'OPENAI_BASE_URL' ? azureBaseEnv : false;
  return azureBaseEnv; // no base URL option: the SDK reads OPENAI_BASE_URL
}

/**
 * The client talks to a server named in the code that is not OpenAI's: one on this machine or its
 * network (a mock of the API for tests, Ollama, vLLM) or another provider (GitHub Models, OpenRouter,
 * Groq). The model names are that server's, on its own schedule, not OpenAI's to retire. A gateway
 * that forwards to OpenAI (Helicone, Portkey) and an unknown host (a proxy) keep OpenAI's table.
 */
function foreignClient(c: ClientConstruction): boolean {
  if (c.mockFetch) return true; // its fetch answers by itself: nothing reaches OpenAI
  const b = c.options.baseURL;
  if (b?.kind !== 'literal') return false;
  const p = endpointOf(b.value)?.provider;
  return p !== undefined && p.id !== 'openai' && (p.kind === 'local' || p.kind === 'provider');
}

/** What `GET /v1/models` answered (OpenAI endpoints only): id → shutdown_date (null: none announced). */
export function liveShutdowns(facts: Facts): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of facts.live?.results ?? []) {
    if (r.azure) continue;
    for (const [id, d] of Object.entries(r.modelShutdowns ?? {})) if (!out.has(id) || d) out.set(id, d);
  }
  return out;
}

export interface ModelUse {
  file: string;
  line: number;
  model: string;
  status: ModelStatus;
  /** No target of the project runs a client this file's models go to (an example or a script run by hand). */
  unreached?: boolean;
  /** An example, tutorial, notebook or test of a project whose own code (a library, an app) builds its clients elsewhere: run by hand. */
  example?: boolean;
}

/**
 * The clients a file's model names can go to: the file's own, and those of the files it is joined to
 * through imports within two steps either way (a config module the client's module imports, a module
 * that imports a shared client, the config that module imports). A file joined to no client (UI mock
 * data, a template shown in the browser, cost-tracking labels in a project with no client) names models
 * nobody sends.
 */
function clientsNear(facts: Facts): (file: string) => number[] {
  const code = facts.code;
  const byFile = new Map<string, number[]>();
  (code?.clients ?? []).forEach((c, i) => byFile.set(c.file, [...(byFile.get(c.file) ?? []), i]));
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    links.set(a, (links.get(a) ?? new Set()).add(b));
    links.set(b, (links.get(b) ?? new Set()).add(a));
  };
  for (const f of code?.files ?? []) {
    for (const x of f.imports ?? []) link(f.file, x);
    for (const l of f.loads ?? []) link(f.file, l.file);
  }
  return (file) => {
    const seen = new Set([file]);
    let edge = [file];
    for (let depth = 0; depth < 2; depth++) {
      const next: string[] = [];
      for (const f of edge)
        for (const g of links.get(f) ?? []) {
          if (seen.has(g)) continue;
          seen.add(g);
          next.push(g);
        }
      edge = next;
    }
    return [...seen].flatMap((f) => byFile.get(f) ?? []);
  };
}

/** Where a file's calls go, for the lifecycle checks: skip it (no client, Azure, another provider), or how it runs. */
type FileReach = (f: CodeFile) => { unreached?: boolean; example?: boolean } | undefined;

/** One reach per run: model-retired, model-deprecated and api-retired ask for the same one. */
const reachOf = new WeakMap<object, { targets: Target[]; reach: FileReach }>();

function fileReach(facts: Facts, targets: Target[]): FileReach | undefined {
  const code = facts.code;
  if (!code) return undefined;
  const known = reachOf.get(code);
  if (known && known.targets === targets) return known.reach;
  const reach = buildReach(facts, code, targets);
  reachOf.set(code, { targets, reach });
  return reach;
}

function buildReach(facts: Facts, code: NonNullable<Facts['code']>, targets: Target[]): FileReach {
  // OPENAI_BASE_URL set to an Azure host anywhere the project's targets read it (a .env, the shell)
  const azureBaseEnv =
    facts.assignments.some((a) => a.name === 'OPENAI_BASE_URL' && AZURE_HOST.test(a.value)) ||
    AZURE_HOST.test(facts.env.OPENAI_BASE_URL ?? '');
  const allAzure = code.clients.length > 0 && code.clients.every((c) => azureClient(c, azureBaseEnv));
  const near = clientsNear(facts);
  const reached = new Set(
    targets.flatMap((t) => (t.clients ?? []).filter((c) => c.status !== 'never').map((c) => c.client)),
  );
  // Files the entry points past the target cap reach: they run, though no target shows them.
  const untargeted = new Set(code.untargeted ?? []);
  const byUntargeted = (i: number) => untargeted.has(code.clients[i]?.file ?? '');
  // The project's own code builds a client outside its examples, docs and tests (a library with an
  // examples/ folder, an app with tutorials): an example's calls are the user's to run by hand.
  const byHand = (rel: string) => EXAMPLE_DIR.test(rel) || TEST_DIR.test(rel) || EXAMPLE_SOURCE.test(rel);
  const mainPart = code.clients.some((c) => !byHand(c.file));
  return (f) => {
    const clients = code.clients.filter((c) => c.file === f.file);
    // A file that builds its own client sends its calls with it (a notebook that imports the library
    // and makes its own OpenAI()); else the clients of the files it is joined to.
    const mine = clients.length ? code.clients.flatMap((c, i) => (c.file === f.file ? [i] : [])) : near(f.file);
    if (mine.length === 0) return undefined; // calls no client sends
    const example = mainPart && byHand(f.file);
    const unreached = targets.length > 0 && !mine.some((i) => reached.has(i) || byUntargeted(i));
    // a file that builds an Azure client, and plain clients only with a base URL it computes (the Azure
    // resource's `/openai/v1` endpoint): Azure's deployment names too
    const azureFile = clients.some((c) => azureClient(c, azureBaseEnv));
    const azureLike = (c: ClientConstruction) =>
      azureClient(c, azureBaseEnv) ||
      (azureFile && c.options.baseURL !== undefined && c.options.baseURL.kind !== 'literal');
    if (clients.length > 0 ? clients.every(azureLike) : allAzure) return undefined; // deployment names, not model ids
    if (mine.every((i) => code.clients[i] !== undefined && foreignClient(code.clients[i]))) return undefined;
    // no client of its own, and another provider's URL written in it, none of OpenAI's (a subclass of a
    // shared service class for OpenRouter, handing its base class that URL): that provider's model names
    const sig = f.signals ?? [];
    if (
      clients.length === 0 &&
      sig.some((s) => s.kind === 'foreign-endpoint') &&
      !sig.some((s) => s.kind === 'openai-endpoint')
    )
      return undefined;
    if ((f.signals ?? []).some((s) => s.kind === 'litellm-azure') && clients.every((c) => c.azure)) return undefined;
    return unreached ? { unreached } : example ? { example } : {};
  };
}

export function modelUses(facts: Facts, state: ModelStatus['state'], targets: Target[] = []): ModelUse[] {
  const code = facts.code;
  const reach = fileReach(facts, targets);
  if (!code || !reach) return [];
  const now = facts.now ?? new Date();
  const live = liveShutdowns(facts);
  const out: ModelUse[] = [];
  for (const f of code.files) {
    if (!f.models?.length) continue;
    const how = reach(f);
    if (!how) continue;
    for (const m of f.models) {
      const status = modelStatus(m.name, now, live);
      if (status?.state === state) out.push({ file: f.file, line: m.line, model: m.name, status, ...how });
    }
  }
  return out;
}

export interface ApiUse {
  file: string;
  /** The lines of the file that call the API, in order. */
  lines: number[];
  api: RetiredApi;
  unreached?: boolean;
  example?: boolean;
}

/** Calls of an OpenAI API shut down by the run's clock (the Assistants API), by file, on OpenAI's endpoint. */
export function retiredApiUses(facts: Facts, targets: Target[] = []): ApiUse[] {
  const code = facts.code;
  const reach = fileReach(facts, targets);
  if (!code || !reach) return [];
  const now = facts.now ?? new Date();
  const out: ApiUse[] = [];
  for (const f of code.files) {
    const sig = (f.signals ?? []).filter((x) => x.kind === 'retired-api');
    if (sig.length === 0) continue;
    const how = reach(f);
    if (!how) continue;
    for (const api of RETIRED_APIS) {
      if (daysUntil(api.shutdown, now) > 0) continue;
      const lines = sig.filter((x) => x.detail === api.id).map((x) => x.line);
      if (lines.length) out.push({ file: f.file, lines: [...new Set(lines)].sort((a, b) => a - b), api, ...how });
    }
  }
  return out;
}
