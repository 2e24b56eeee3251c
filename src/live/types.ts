/** Results of live verification. Owned by src/live. */
export interface LiveFacts {
  results: unknown[];
}
