/** Time and timers, injected so the coordinator and retention can be driven by a fake clock in tests. */
export interface Clock {
  now(): number;
  /** Runs fn after ms; returns a function that cancels it. */
  schedule(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};
