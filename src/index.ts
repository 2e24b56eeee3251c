/** keydoctor's programmatic API. */
import type { Report as ReportShape } from './report/report.js';
import { format as formatWith, type FormatOptions } from './report/formatters/index.js';
import { metaFor } from './checks/registry.js';
export { diagnose, runDiagnosis, collectFacts, type DiagnoseOptions, type Diagnosis } from './pipeline/diagnose.js';
export type { Report, TargetSummary } from './report/report.js';
export type { Finding, FindingDraft, Severity, Location, Target, Note, Assignment } from './core/types.js';
export type { FindingMeta, Check, CheckContext } from './checks/types.js';
export type { Facts } from './core/facts.js';
export { classifyCredential, isPlaceholder, type Credential, type CredentialKind } from './keys/classify.js';
export { maskSecret } from './keys/mask.js';
export { ALL_META as findingCatalog } from './checks/registry.js';
export type { Format } from './report/formatters/index.js';
export {
  scanTree,
  scanHistory,
  scanStaged,
  detect,
  readBaseline,
  writeBaseline,
  type ScanHit,
  type ScanFacts,
} from './scan/index.js';
export { runScan, type ScanOptions, type ScanRun } from './pipeline/scan.js';
export { explainError, explainText, type ExplainOptions } from './explain/index.js';
export { classifyAnswer } from './live/classify.js';
export { parseMaskedKey, maskMatches, type ApiAnswer, type MaskedKey } from './live/answer.js';
export { verifyKey, type VerifyOptions } from './live/verify.js';
export type { LiveResult, ProbeResult } from './live/types.js';
export { startEmulator, type Emulator, type EmulatorConfig } from './emulator/index.js';
export { runFix, planFixes, type FixRunOptions, type FixRunResult, type Plan } from './fix/engine.js';
export { undoLastRun, type UndoResult } from './fix/backup.js';
export {
  checkNewKey,
  planSetKey,
  verifyNewKey,
  applySetKey,
  fingerprint,
  type KeyCheck,
  type SetKeyOptions,
  type SetKeyPlan,
  type SetKeyResult,
  type PlatformCommand,
  type KeyVerification,
} from './fix/set-key.js';

/** A report as text, JSON, Markdown, SARIF or HTML; `meta` (SARIF's rule text) defaults to every finding id's. */
export function format(
  report: ReportShape,
  opts: Omit<FormatOptions, 'meta'> & Partial<Pick<FormatOptions, 'meta'>>,
): string {
  return formatWith(report, { ...opts, meta: opts.meta ?? metaFor });
}
