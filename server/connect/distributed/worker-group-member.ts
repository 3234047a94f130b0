import type { Logger } from "../runtime/loggers";
import { kafkaErrorType, type GroupCoordinator, type KafkaProtocolClient } from "./kafka-protocol";

/**
 * A worker's membership in the Connect group (Kafka's WorkerGroupMember + WorkerCoordinator):
 * JoinGroup with protocol type `connect`, the leader computes every member's assignment, SyncGroup
 * hands them out, heartbeats keep the membership and tell of the next rebalance.
 *
 * Fencing: when heartbeats have failed for a whole session timeout, or the coordinator says this
 * member is unknown (its session expired and its work went elsewhere), `onLost` runs before the
 * worker rejoins, so the worker stops its tasks no later than the group hands them to others.
 */
export interface GroupMemberOptions {
  client: KafkaProtocolClient;
  groupId: string;
  protocolType: string;
  protocol: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  logger: Logger;
  /** This member's metadata for the next JoinGroup. */
  metadata(): Buffer;
  /**
   * Resolves once the worker may join: the last assignment is fully applied (revoked work stopped),
   * so the metadata it sends says what it really runs (Kafka's herder rejoins from the same thread).
   */
  beforeJoin?(): Promise<void>;
  /** Leader only: every member's assignment. */
  assign(members: { memberId: string; metadata: Buffer }[], generation: number, leaderId: string): Promise<Map<string, Buffer>>;
  /** A round completed; runs while heartbeats continue. */
  onAssigned(assignment: Buffer, generation: number, memberId: string): void;
  /** A rebalance began (this member is rejoining); its assignment may change. */
  onRebalanceStarted(): void;
  /** The membership is gone: stop all work. */
  onLost(reason: string): void;
}

export class WorkerGroupMember {
  readonly #options: GroupMemberOptions;
  #memberId = "";
  #generation = -1;
  #coordinator: GroupCoordinator | undefined;
  #running = false;
  #needsJoin = true;
  /** A rejoin was asked for after the current join began. */
  #rejoinAgain = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #lastHeartbeatOk = 0;
  #lostReported = false;

  constructor(options: GroupMemberOptions) {
    this.#options = options;
  }

  get memberId(): string {
    return this.#memberId;
  }

  get generation(): number {
    return this.#generation;
  }

  /** True while a rebalance is under way for this member. */
  get rebalancing(): boolean {
    return this.#needsJoin;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Rejoins as soon as possible (config change, revoked work, end of a scheduled delay). */
  requestRejoin(): void {
    if (!this.#needsJoin) this.#options.onRebalanceStarted();
    this.#needsJoin = true;
    this.#rejoinAgain = true;
    this.#wake?.();
  }

  /** Stops the loop and leaves the group. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    await this.#loop?.catch(() => {});
    if (this.#memberId && this.#coordinator) {
      await this.#coordinator.leave(this.#memberId).catch((err: unknown) => this.#options.logger.debug(`LeaveGroup failed: ${String(err)}`));
    }
  }

  async #run(): Promise<void> {
    this.#lastHeartbeatOk = Date.now();
    while (this.#running) {
      try {
        if (this.#needsJoin) await this.#joinAndSync();
        else await this.#heartbeat();
      } catch (err) {
        if (!this.#running) return;
        this.#handleError(err);
        await this.#sleep(Math.min(this.#options.heartbeatIntervalMs, 500));
      }
    }
  }

  async #coordinatorFor(): Promise<GroupCoordinator> {
    this.#coordinator ??= await this.#options.client.coordinator(this.#options.groupId);
    return this.#coordinator;
  }

  async #joinAndSync(): Promise<void> {
    this.#rejoinAgain = false;
    await this.#options.beforeJoin?.();
    if (!this.#running) return;
    const coordinator = await this.#coordinatorFor();
    const joined = await coordinator.join({
      memberId: this.#memberId,
      sessionTimeoutMs: this.#options.sessionTimeoutMs,
      rebalanceTimeoutMs: this.#options.rebalanceTimeoutMs,
      protocolType: this.#options.protocolType,
      protocols: [{ name: this.#options.protocol, metadata: this.#options.metadata() }],
    });
    this.#memberId = joined.memberId;
    this.#generation = joined.generationId;
    const leader = joined.leaderId === joined.memberId;
    this.#options.logger.info(
      `Joined group ${this.#options.groupId} at generation ${joined.generationId} as ${leader ? "leader" : "follower"} (member ${joined.memberId}, ${joined.members.length || "?"} members)`,
    );
    const assignments = leader ? await this.#options.assign(joined.members, joined.generationId, joined.leaderId) : new Map<string, Buffer>();
    const assignment = await coordinator.sync({
      generationId: joined.generationId,
      memberId: joined.memberId,
      assignments: [...assignments].map(([memberId, bytes]) => ({ memberId, assignment: bytes })),
    });
    this.#lastHeartbeatOk = Date.now();
    this.#lostReported = false;
    if (!this.#running) return;
    // A rejoin asked for while we were joining needs another round.
    this.#needsJoin = this.#rejoinAgain;
    this.#options.onAssigned(assignment, joined.generationId, joined.memberId);
  }

  async #heartbeat(): Promise<void> {
    await this.#sleep(this.#options.heartbeatIntervalMs);
    if (!this.#running || this.#needsJoin) return;
    const coordinator = await this.#coordinatorFor();
    // An unreachable coordinator must not hold the fencing check up for a whole request timeout.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error("Heartbeat timed out")), Math.max(this.#options.sessionTimeoutMs / 3, this.#options.heartbeatIntervalMs));
    });
    try {
      await Promise.race([coordinator.heartbeat(this.#generation, this.#memberId), timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.#lastHeartbeatOk = Date.now();
  }

  #handleError(err: unknown): void {
    const type = kafkaErrorType(err);
    const log = this.#options.logger;
    switch (type) {
      case "REBALANCE_IN_PROGRESS":
        log.info(`Rebalance started in group ${this.#options.groupId}`);
        this.requestRejoin();
        return;
      case "UNKNOWN_MEMBER_ID":
      case "ILLEGAL_GENERATION":
      case "FENCED_INSTANCE_ID":
        log.warn(`Membership in group ${this.#options.groupId} lost (${type}); stopping all work and rejoining`);
        this.#memberId = type === "UNKNOWN_MEMBER_ID" ? "" : this.#memberId;
        this.#reportLost(type);
        this.requestRejoin();
        return;
      case "NOT_COORDINATOR":
      case "COORDINATOR_NOT_AVAILABLE":
      case "COORDINATOR_LOAD_IN_PROGRESS":
        this.#coordinator = undefined;
        void this.#options.client.refreshMetadata().catch(() => {});
        break;
      default:
        log.warn(`Group ${this.#options.groupId}: ${err instanceof Error ? err.message : String(err)}`);
        this.#coordinator = undefined;
    }
    // Without a heartbeat for (nearly) a whole session, the coordinator gives our work to others:
    // stop it first.
    const { sessionTimeoutMs, heartbeatIntervalMs } = this.#options;
    if (Date.now() - this.#lastHeartbeatOk >= Math.max(sessionTimeoutMs - heartbeatIntervalMs, sessionTimeoutMs / 2)) {
      this.#reportLost("no successful heartbeat within the session timeout");
      this.#memberId = "";
      this.requestRejoin();
    }
  }

  #reportLost(reason: string): void {
    if (this.#lostReported) return;
    this.#lostReported = true;
    this.#options.onLost(reason);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
