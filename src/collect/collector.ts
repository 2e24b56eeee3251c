import type { Facts } from '../core/facts.js';

/** What every collector gets: where to look and how. Collectors read; they never print. */
export interface CollectContext {
  root: string;
  home: string;
  env: Record<string, string>;
  /** The working directory the user runs their app from (defaults to root). */
  cwd: string;
  options: {
    /** Scan git history too (doctor --history). */
    history?: boolean;
    /** Include git-ignored files in the scan. */
    noIgnore?: boolean;
    /** Stop listing (and scanning) after this many files (explain on a folder it was not pointed at). */
    maxFiles?: number;
  };
}

/**
 * A collector reads one kind of source into its part of {@link Facts}. It runs after the file
 * listing and project info exist; collectors run concurrently and must write only their own part
 * (plus `assignments`, `envFiles` and `notes`, which they append to).
 */
export interface Collector {
  name: string;
  collect(ctx: CollectContext, facts: Facts): void | Promise<void>;
}
