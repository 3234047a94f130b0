/**
 * Throttles password guessing: after `maxFailures` failed logins for the same user name or from the
 * same client address within `windowMs`, further attempts for it are refused (429) without checking
 * the password, until the oldest of those failures leaves the window. A success clears the user's
 * failures (not the address's: one known account must not reset a guessing client). The state is
 * in memory, bounded to `maxKeys` names and addresses (the least recently failed are forgotten).
 */

export interface LoginThrottleOptions {
  /** Failures allowed in the window before attempts are refused. Default 5. */
  maxFailures?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  /** User names plus addresses remembered at most. Default 10 000. */
  maxKeys?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

/** Who is trying: the user name given, and the client's address when known. */
export interface LoginAttempt {
  user?: string | undefined;
  address?: string | undefined;
}

export const LOGIN_THROTTLE_DEFAULTS = { maxFailures: 5, windowMs: 15 * 60 * 1000, maxKeys: 10_000 } as const;

export class LoginThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  /** Key → times of its latest failures (oldest first, at most maxFailures); Map order = least recently failed first. */
  readonly #failures = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions = {}) {
    this.#maxFailures = Math.max(1, options.maxFailures ?? LOGIN_THROTTLE_DEFAULTS.maxFailures);
    this.#windowMs = Math.max(1, options.windowMs ?? LOGIN_THROTTLE_DEFAULTS.windowMs);
    this.#maxKeys = Math.max(2, options.maxKeys ?? LOGIN_THROTTLE_DEFAULTS.maxKeys);
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until this attempt may be made; 0: it may be made now. */
  retryAfterMs(attempt: LoginAttempt): number {
    const now = this.#now();
    let wait = 0;
    for (const key of keysOf(attempt)) {
      const times = this.#recent(key, now);
      if (times.length >= this.#maxFailures) wait = Math.max(wait, (times[0] as number) + this.#windowMs - now);
    }
    return wait;
  }

  recordFailure(attempt: LoginAttempt): void {
    const now = this.#now();
    for (const key of keysOf(attempt)) {
      const times = this.#recent(key, now);
      times.push(now);
      if (times.length > this.#maxFailures) times.shift();
      // Re-inserted: the Map's first keys are the least recently failed, evicted first.
      this.#failures.delete(key);
      this.#failures.set(key, times);
    }
    this.#evict(now);
  }

  recordSuccess(attempt: LoginAttempt): void {
    if (attempt.user !== undefined) this.#failures.delete(userKey(attempt.user));
  }

  /** Names and addresses with failures remembered (for tests of the bound). */
  get size(): number {
    return this.#failures.size;
  }

  /** The key's failures still in the window (expired ones dropped). */
  #recent(key: string, now: number): number[] {
    const times = this.#failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.#windowMs);
    if (kept.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, kept);
    return kept;
  }

  #evict(now: number): void {
    if (this.#failures.size <= this.#maxKeys) return;
    for (const [key, times] of this.#failures) {
      if ((times.at(-1) ?? 0) <= now - this.#windowMs) this.#failures.delete(key);
    }
    for (const key of this.#failures.keys()) {
      if (this.#failures.size <= this.#maxKeys) break;
      this.#failures.delete(key);
    }
  }
}

function userKey(user: string): string {
  return `user\0${user}`;
}

function keysOf(attempt: LoginAttempt): string[] {
  const keys: string[] = [];
  if (attempt.user !== undefined) keys.push(userKey(attempt.user));
  if (attempt.address) keys.push(`address\0${attempt.address}`);
  return keys;
}

/** `Retry-After` in whole seconds (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** "15 minutes", "1 minute", "30 seconds": for the message shown to the user. */
export function describeWait(ms: number): string {
  const seconds = retryAfterSeconds(ms);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
