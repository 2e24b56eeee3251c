/** Shared wording and predicates of the exposure checks (pure: facts in, strings out). */
import type { Facts } from '../../../core/facts.js';
import type { Fix, Location } from '../../../core/types.js';
import type { ScanHit } from '../../../scan/types.js';
import { publicPrefix } from '../../../scan/paths.js';
import { classifyCredential, isCredentialName, isOpenAIKind, isPublicGoogleKeyName } from '../../../keys/classify.js';
import { PROVIDERS, provider, type Provider } from '../../../providers/index.js';

function issuer(id: string | undefined): Provider {
  return PROVIDERS.find((p) => p.id === id) ?? provider('openai');
}

/** The environment variable the key should come from instead of a literal. */
export function envNameFor(hit: Pick<ScanHit, 'provider' | 'name'>): string {
  if (hit.name && /^[A-Z][A-Z0-9_]*$/.test(hit.name) && !publicPrefix(hit.name)) return hit.name;
  return issuer(hit.provider).keyVars[0] ?? 'OPENAI_API_KEY';
}

/** "Rotate the key at ... first": where the key's issuer lets you revoke it. */
export function rotateAt(hit: Pick<ScanHit, 'provider' | 'kind'>): string {
  if (hit.kind === 'openai-admin') return 'platform.openai.com/settings/organization/admin-keys';
  return issuer(hit.provider).keyPage?.where ?? "the provider's key page";
}

/** `an OpenAI project key (sk-proj-…)`: the value is masked by the report step. */
export function describe(hit: Pick<ScanHit, 'label' | 'secret'> & { verified?: ScanHit['verified'] }): string {
  const a = /^[AEIOU]/i.test(hit.label) ? 'An' : 'A';
  const v =
    hit.verified === 'live'
      ? ', verified working right now'
      : hit.verified === 'revoked'
        ? ', already rejected by the API (revoked or disabled)'
        : hit.verified === 'unknown'
          ? ', verification inconclusive'
          : '';
  return `${a} ${hit.label} (${hit.secret}${v})`;
}

export function where(hit: Pick<ScanHit, 'rel' | 'line' | 'cell' | 'encoding' | 'name'>): string {
  const parts = [`${hit.rel}:${hit.line}`];
  if (hit.cell !== undefined) parts.push(`notebook cell ${hit.cell}`);
  if (hit.encoding === 'base64') parts.push('base64-encoded');
  if (hit.name) parts.push(`assigned to ${hit.name}`);
  return parts.join(', ');
}

export function locationOf(hit: Pick<ScanHit, 'rel' | 'line' | 'column'>): Location {
  return { path: hit.rel, line: hit.line, column: hit.column };
}

export function hitData(hit: ScanHit): Record<string, unknown> {
  const d: Record<string, unknown> = {
    fingerprint: hit.fingerprint,
    kind: hit.kind,
    provider: hit.provider,
    context: hit.context,
  };
  if (hit.encoding && hit.encoding !== 'plain') d.encoding = hit.encoding;
  if (hit.name) d.name = hit.name;
  if (hit.cell !== undefined) d.cell = hit.cell;
  if (hit.commit) Object.assign(d, { commit: hit.commit, author: hit.author, date: hit.date });
  if (hit.verified) d.verified = hit.verified;
  return d;
}

/** What the user must do first for any exposed key. */
export function rotateFix(hit: ScanHit, then: string, command?: string): Fix {
  const fix: Fix = {
    summary: `Rotate the key at ${rotateAt(hit)} first (it is exposed: removing it does not un-leak it), then ${then}`,
  };
  if (command) fix.command = command;
  return fix;
}

// Files whose every key literal the deployment checks report (a Dockerfile bakes each into the image).
const DEPLOY_OWNED = new Set(['dockerfile']);
const CI_KINDS = new Set(['github-actions', 'gitlab-ci', 'circleci', 'ci-other']);

/** Places the deployment checks report under their own ids (key-in-docker-image, key-in-configmap). */
export function claimedByDeploy(facts: Facts, hit: Pick<ScanHit, 'rel' | 'line'>): boolean {
  const d = facts.deploy;
  if (!d) return false;
  if (d.claimed.some((l) => l.path === hit.rel && (l.line === undefined || l.line === hit.line))) return true;
  return d.files.some((f) => f.rel === hit.rel && DEPLOY_OWNED.has(f.kind));
}

export function isCiHit(facts: Facts, hit: Pick<ScanHit, 'rel' | 'context'>): boolean {
  if (hit.context === 'ci') return true;
  return facts.deploy?.files.some((f) => f.rel === hit.rel && CI_KINDS.has(f.kind)) ?? false;
}

export function isClientModule(facts: Facts, rel: string): boolean {
  return facts.code?.files.some((f) => f.file === rel && f.clientSide === true) ?? false;
}

/** A hit that ships to browsers: in a built bundle, in a client module, or under a public-prefixed name. */
export function exposedReason(facts: Facts, hit: ScanHit): string | undefined {
  if (hit.context === 'bundle') return `it sits in built output (${hit.rel}) that is served to browsers`;
  const prefix = publicPrefix(hit.name);
  if (prefix)
    return `${hit.name} carries the ${prefix} prefix, so the framework inlines its value into the JavaScript sent to every visitor`;
  if ((hit.context === 'source' || hit.context === 'other') && isClientModule(facts, hit.rel))
    return `${hit.rel} is a client-side module ('use client' or a browser-only folder), so the literal ships to the browser`;
  return undefined;
}

const REAL_KEY_KINDS = new Set([
  'anthropic',
  'openrouter',
  'groq',
  'google',
  'xai',
  'huggingface',
  'perplexity',
  'deepseek-style',
  'azure-hex32',
  'azure-cask',
]);

/** A value (from a parsed dotenv file) that is a real credential of a known shape, with its label. */
export function realKey(name: string, value: string): { kind: string; label: string; provider?: string } | undefined {
  if (!isCredentialName(name)) return undefined;
  const c = classifyCredential(value.trim());
  if (c.kind === 'google' && isPublicGoogleKeyName(name)) return undefined; // a Firebase web config or Maps key: public by design
  if (isOpenAIKind(c.kind) || REAL_KEY_KINDS.has(c.kind)) return c;
  return undefined;
}

/** Relative paths inside the project only (dotenv files named by loaders may live elsewhere). */
export function insideProject(rel: string): boolean {
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/') && !rel.startsWith('~') && !/^[A-Za-z]:/.test(rel);
}
