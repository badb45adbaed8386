/**
 * State handed from the main step to its post step (actions/cache's StateProvider): one
 * typed JSON value under one name, so main and post cannot disagree on keys.
 */
import * as core from './workflow.js';
import type { CacheStats } from './cache.js';

/** The one state name (the runner exposes it to post as `STATE_oci-store`). */
export const STATE_NAME = 'oci-store';

/** Where state lives between main and post. */
export interface StateProvider {
  get(name: string): string;
  set(name: string, value: string): void;
}

/**
 * The runner's state (GITHUB_STATE file → `STATE_*` env in post). Without GITHUB_STATE (a
 * local run of the bundle) nothing is saved: there is no post step to read it, and the
 * legacy `::save-state::` command would only add noise.
 */
export class ActionsStateProvider implements StateProvider {
  readonly #env: Record<string, string | undefined>;
  constructor(env: Record<string, string | undefined> = process.env) {
    this.#env = env;
  }
  get(name: string): string {
    return core.getState(name, this.#env);
  }
  set(name: string, value: string): void {
    core.saveState(name, value, this.#env);
  }
}

/** In-memory state, for tests and in-process runs. */
export class MemoryStateProvider implements StateProvider {
  readonly values = new Map<string, string>();
  get(name: string): string {
    return this.values.get(name) ?? '';
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
}

/** What post needs to know about its main step. */
export interface MainState {
  /** Bumped when the shape changes; an unknown version is ignored by post. */
  version: 1;
  /** Absolute store path (absent when main failed before the options were valid). */
  store?: string;
  command?: string;
  /** Runner cache: absent when off. */
  cache?: {
    /** This use restored the store and its post saves it (the first use in the job). */
    owner: boolean;
    /** Cache key prefix (`cache-key` input). */
    keyPrefix: string;
    /** The cache failed in main: post does not try to save. */
    broken: boolean;
    /** What main's cache calls did. */
    stats: CacheStats;
  };
  /** `serve`: what post must stop before the cache is saved. */
  serve?: { registry?: string; pid?: number; details?: Record<string, unknown> };
}

/** Save main's state for post. */
export function saveMainState(provider: StateProvider, state: MainState): void {
  provider.set(STATE_NAME, JSON.stringify(state));
}

/** Read main's state in post; undefined when main saved none (it failed early, or a local run). */
export function loadMainState(provider: StateProvider): MainState | undefined {
  const text = provider.get(STATE_NAME);
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as MainState;
    return v && v.version === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}
