import type { ConnectorTaskId } from "../../../lib/connect/schemas";

/**
 * The group leader's assignment of connectors and tasks to workers, incremental and cooperative as
 * Kafka's IncrementalCooperativeAssignor (KIP-415):
 *
 * - Work a member reports (its current assignment) stays with it; work no longer configured, or
 *   reported by two members, is revoked.
 * - Work of workers that left is "lost": it is held back for up to `scheduled.rebalance.max.delay.ms`
 *   so a worker that restarts finds it again; members are told the remaining delay and rejoin then.
 * - Unassigned work goes to the least loaded members; connectors and tasks are balanced separately.
 * - When the load is uneven (a worker joined), the excess of the busiest members is revoked; they
 *   stop it and rejoin at once, and the next round gives it to the others. Only moved work restarts.
 *
 * Workers are identified by their worker id (the advertised REST `host:port`), stable across restarts.
 * A member that announces it is leaving gets nothing, and its work is handed over at once.
 */
export interface MemberState {
  memberId: string;
  workerId: string;
  url: string;
  connectors: readonly string[];
  tasks: readonly ConnectorTaskId[];
  /** A worker shutting down cleanly: assign it nothing, hand its work over without delay. */
  leaving?: boolean;
}

export interface WorkerAssignment {
  connectors: string[];
  tasks: ConnectorTaskId[];
  revokedConnectors: string[];
  revokedTasks: ConnectorTaskId[];
  /** ms after which the members should rejoin (work held back for a departed worker); 0 for none. */
  delayMs: number;
}

/** What the leader remembers between rounds (lost only if it stays leader, as in Kafka). */
export interface AssignorState {
  /** workerId → the work it had after the last round. */
  previous: Map<string, { connectors: string[]; tasks: string[] }>;
  /** When held-back work of departed workers is given out. */
  delayDeadline: number | null;
}

export interface AssignInput {
  members: readonly MemberState[];
  /** Configured connectors and, for each, its task count. */
  configured: ReadonlyMap<string, number>;
  now: number;
  maxDelayMs: number;
  state: AssignorState | undefined;
}

export function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

export function parseTaskKey(key: string): ConnectorTaskId {
  const dash = key.lastIndexOf("-");
  return { connector: key.slice(0, dash), task: Number(key.slice(dash + 1)) };
}

interface Working {
  member: MemberState;
  connectors: Set<string>;
  tasks: Set<string>;
  revokedConnectors: Set<string>;
  revokedTasks: Set<string>;
}

