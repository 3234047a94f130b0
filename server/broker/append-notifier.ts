import type { Clock } from "./util/clock";

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Wakes parked Fetch requests when a partition they read receives data. */
export class AppendNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly clock: Clock) {}

  notify(topic: string, partition: number): void {
    const k = key(topic, partition);
    const set = this.waiters.get(k);
    if (!set) return;
    this.waiters.delete(k);
    for (const wake of set) wake();
  }

  /** Resolves on the first append to any of the partitions, after timeoutMs, or when signal aborts. */
  wait(partitions: readonly { topic: string; partition: number }[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const keys = partitions.map((p) => key(p.topic, p.partition));
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        cancelTimer();
        signal.removeEventListener("abort", finish);
        for (const k of keys) {
          const set = this.waiters.get(k);
          if (!set) continue;
          set.delete(finish);
          if (set.size === 0) this.waiters.delete(k);
        }
        resolve();
      };
      const cancelTimer = this.clock.schedule(timeoutMs, finish);
      if (signal.aborted) return finish();
      signal.addEventListener("abort", finish, { once: true });
      for (const k of keys) {
        let set = this.waiters.get(k);
        if (!set) this.waiters.set(k, (set = new Set()));
        set.add(finish);
      }
    });
  }
}
