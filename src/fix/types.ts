/**
 * Edits as data. A fixer (src/fix/fixers) turns one finding into a {@link FixProposal}: text edits on
 * the decoded content of one file. The engine turns proposals into {@link PlannedFix}es: byte ranges
 * of the file as it is on disk now, with the replacement bytes in the file's own encoding, the
 * content hash the plan was made against, the finding it repairs and whether it is safe. Nothing
 * here touches the disk; src/fix/write.ts does, and only for planned fixes.
 */
import type { FindingDraft } from '../core/types.js';

/** How sure keydoctor is that a fix changes nothing but the problem (Biome/Ruff's safe and unsafe). */
export type Applicability = 'safe' | 'unsafe';

/** A change of the decoded text: `[start, end)` in UTF-16 code units of {@link FileText.text}, replaced by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** What a fixer proposes for one finding, in one file. */
export interface FixProposal {
  /** Absolute path of the file to change (as addressed: a symlink is resolved when written). */
  path: string;
  /** Changes of the decoded text (non-overlapping). Empty with `encodeAs`: the text stays, the encoding changes. */
  edits: TextEdit[];
  /** Write the result in this encoding instead of the file's own (the UTF-16 → UTF-8 fix). */
  encodeAs?: 'utf8';
  /** The file does not exist and is created with the edits' text. */
  create?: boolean;
  applicability: Applicability;
  /** One line for the diff header: what the fix does. */
  title: string;
  /** Why it is unsafe (unsafe fixes only): what else it may change. */
  caution?: string;
  /**
   * Checks the file's text after this fix alone: a reason to reject it (the result does not parse,
   * the loader would not read the intended value), or undefined when it is right.
   */
  verify?: (after: string) => string | undefined;
  /** Something the user must still do after it is written (`unset OPENAI_API_KEY` in open terminals). */
  afterwards?: string;
  /**
   * What a new terminal gets for these variables once this is written (null: unset, after an
   * export is commented out): the doctor re-runs with them, as a new terminal would.
   */
  shellEnv?: Record<string, string | null>;
  /** The fix writes a key (set-key): only into files git ignores, or HOME start-up files outside any repository. */
  writesKey?: boolean;
}

/** A finding a fixer could not repair automatically, with the reason (shown, never silent). */
export interface Refusal {
  finding: FindingDraft;
  /** The file concerned, when one is (display form). */
  path?: string;
  reason: string;
  /** A command or manual step that does it instead (chezmoi edit, the source of a stow link, ...). */
  instead?: string;
}

/** A byte range of the file on disk and what replaces it. */
export interface ByteEdit {
  start: number;
  end: number;
  bytes: Buffer;
}

/** A fix ready to write: byte ranges on the content whose hash is `hash`. */
export interface PlannedFix {
  /** The finding it repairs (unmasked in memory; every output masks it). */
  finding: FindingDraft;
  /** Absolute path as addressed and its display form (relative to the project, `~/...`, or absolute). */
  path: string;
  display: string;
  applicability: Applicability;
  title: string;
  caution?: string;
  afterwards?: string;
  shellEnv?: Record<string, string | null>;
  /** The replaced ranges, sorted, on the bytes the plan was made against. */
  edits: ByteEdit[];
  /** The same edits on the decoded text (for diffs and JSON). */
  textEdits: TextEdit[];
  encodeAs?: 'utf8';
  create?: boolean;
  /** sha256 of the file's bytes when planned ('' for a file that does not exist yet). */
  hash: string;
  writesKey?: boolean;
}

/** A file keydoctor could not write, or chose not to, with the reason. */
export interface WriteProblem {
  path: string;
  display: string;
  /** `changed`: edited since the plan was made; `read-only`; `no-space`; `io`: another write error. */
  kind: 'changed' | 'read-only' | 'no-space' | 'io' | 'refused';
  message: string;
}
