import type { FindingMeta } from '../../types.js';

/** Ids the live family produces without a check of their own (src/checks/live/index.ts exports them). */
export const extraMeta: FindingMeta[] = [
  // Produced by explain's local match (not a live answer, but explain is its only source).
  {
    id: 'key-source-unknown',
    title: 'The failing key is not one keydoctor can see',
    severity: 'warning',
    area: 'sources',
    docs: {
      what: 'The key echoed in an error (first 8 and last 4 characters, and its length) matches none of the values keydoctor found in the environment, shell start-up files, .env files and the other sources it reads.',
      why: "The failing app gets its key from somewhere else: an IDE launch configuration, a running container's environment, a deployed environment (hosting dashboard, Kubernetes Secret, CI secret), the Windows user environment, or the app's own settings. Fixing the files here will not change what that app sends.",
      fix: 'Find how the failing app is started and inspect its environment (`docker inspect`, `docker compose config`, the launch configuration, the hosting dashboard); replace or remove the key there.',
    },
  },
];
