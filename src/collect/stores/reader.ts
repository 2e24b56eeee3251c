/** What a store reader is: how its files are named, where else they are looked for, how they parse. */
import type { Note } from '../../core/types.js';
import type { StoreFile } from './types.js';

export interface ReaderContext {
  notes: Note[];
  /** Whether the listing has this root-relative file. */
  has(rel: string): boolean;
  /** The names of the listed files in a folder ('' the root). */
  namesIn(dir: string): string[];
  /** Every listed file (root-relative). */
  all(): readonly string[];
  /** Whether a Python requirements file of the project names this package. */
  usesPython(pkg: string): boolean;
}

export interface Reader {
  store: StoreFile['store'];
  what: string;
  /** The role of a project file with this root-relative path, or undefined when it is not one of the store's files. */
  match(rel: string, ctx: ReaderContext): { role: string; dir: string } | undefined;
  /**
   * The file's entries (undefined: not one of this store's files after all, or unreadable: then a note
   * says why). A cheap `sniff` of the text may say no before any parsing.
   */
  parse(text: string, shown: string, ctx: ReaderContext): StoreFile['entries'] | undefined;
  sniff?: (text: string) => boolean;
  /** Store-specific facts from the text (the .NET UserSecretsId). */
  detail?: (text: string) => Record<string, string> | undefined;
  /**
   * Files read by path in folders of the project that hold files matching `near` (a git-ignored
   * folder is not walked: `.streamlit/` is often ignored whole), besides those the listing names.
   */
  probe?: { near: RegExp; rel: string };
  /** Files in HOME the framework reads: `rel` below HOME. */
  home?: Array<{ rel: string; role: string }>;
  /** More facts from the project's other files (`read` gives a root-relative file's text, or undefined). */
  extra?: (f: StoreFile, read: (rel: string) => string | undefined, ctx: ReaderContext) => void;
  /** Files in HOME a project file points to (a .csproj's UserSecretsId → its secrets.json), read with `reader`. */
  linked?: (f: StoreFile) => Array<{ rel: string; role: string; reader: Reader }>;
}
