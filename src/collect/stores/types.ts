/**
 * Framework key stores: files a framework reads values from by itself (Streamlit's secrets.toml,
 * .NET appsettings*.json and user-secrets, Spring application.yml, LiteLLM's config.yaml, ...).
 * Each entry is an {@link Assignment} whose `name` is the key as the framework names it, with the
 * file and line it sits on; the resolver turns them into load steps of the targets that read them.
 */
import type { Assignment } from '../../core/types.js';

export type StoreKind =
  | 'streamlit'
  | 'dotnet'
  | 'dotnet-user-secrets'
  | 'dotnet-project'
  | 'spring'
  | 'litellm'
  | 'dynaconf'
  | 'decouple'
  | 'pydantic-secrets';

/** One value of a store file: `path` is the key path in the file (`["openai", "api_key"]`). */
export interface StoreEntry extends Assignment {
  path: string[];
  /**
   * The value is a reference to an environment variable, resolved by the framework when it starts:
   * Spring `${OPENAI_API_KEY}` / `${OPENAI_API_KEY:default}`, LiteLLM `os.environ/OPENAI_API_KEY`,
   * dynaconf `@format {env[OPENAI_API_KEY]}`.
   */
  ref?: { name: string; default?: string };
  /** The part of the file the value sits in, when the framework reads parts apart (a Spring profile document). */
  section?: string;
}

export interface StoreFile {
  store: StoreKind;
  /** Root-relative, or `~/...` for a file in the home folder. */
  path: string;
  /** The project folder the file belongs to ('' the root); for a file in HOME, the project folder that uses it, if any. */
  dir?: string;
  /** Which of the framework's files it is: `project` / `global` (Streamlit), `appsettings` / `appsettings.Development` (.NET), `application` / `application-dev` (Spring), ... */
  role: string;
  entries: StoreEntry[];
  /** Store-specific facts: the .NET UserSecretsId, the LiteLLM model names, ... */
  detail?: Record<string, string>;
  /** The file does not parse (its values are not read, by keydoctor nor by the framework): why, and where. */
  broken?: { message: string; line?: number };
}
