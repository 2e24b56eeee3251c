/** Facts from deployment files. Owned by src/deploy. */
export interface DeployFacts {
  files: unknown[];
}
