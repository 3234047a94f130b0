import * as path from "node:path";
import type { ApiDefinition } from "../api";
import { ErrorCode } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import type { Logger } from "../util/logger";
import { createGroupApis } from "./group-apis";
import { Group, type GroupSummary, type JoinParams, type JoinResult, type SyncParams, type SyncResult } from "./group";
import { OffsetStore, type CommittedOffset, type OffsetCommitEntry } from "./offset-store";

export interface GroupCoordinatorOptions {
  dataDir: string;
  /** This broker's address, answered to every FindCoordinator. */
  self: () => { nodeId: number; host: string; port: number };
  clock: Clock;
  logger: Logger;
  /** Kafka's group.initial.rebalance.delay.ms (3000 there; 0–300 in tests). */
  initialRebalanceDelayMs: number;
  partitionExists(topic: string, partition: number): boolean;
}

export interface GroupCoordinatorHandle {
  apis: ApiDefinition[];
  close(): void;
  /** Drops the committed offsets of a deleted topic. */
  onTopicDeleted(topic: string): void;
}

/** Kafka's offset.metadata.max.bytes default. */
export const MAX_OFFSET_METADATA_LENGTH = 4096;

/** Kafka's offsets.retention.check.interval.ms: how often empty groups without offsets are dropped. */
export const GROUP_CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

