/** Facts from deployment files (owned by src/deploy): Docker, compose, Kubernetes, Helm, CI, hosting. */
import type { Location } from '../core/types.js';

export type DeployFileKind =
  | 'dockerfile'
  | 'dockerignore'
  | 'compose'
  | 'k8s'
  | 'kustomization'
  | 'helm-values'
  | 'helm-template'
  | 'github-actions'
  | 'gitlab-ci'
  | 'circleci'
  | 'ci-other'
  | 'hosting'
  | 'terraform'
  | 'docker-run';

export interface DeployFile {
  /** Relative to the project root. */
  rel: string;
  kind: DeployFileKind;
}

export interface DeployFacts {
  files: DeployFile[];
  /**
   * Key literals the deployment checks report under their own ids (key-in-docker-image,
   * key-in-configmap, ...): the scan's key-hardcoded check passes these places over.
   */
  claimed: Location[];
  /** Variable names the deployment files hand to the app (for env-name-mismatch). */
  providedNames: Array<{ name: string; location: Location }>;
  // ---- additive: the structured models the deploy checks and target providers read ----------
  dockerfiles?: DockerfileFacts[];
  dockerRuns?: DockerRunFacts[];
  compose?: ComposeProject[];
  k8s?: K8sFacts;
  ci?: CiJob[];
  hosting?: HostingConfig[];
  /** Script or doc lines that run `sudo docker compose` without `-E` (sudo drops exported variables). */
  composeSudo?: Location[];
  /**
   * Shell scripts that export variables and then run `docker compose` (deploy/aca/start-compose.sh
   * exporting every `azd env get-values` line): the compose files they start (root-relative), the
   * names they export, and whether they export names keydoctor cannot list (a loop, `set -a; source`).
   */
  composeWrappers?: Array<{ path: string; composeFiles: string[]; names: string[]; all: boolean }>;
  /** Decoded or file-read Secret values (base64 Secret data, kustomize files). They reach the secret set as assignments: masked when they are credentials by name or shape. */
  secretValues?: string[];
}

// ---------------------------------------------------------------------------------------------
// Docker

export interface DockerKeyVar {
  instr: 'ENV' | 'ARG';
  name: string;
  /** The value after Docker's unquoting and substitution (undefined: ARG without default). */
  value?: string;
  raw?: string;
  line: number;
  /** 'literal': written in the file; 'build-arg': taken from a build argument (baked when built); 'none': ARG without a default. */
  source: 'literal' | 'build-arg' | 'none';
  /** The build argument it forwards, for 'build-arg'. */
  arg?: string;
  stage: number;
  stageName?: string;
  /** Whether the stage ends up in the final image (the last stage or one it builds FROM). */
  inFinal: boolean;
}

export interface DockerEnvCopy {
  line: number;
  instr: 'COPY' | 'ADD';
  /** Sources as written. */
  sources: string[];
  /** Env files (relative to the root) this instruction takes into the image. */
  envFiles: string[];
  inFinal: boolean;
}

export interface DockerfileFacts {
  rel: string;
  /** Build context folder (relative to the root; '' = root). */
  context: string;
  /** .dockerignore used (relative to the root), if any. */
  dockerignore?: string;
  stages: number;
  keyVars: DockerKeyVar[];
  envCopies: DockerEnvCopy[];
  /** BuildKit secret mounts (`RUN --mount=type=secret,id=...`): the healthy form. */
  secretMounts: Array<{ id: string; line: number; env?: string }>;
  /** ENV of the final image (name → value/line), for the compose and docker-run chains. */
  finalEnv: Record<string, { value: string; line: number; fromArg?: string }>;
  /** The shell scripts its CMD / ENTRYPOINT start, by file name (`entrypoint.sh`): they run in the container. */
  runs?: string[];
}

