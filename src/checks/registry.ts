/** The registry of every check (the families' generated indexes) and every finding id keydoctor can report. */
import type { Check, FindingMeta } from './types.js';
import * as value from './value/index.js';
import * as code from './code/index.js';
import * as exposure from './exposure/index.js';
import * as deploy from './deploy/index.js';
import * as live from './live/index.js';
import * as inventory from './inventory/index.js';
import * as trace from './trace/index.js';
import { INTERNAL_ERROR, metaLookup, type MetaLookup } from './meta.js';

export { INTERNAL_ERROR, DOCS_BASE, docsUrl, type MetaLookup } from './meta.js';

const families = [value, code, exposure, deploy, live, trace];

/** What the doctor runs. */
export const CHECKS: Check[] = families.flatMap((f) => f.checks);

/** What `keydoctor keys` runs on the inventory joined with the local keys (they need facts.admin). */
export const INVENTORY_CHECKS: Check[] = inventory.checks;

export const ALL_META: FindingMeta[] = [
  ...CHECKS.map((c) => c.meta),
  ...families.flatMap((f) => f.extraMeta),
  ...INVENTORY_CHECKS.map((c) => c.meta),
  INTERNAL_ERROR,
];

/** Every finding id's metadata (the doctor's lookup, and every command's but the scan's). */
export const metaFor: MetaLookup = metaLookup(ALL_META);
