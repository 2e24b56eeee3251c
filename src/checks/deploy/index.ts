import type { Check, FindingMeta } from '../types.js';
import { check as keyInDockerImage } from './key-in-docker-image.js';
import { check as keyInConfigmap } from './key-in-configmap.js';
import { check as composeVarUnset } from './compose-var-unset.js';
import { check as composeEnvFileMissing } from './compose-env-file-missing.js';
import { check as k8sSecretRefBroken } from './k8s-secret-ref-broken.js';
import { check as k8sSecretTrailingNewline } from './k8s-secret-trailing-newline.js';
import { check as ciSecretUnavailable } from './ci-secret-unavailable.js';

/** The deploy checks, one per file (file name = finding id). */
export const checks: Check[] = [keyInDockerImage, keyInConfigmap, composeVarUnset, composeEnvFileMissing, k8sSecretRefBroken, k8sSecretTrailingNewline, ciSecretUnavailable];

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [];