export function assign(input: AssignInput): { assignments: Map<string, WorkerAssignment>; state: AssignorState } {
  const members = [...input.members].sort((a, b) => (a.workerId < b.workerId ? -1 : a.workerId > b.workerId ? 1 : a.memberId < b.memberId ? -1 : 1));
  const configuredConnectors = new Set(input.configured.keys());
  const configuredTasks = new Set<string>();
  for (const [connector, count] of input.configured) for (let task = 0; task < count; task++) configuredTasks.add(taskKey({ connector, task }));

  // 1. Keep what members run, revoking deleted and duplicated work.
  const owned = { connectors: new Set<string>(), tasks: new Set<string>() };
  const working: Working[] = members.map((member) => {
    const w: Working = { member, connectors: new Set(), tasks: new Set(), revokedConnectors: new Set(), revokedTasks: new Set() };
    for (const c of member.connectors) {
      if (!member.leaving && configuredConnectors.has(c) && !owned.connectors.has(c)) {
        w.connectors.add(c);
        owned.connectors.add(c);
      } else w.revokedConnectors.add(c);
    }
    for (const id of member.tasks) {
      const key = taskKey(id);
      if (!member.leaving && configuredTasks.has(key) && !owned.tasks.has(key)) {
        w.tasks.add(key);
        owned.tasks.add(key);
      } else w.revokedTasks.add(key);
    }
    return w;
  });
  const active = working.filter((w) => !w.member.leaving);

  // 2. Work nobody runs; "lost" when a worker that left had it in the last round.
  const unassignedConnectors = [...configuredConnectors].filter((c) => !owned.connectors.has(c)).sort();
  const unassignedTasks = [...configuredTasks].filter((t) => !owned.tasks.has(t)).sort(compareTaskKeys);
  const present = new Set(members.map((m) => m.workerId));
  const lostConnectors = new Set<string>();
  const lostTasks = new Set<string>();
  for (const [workerId, work] of input.state?.previous ?? []) {
    if (present.has(workerId)) continue;
    for (const c of work.connectors) if (!owned.connectors.has(c) && configuredConnectors.has(c)) lostConnectors.add(c);
    for (const t of work.tasks) if (!owned.tasks.has(t) && configuredTasks.has(t)) lostTasks.add(t);
  }
  let delayDeadline = input.state?.delayDeadline ?? null;
  let delayMs = 0;
  let holdBack = false;
  if (lostConnectors.size + lostTasks.size > 0 && input.maxDelayMs > 0) {
    delayDeadline ??= input.now + input.maxDelayMs;
    if (input.now < delayDeadline) {
      holdBack = true;
      delayMs = delayDeadline - input.now;
    } else delayDeadline = null;
  } else delayDeadline = null;

  // 3. Hand out unassigned work to the least loaded members.
  const toAssignConnectors = holdBack ? unassignedConnectors.filter((c) => !lostConnectors.has(c)) : unassignedConnectors;
  const toAssignTasks = holdBack ? unassignedTasks.filter((t) => !lostTasks.has(t)) : unassignedTasks;
  if (active.length > 0) {
    for (const c of toAssignConnectors) leastLoaded(active, (w) => w.connectors.size).connectors.add(c);
    for (const t of toAssignTasks) leastLoaded(active, (w) => w.tasks.size).tasks.add(t);
  }

  // 4. Even out the load: revoke the excess of the busiest members (they rejoin at once).
  const revoking = working.some((w) => w.revokedConnectors.size + w.revokedTasks.size > 0);
  if (!revoking && active.length > 1) {
    revokeExcess(active, (w) => w.connectors, (w) => w.revokedConnectors, holdBack ? lostConnectors.size : 0);
    revokeExcess(active, (w) => w.tasks, (w) => w.revokedTasks, holdBack ? lostTasks.size : 0);
  }

  const assignments = new Map<string, WorkerAssignment>();
  const previous = new Map<string, { connectors: string[]; tasks: string[] }>();
  for (const w of working) {
    for (const c of w.revokedConnectors) w.connectors.delete(c);
    for (const t of w.revokedTasks) w.tasks.delete(t);
    const connectors = [...w.connectors].sort();
    const tasks = [...w.tasks].sort(compareTaskKeys);
    assignments.set(w.member.memberId, {
      connectors,
      tasks: tasks.map(parseTaskKey),
      revokedConnectors: [...w.revokedConnectors].sort(),
      revokedTasks: [...w.revokedTasks].sort(compareTaskKeys).map(parseTaskKey),
      delayMs,
    });
    if (!w.member.leaving) previous.set(w.member.workerId, { connectors, tasks });
  }
  // Work still held back stays remembered under its departed owner until it is given out.
  if (holdBack) {
    for (const [workerId, work] of input.state?.previous ?? []) {
      if (present.has(workerId)) continue;
      const connectors = work.connectors.filter((c) => lostConnectors.has(c));
      const tasks = work.tasks.filter((t) => lostTasks.has(t));
      if (connectors.length + tasks.length > 0) previous.set(workerId, { connectors, tasks });
    }
  }
  return { assignments, state: { previous, delayDeadline } };
}

function leastLoaded(workers: readonly Working[], load: (w: Working) => number): Working {
  let best = workers[0]!;
  for (const w of workers) if (load(w) < load(best)) best = w;
  return best;
}

/**
 * Targets: `floor(total / n)` each, one more for the `total % n` busiest; anything above its target
 * is revoked. `reserved` counts work held back for departed workers (it will come back).
 */
function revokeExcess(workers: readonly Working[], items: (w: Working) => Set<string>, revoked: (w: Working) => Set<string>, reserved: number): void {
  const total = workers.reduce((sum, w) => sum + items(w).size, 0) + reserved;
  const n = workers.length;
  const floor = Math.floor(total / n);
  let extra = total % n;
  const byLoad = [...workers].sort((a, b) => items(b).size - items(a).size);
  for (const w of byLoad) {
    const target = floor + (extra > 0 ? 1 : 0);
    if (extra > 0) extra -= 1;
    const excess = items(w).size - target;
    if (excess <= 0) continue;
    const sorted = [...items(w)].sort(compareTaskKeys);
    for (const item of sorted.slice(sorted.length - excess)) revoked(w).add(item);
  }
}

function compareTaskKeys(a: string, b: string): number {
  const pa = a.lastIndexOf("-");
  const pb = b.lastIndexOf("-");
  const ca = pa < 0 ? a : a.slice(0, pa);
  const cb = pb < 0 ? b : b.slice(0, pb);
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = Number(a.slice(pa + 1));
  const nb = Number(b.slice(pb + 1));
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
