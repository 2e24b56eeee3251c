/** Facts from reading the project's code. Owned by the code analysis (src/code). */
export interface CodeFacts {
  /** Filled in by the code collector. */
  envReads: unknown[];
}