export interface CommitPartition {
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

export interface CommitParams {
  groupId: string;
  memberId: string;
  generationId: number;
  topics: { topic: string; partitions: CommitPartition[] }[];
}

export interface FetchedOffset extends CommittedOffset {
  partition: number;
}

/**
 * The embedded broker's group coordinator: the groups, their committed offsets and the rules
 * that tie them (Kafka's GroupCoordinator + GroupMetadataManager on one node). Group APIs call
 * into it through `createGroupApis`.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly store: OffsetStore;
  private closed = false;
  private cancelCleanup: (() => void) | null = null;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.store = OffsetStore.open({ dir: path.join(options.dataDir, "groups"), logger: options.logger.child("offsets") });
    // Groups come back Empty with their generation; members rejoin on their own.
    for (const groupId of this.store.groupIds()) {
      const meta = this.store.loadGroup(groupId);
      this.groups.set(groupId, this.newGroup(groupId, meta ? { generationId: meta.generationId, protocolType: meta.protocolType } : undefined));
    }
    if (this.groups.size > 0) options.logger.info("loaded groups", { count: this.groups.size });
    this.scheduleCleanup();
  }

  private scheduleCleanup(): void {
    this.cancelCleanup = this.options.clock.schedule(GROUP_CLEANUP_INTERVAL_MS, () => {
      this.cleanupEmptyGroups();
      this.scheduleCleanup();
    });
  }

  /**
   * Drops groups that are Empty and hold no offsets, as Kafka's periodic cleanup does, so groups
   * of short-lived consumers (a console tailing a topic) do not pile up. Offsets themselves never
   * expire here (Kafka drops them after offsets.retention.minutes).
   */
  cleanupEmptyGroups(): number {
    let removed = 0;
    for (const [groupId, group] of this.groups) {
      if (group.state !== "Empty" || this.store.hasOffsets(groupId)) continue;
      group.markDead();
      this.groups.delete(groupId);
      try {
        this.store.deleteGroup(groupId);
      } catch (err) {
        this.options.logger.warn("could not persist group removal", { group: groupId, error: String(err) });
      }
      removed++;
    }
    if (removed > 0) this.options.logger.debug("removed empty groups without offsets", { count: removed });
    return removed;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  self(): { nodeId: number; host: string; port: number } {
    return this.options.self();
  }

  private newGroup(groupId: string, restored?: { generationId: number; protocolType: string | null }): Group {
    return new Group({
      groupId,
      clock: this.options.clock,
      logger: this.options.logger,
      initialRebalanceDelayMs: this.options.initialRebalanceDelayMs,
      restored,
      onPersist: (g) => this.persistGroup(g),
    });
  }

  private persistGroup(g: Group): void {
    try {
      this.store.saveGroup({
        groupId: g.groupId,
        protocolType: g.protocolType,
        generationId: g.generationId,
        leader: g.leaderId,
        protocol: g.protocolName,
      });
    } catch (err) {
      // Members need not survive a restart; losing this record only loses the generation number.
      this.options.logger.warn("could not persist group metadata", { group: g.groupId, error: String(err) });
    }
  }

  join(groupId: string, params: JoinParams): Promise<JoinResult> {
    if (this.closed) return Promise.resolve(joinError(params.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    let group = this.groups.get(groupId);
    if (!group) {
      // As Kafka: only a member without an id creates a group.
      if (params.memberId !== "") return Promise.resolve(joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = this.newGroup(groupId);
      this.groups.set(groupId, group);
    }
    return group.join(params);
  }

  sync(groupId: string, params: SyncParams): Promise<SyncResult> {
    if (this.closed) return Promise.resolve({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: Buffer.alloc(0) });
    const group = this.groups.get(groupId);
    if (!group) return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    return group.sync(params);
  }

  heartbeat(groupId: string, memberId: string, generationId: number): ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    return group.heartbeat(memberId, generationId);
  }

  leave(groupId: string, members: readonly { memberId: string; groupInstanceId: string | null }[]): ErrorCode[] {
    if (this.closed) return members.map(() => ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const group = this.groups.get(groupId);
    if (!group) return members.map(() => ErrorCode.UNKNOWN_MEMBER_ID);
    return group.leave(members);
  }

  /** Validates membership, then each partition; stores the good ones with one write. Returns an error per partition. */
  commitOffsets(params: CommitParams): { topic: string; partitions: { partition: number; errorCode: ErrorCode }[] }[] {
    const all = (code: ErrorCode) =>
      params.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: code })) }));
    if (this.closed) return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    let group = this.groups.get(params.groupId);
    if (!group) {
      // No group and no generation: a client using the broker only to store offsets.
      if (params.generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = this.newGroup(params.groupId);
      this.groups.set(params.groupId, group);
    }
    const groupError = group.validateCommit(params.memberId, params.generationId);
    if (groupError !== ErrorCode.NONE) return all(groupError);

    const now = this.options.clock.now();
    const entries: OffsetCommitEntry[] = [];
    const result = params.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p): { partition: number; errorCode: ErrorCode } => {
        let errorCode: ErrorCode = ErrorCode.NONE;
        if (!this.options.partitionExists(t.topic, p.partition)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (p.metadata !== null && p.metadata.length > MAX_OFFSET_METADATA_LENGTH) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else {
          entries.push({
            topic: t.topic,
            partition: p.partition,
            offset: p.offset,
            leaderEpoch: p.leaderEpoch,
            metadata: p.metadata ?? "",
            commitTimestamp: now,
          });
        }
        return { partition: p.partition, errorCode };
      }),
    }));
    try {
      this.store.commit(params.groupId, entries);
    } catch (err) {
      this.options.logger.error("could not persist committed offsets", { group: params.groupId, error: String(err) });
      for (const t of result) for (const p of t.partitions) if (p.errorCode === ErrorCode.NONE) p.errorCode = ErrorCode.UNKNOWN_SERVER_ERROR;
    }
    return result;
  }

  /** Committed offsets regardless of group state (a group may use the broker only for offsets). topics null = all. */
  fetchOffsets(groupId: string, topics: readonly { topic: string; partitions: number[] }[] | null): { topic: string; partitions: FetchedOffset[] }[] {
    const none = (partition: number): FetchedOffset => ({ partition, offset: -1, leaderEpoch: -1, metadata: "", commitTimestamp: -1 });
    if (topics === null) {
      return [...this.store.groupOffsets(groupId)].map(([topic, parts]) => ({
        topic,
        partitions: [...parts].sort(([a], [b]) => a - b).map(([partition, o]) => ({ partition, ...o })),
      }));
    }
    return topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((partition) => {
        const o = this.store.get(groupId, t.topic, partition);
        return o ? { partition, ...o } : none(partition);
      }),
    }));
  }

  listGroups(): { groupId: string; protocolType: string }[] {
    return [...this.groups.values()].map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? "" }));
  }

  /** As Kafka, an unknown group is described as Dead rather than as an error. */
  describeGroup(groupId: string): GroupSummary {
    const group = this.groups.get(groupId);
    if (!group) return { groupId, state: "Dead", protocolType: "", protocol: "", members: [] };
    return group.summary();
  }

  deleteGroup(groupId: string): ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!group.markDead()) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    try {
      const removed = this.store.deleteGroup(groupId);
      this.options.logger.info("deleted group", { group: groupId, offsets: removed });
    } catch (err) {
      this.options.logger.error("could not persist group deletion", { group: groupId, error: String(err) });
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
    return ErrorCode.NONE;
  }

  onTopicDeleted(topic: string): void {
    if (this.closed) return;
    const removed = this.store.dropTopic(topic);
    if (removed > 0) this.options.logger.info("dropped offsets of a deleted topic", { topic, offsets: removed });
  }

  /** Answers every parked request with NOT_COORDINATOR (clients look the coordinator up again) and stops all timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelCleanup?.();
    this.cancelCleanup = null;
    for (const g of this.groups.values()) g.shutdown(ErrorCode.NOT_COORDINATOR);
    this.groups.clear();
    this.store.close();
  }
}

function joinError(memberId: string, errorCode: ErrorCode): JoinResult {
  return { errorCode, generationId: -1, protocolName: "", leaderId: "", memberId, members: [] };
}

/** Opens the committed-offset store under `<dataDir>/groups/` and returns the group APIs for the broker's table. */
export function createGroupCoordinator(options: GroupCoordinatorOptions): GroupCoordinatorHandle {
  const coordinator = new GroupCoordinator(options);
  return {
    apis: createGroupApis(coordinator),
    close: () => coordinator.close(),
    onTopicDeleted: (topic) => coordinator.onTopicDeleted(topic),
  };
}
