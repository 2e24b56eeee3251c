import type { Check, FindingMeta } from '../types.js';
import { check as keyHardcoded } from './key-hardcoded.js';
import { check as keyInGitHistory } from './key-in-git-history.js';
import { check as dotenvNotIgnored } from './dotenv-not-ignored.js';
import { check as keyExposedToClient } from './key-exposed-to-client.js';
import { check as keyInCiConfig } from './key-in-ci-config.js';
import { check as keyInShellHistory } from './key-in-shell-history.js';

/** The exposure checks, one per file (file name = finding id). */
export const checks: Check[] = [keyHardcoded, keyInGitHistory, dotenvNotIgnored, keyExposedToClient, keyInCiConfig, keyInShellHistory];

/** Ids this family produces without a check of their own (classifier output, ...). */
export const extraMeta: FindingMeta[] = [];
