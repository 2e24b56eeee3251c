/** Facts from deployment files (owned by src/deploy): Docker, compose, Kubernetes, Helm, CI, hosting. */
import type { Location } from '../core/types.js';

export type DeployFileKind = 'dockerfile' | 'dockerignore' | 'compose' | 'k8s' | 'kustomization' | 'helm-values' | 'helm-template' | 'github-actions' | 'gitlab-ci' | 'circleci' | 'ci-other' | 'hosting' | 'terraform' | 'docker-run';

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
}