export interface DockerRunFacts {
  /** File and line of the `docker run` command. */
  location: Location;
  /** Whether it sits in documentation (README, markdown) or a CI file rather than a script run from this shell. */
  docs: boolean;
  image?: string;
  /** `--env-file` files in order, resolved relative to the root. */
  envFiles: Array<{
    path: string;
    rel: string;
    exists: boolean;
    entries: Array<{ name: string; value?: string; line: number; raw: string }>;
  }>;
  /** `-e X=v` / `-e X` in order. */
  env: Array<{ name: string; value?: string; raw: string; fromHost: boolean }>;
  /** The folder it is run in is bind-mounted into the container (`-v `pwd`:/app`): the program sees the project's files. */
  mountsProject?: boolean;
}

// ---------------------------------------------------------------------------------------------
// docker compose

export interface InterpRef {
  /** The variable interpolated. */
  name: string;
  /** `${X}` → '', `${X:-d}` → ':-', ... */
  op: '' | ':-' | '-' | ':?' | '?' | ':+' | '+';
  arg?: string;
  /** Where its value came from. */
  source: 'shell' | 'dotenv' | 'default' | 'unset' | 'error';
  value?: string;
  /** Location of the project .env line that gave it, when source = 'dotenv'. */
  dotenvLine?: number;
}

export interface ComposeEnvEntry {
  name: string;
  /** Text as written after `=` (undefined: the name alone, `- OPENAI_API_KEY`). */
  raw?: string;
  /** What the container gets (undefined: removed from the container environment). */
  value?: string;
  location: Location;
  refs: InterpRef[];
  /** Key-only entry resolved from the shell/.env ('shell' | 'dotenv') or not at all ('unset'). */
  keyOnly?: 'shell' | 'dotenv' | 'unset';
}

export interface ComposeEnvFileRef {
  /** As written. */
  path: string;
  /** Resolved, relative to the root. */
  rel: string;
  required: boolean;
  exists: boolean;
  format?: string;
  location: Location;
  entries: ComposeEnvEntry[];
  /** A line compose's reader refuses (compose-go fails on it, and `docker compose up` stops): the first. */
  rejected?: ComposeEnvReject;
}

/** A line of a dotenv file docker compose refuses to read (compose-go's error). */
export interface ComposeEnvReject {
  line: number;
  /** compose-go's own words (`key cannot contain a space`). */
  reason: string;
}

export interface ComposeService {
  name: string;
  location: Location;
  profiles: string[];
  environment: ComposeEnvEntry[];
  envFiles: ComposeEnvFileRef[];
  secrets: string[];
  build?: { context: string; dockerfile?: string };
  image?: string;
}

