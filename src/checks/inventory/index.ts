import type { Check, FindingMeta } from '../types.js';
import { check as keyNotInDashboard } from './key-not-in-dashboard.js';
import { check as keyUnused } from './key-unused.js';
import { check as keyOwnerInactive } from './key-owner-inactive.js';
import { check as keyInArchivedProject } from './key-in-archived-project.js';

/** The inventory checks (`keydoctor keys`): they read facts.admin, and find nothing without it. */
export const checks: Check[] = [keyNotInDashboard, keyInArchivedProject, keyOwnerInactive, keyUnused];

export const extraMeta: FindingMeta[] = [];
