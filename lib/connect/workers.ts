import type { ExpandedConnector } from "./client";
import type { ConnectorTaskId, FerryWorkers } from "./schemas";

/**
 * The workers of a Connect cluster as the console shows them. A Ferry cluster lists its workers and
 * their assignments itself (`GET /ferry/workers`); for Apache Kafka Connect, which has no such
 * endpoint, the workers are those named by the connectors' and tasks' statuses (`worker_id`), so
 * a worker that runs nothing is not seen and the leader is unknown.
 */
export interface ClusterWorker {
  /** `host:port` of the worker's advertised REST address. */
  id: string;
  /** null when the cluster does not say (Apache Kafka Connect). */
  leader: boolean | null;
  connectors: string[];
  tasks: ConnectorTaskId[];
}

export interface ClusterWorkers {
  source: "ferry" | "statuses";
  /** The worker whose view this is (Ferry only). */
  reportedBy: string | null;
  workers: ClusterWorker[];
}

const byTask = (a: ConnectorTaskId, b: ConnectorTaskId) => a.connector.localeCompare(b.connector) || a.task - b.task;

function sorted(workers: ClusterWorker[]): ClusterWorker[] {
  return workers
    .map((w) => ({ ...w, connectors: [...w.connectors].sort(), tasks: [...w.tasks].sort(byTask) }))
    .sort((a, b) => Number(b.leader === true) - Number(a.leader === true) || a.id.localeCompare(b.id));
}

export function workersFromFerry(body: FerryWorkers): ClusterWorkers {
  return {
    source: "ferry",
    reportedBy: body.worker_id,
    workers: sorted(body.workers.map((w) => ({ id: w.id, leader: w.leader, connectors: w.connectors, tasks: w.tasks }))),
  };
}

/** Workers named by statuses; an UNASSIGNED status names the last worker, not a current one. */
export function workersFromStatuses(connectors: Readonly<Record<string, ExpandedConnector>>): ClusterWorkers {
  const workers = new Map<string, ClusterWorker>();
  const worker = (id: string) => {
    let w = workers.get(id);
    if (!w) workers.set(id, (w = { id, leader: null, connectors: [], tasks: [] }));
    return w;
  };
  for (const [name, { status }] of Object.entries(connectors)) {
    if (!status) continue;
    if (status.connector.state !== "UNASSIGNED" && status.connector.worker_id) worker(status.connector.worker_id).connectors.push(name);
    for (const t of status.tasks) {
      if (t.state !== "UNASSIGNED" && t.worker_id) worker(t.worker_id).tasks.push({ connector: name, task: t.id });
    }
  }
  return { source: "statuses", reportedBy: null, workers: sorted([...workers.values()]) };
}

/** `connector-3` style labels of a worker's tasks, grouped by connector: `[["a", [0, 2]], ["b", [1]]]`. */
export function tasksByConnector(tasks: readonly ConnectorTaskId[]): [string, number[]][] {
  const out = new Map<string, number[]>();
  for (const t of [...tasks].sort(byTask)) out.set(t.connector, [...(out.get(t.connector) ?? []), t.task]);
  return [...out];
}
