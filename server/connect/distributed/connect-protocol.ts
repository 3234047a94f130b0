import type { ConnectorTaskId } from "../../../lib/connect/schemas";
import { assign, type AssignorState, type WorkerAssignment } from "./assignor";

/**
 * What workers exchange through the group coordinator (Kafka's ConnectProtocol /
 * IncrementalCooperativeConnectProtocol carry the same fields). The group's protocol type is
 * Kafka's `connect`; the sub-protocol is Ferry's own, so a Java worker pointed at the same
 * `group.id` is refused by the broker (INCONSISTENT_GROUP_PROTOCOL) instead of misreading the
 * metadata. The bytes are UTF-8 JSON.
 */
export const CONNECT_PROTOCOL_TYPE = "connect";
export const FERRY_PROTOCOL = "ferry-cooperative-v1";

export const ASSIGNMENT_OK = 0;
/** The leader has read less of the config topic than a member (Kafka's CONFIG_MISMATCH). */
export const ASSIGNMENT_CONFIG_MISMATCH = 1;

export interface MemberMetadata {
  workerId: string;
  url: string;
  /** Position in the config topic this worker has read up to. */
  configOffset: string;
  connectors: string[];
  tasks: ConnectorTaskId[];
  leaving: boolean;
}

export interface WorkerInfo {
  workerId: string;
  url: string;
  leader: boolean;
  connectors: string[];
  tasks: ConnectorTaskId[];
}

export interface Assignment extends WorkerAssignment {
  error: number;
  leaderId: string;
  leaderUrl: string;
  configOffset: string;
  /** The whole cluster after this round: who runs what (for forwarding and for listing workers). */
  workers: WorkerInfo[];
}

export function encodeMetadata(metadata: MemberMetadata): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, ...metadata }), "utf8");
}

export function decodeMetadata(bytes: Buffer): MemberMetadata {
  const raw = JSON.parse(bytes.toString("utf8")) as Partial<MemberMetadata>;
  return {
    workerId: String(raw.workerId ?? ""),
    url: String(raw.url ?? ""),
    configOffset: String(raw.configOffset ?? "0"),
    connectors: Array.isArray(raw.connectors) ? raw.connectors.map(String) : [],
    tasks: Array.isArray(raw.tasks) ? raw.tasks.map((t) => ({ connector: String(t.connector), task: Number(t.task) })) : [],
    leaving: raw.leaving === true,
  };
}

export function encodeAssignment(assignment: Assignment): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, ...assignment }), "utf8");
}

export function decodeAssignment(bytes: Buffer): Assignment {
  const raw = JSON.parse(bytes.toString("utf8")) as Assignment;
  return {
    error: raw.error ?? ASSIGNMENT_OK,
    leaderId: raw.leaderId ?? "",
    leaderUrl: raw.leaderUrl ?? "",
    configOffset: raw.configOffset ?? "0",
    connectors: raw.connectors ?? [],
    tasks: raw.tasks ?? [],
    revokedConnectors: raw.revokedConnectors ?? [],
    revokedTasks: raw.revokedTasks ?? [],
    delayMs: raw.delayMs ?? 0,
    workers: raw.workers ?? [],
  };
}

/**
 * The leader's side of a round: decodes the members' metadata, runs the assignor over the configured
 * connectors (name → task count) and encodes every member's assignment with the cluster map.
 */
export function leaderAssignments(input: {
  members: readonly { memberId: string; metadata: Buffer }[];
  leaderId: string;
  configured: ReadonlyMap<string, number>;
  configOffset: bigint;
  now: number;
  maxDelayMs: number;
  state: AssignorState | undefined;
}): { assignments: Map<string, Buffer>; state: AssignorState | undefined; workers: WorkerInfo[]; configMismatch: boolean } {
  const decoded = input.members.map((m) => ({ memberId: m.memberId, ...decodeMetadata(m.metadata) }));
  const leader = decoded.find((m) => m.memberId === input.leaderId);
  // A member that has read more of the config topic than the leader would be handed work from an
  // older snapshot: no assignment this round, everyone re-reads and rejoins (Kafka's CONFIG_MISMATCH).
  const ahead = decoded.filter((m) => safeBigInt(m.configOffset) > input.configOffset);
  if (ahead.length > 0) {
    const out = new Map<string, Buffer>();
    for (const m of decoded) {
      out.set(
        m.memberId,
        encodeAssignment({
          error: ASSIGNMENT_CONFIG_MISMATCH,
          leaderId: input.leaderId,
          leaderUrl: leader?.url ?? "",
          configOffset: input.configOffset.toString(),
          connectors: [],
          tasks: [],
          revokedConnectors: [],
          revokedTasks: [],
          delayMs: 0,
          workers: [],
        }),
      );
    }
    return { assignments: out, state: input.state, workers: [], configMismatch: true };
  }
  const { assignments, state } = assign({ members: decoded, configured: input.configured, now: input.now, maxDelayMs: input.maxDelayMs, state: input.state });
  const workers: WorkerInfo[] = decoded
    .filter((m) => !m.leaving)
    .map((m) => {
      const a = assignments.get(m.memberId);
      return { workerId: m.workerId, url: m.url, leader: m.memberId === input.leaderId, connectors: a?.connectors ?? [], tasks: a?.tasks ?? [] };
    });
  const out = new Map<string, Buffer>();
  for (const [memberId, a] of assignments) {
    out.set(
      memberId,
      encodeAssignment({ ...a, error: ASSIGNMENT_OK, leaderId: input.leaderId, leaderUrl: leader?.url ?? "", configOffset: input.configOffset.toString(), workers }),
    );
  }
  return { assignments: out, state, workers, configMismatch: false };
}

function safeBigInt(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    return 0n;
  }
}