export interface ComposeProject {
  /** Folder (relative to root; '' = root). */
  dir: string;
  /** Compose files merged, in order. */
  files: string[];
  /** Variant name for extra files merged on the base (`prod` for docker-compose.prod.yml); undefined for the default project. */
  variant?: string;
  /** The project `.env` used for interpolation (plus files scripts pass with `docker compose --env-file`, marked by `file`). */
  dotenv?: {
    rel: string;
    values: Record<string, { value: string; line: number; file?: string }>;
    /** A line compose refuses in the project `.env`: every `docker compose` command stops there. */
    rejected?: ComposeEnvReject;
  };
  /**
   * Other files compose may interpolate from, relative to the root: `docker compose --env-file` files
   * named in scripts or docs, and the root `.env` for compose files in a subfolder (compose also reads
   * the `.env` of the folder it is run from).
   */
  cliEnvFiles?: string[];
  services: ComposeService[];
  secrets: Record<string, { file?: string; environment?: string; external?: boolean; location: Location }>;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes, kustomize, Helm

export type K8sOrigin =
  'manifest' | 'kustomize' | 'helm' | 'sealed-secret' | 'external-secret' | 'csi-secret' | 'kubectl' | 'generated';

export interface K8sDataEntry {
  key: string;
  /** Decoded value (undefined when unknown: templated, undecodable, external). */
  value?: string;
  encoding: 'base64' | 'string' | 'literal' | 'file' | 'env-file';
  line?: number;
  path?: string;
  /** The value is a Helm expression keydoctor did not follow. */
  templated?: boolean;
  decodeError?: boolean;
}

export interface K8sSecretLike {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  namespace?: string;
  origin: K8sOrigin;
  location: Location;
  /** Every key is known (false for out-of-band secrets and templated data). */
  complete: boolean;
  entries: K8sDataEntry[];
  /** Name comes from a template keydoctor did not follow. */
  templatedName?: boolean;
}

export interface K8sRef {
  kind: 'secret' | 'configMap';
  name: string;
  key?: string;
  optional: boolean;
  templated?: boolean;
}

export interface K8sEnvVar {
  name: string;
  line: number;
  value?: string;
  ref?: K8sRef;
  /** fieldRef / resourceFieldRef: not a key source. */
  other?: boolean;
}

export interface K8sEnvFrom {
  line: number;
  ref: K8sRef;
  prefix?: string;
}

export interface K8sContainer {
  /** `Deployment/chat`. */
  workload: string;
  name: string;
  location: Location;
  origin: 'manifest' | 'helm';
  namespace?: string;
  init?: boolean;
  env: K8sEnvVar[];
  envFrom: K8sEnvFrom[];
  /** `image:` as written (a template's `<YOUR_IMAGE_TAG>` included). */
  image?: string;
}

export interface K8sFacts {
  objects: K8sSecretLike[];
  containers: K8sContainer[];
  /** Helm values files: clear-text keys found (rel/line/name path). */
  helmValueKeys: Array<{ location: Location; path: string; value: string }>;
}

// ---------------------------------------------------------------------------------------------
// CI

export interface CiEnvVar {
  name: string;
  raw: string;
  /** Literal value when it is one. */
  value?: string;
  /** `${{ secrets.X }}`, `${{ vars.X }}`, `$X` (GitLab/CircleCI project variable). */
  ref?: { kind: 'secret' | 'var' | 'env' | 'ci-var'; name: string };
  level: 'workflow' | 'job' | 'step';
  line: number;
}

export interface CiJob {
  platform: 'github' | 'gitlab' | 'circleci';
  file: string;
  id: string;
  location: Location;
  /** GitHub events / GitLab pipeline sources that run this job. */
  triggers: string[];
  env: CiEnvVar[];
  /** Secrets referenced anywhere in the job (`secrets.X` in `with:`, `run:`, ...). */
  secretsUsed: Array<{ name: string; line: number }>;
  /** The job's script/run text mentions these variables. */
  mentions: string[];
  environment?: string;
  /** Job-level `if:` text (guards such as `github.actor != 'dependabot[bot]'`). */
  condition?: string;
  /** Step-level `if:` texts (`env.OPENAI_API_KEY != ''` skips a step when the secret is empty). */
  stepConditions?: string[];
  /** A step's script tests the key before using it (`[ -z "$OPENAI_API_KEY" ]`): an empty secret is handled. */
  runTestsKey?: boolean;
  /** Every step only uses general-purpose actions (checkout, a paths filter, a cache): nothing reads a key. */
  generalActionsOnly?: boolean;
  /** The job's script runs a test runner (`go test`, `pytest`, `npm test`, ...): it runs the tests' code. */
  runsTests?: boolean;
  /** Calls a reusable workflow. */
  calls?: { uses: string; inherit: boolean; passed: string[]; line: number; callee?: string };
  /** The workflow is callable (`on: workflow_call`) and declares these secrets. */
  callableSecrets?: string[];
  /** CircleCI contexts. */
  contexts?: string[];
}

// ---------------------------------------------------------------------------------------------
// Hosting

export interface HostingConfig {
  rel: string;
  platform: 'vercel' | 'netlify' | 'serverless' | 'sam' | 'terraform' | 'azure-functions' | 'fly' | 'render' | 'gae';
  /** A unit that runs: function, service, app. */
  unit: string;
  vars: Array<{ name: string; value?: string; raw?: string; line?: number; ref?: string }>;
  note?: string;
}
