/** Facts from the secret scan. Owned by src/scan. */
export interface ScanFacts {
  hits: unknown[];
}
