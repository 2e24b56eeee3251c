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
 * What a collector whose work ends at a time of its own (on the thread pool, in another process)
 * may hand back instead of writing its facts as it goes: it is called once every collector is done,
 * in the list's order, so the facts (and the notes' order) come out the same on every run however
 * the pool's work interleaves with the rest.
 */
export type Publish = () => void;

/**
 * A collector reads one kind of source into its part of {@link Facts}. It runs after the file
 * listing and project info exist; collectors run concurrently and must write only their own part
 * (plus `assignments`, `envFiles` and `notes`, which they append to). One that reads another's part
 * names it in `needs` and starts when that one has finished.
 */
export interface Collector {
  name: string;
  /** Collectors whose facts this one reads (`facts.code`, the dotenv files the code loads): it starts after them. */
  needs?: readonly string[];
  collect(ctx: CollectContext, facts: Facts): void | Publish | Promise<void | Publish>;
}
