import { randomUUID } from "node:crypto";
import { ErrorCode } from "../protocol/error-codes";
import type { Clock } from "../util/clock";
import type { Logger } from "../util/logger";

/** Kafka's GroupState names, as DescribeGroups reports them. */
export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinParams {
  /** "" for a member that has no id yet. */
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  /** JoinGroup v4+ (KIP-394): a new member first gets MEMBER_ID_REQUIRED with its id and rejoins with it. */
  requireKnownMemberId: boolean;
  /** Aborts when the connection closes: the member stops counting as rejoined, its session timer decides. */
  signal?: AbortSignal;
}

export interface JoinResult {
  errorCode: ErrorCode;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  /** Only the leader gets the members, with their metadata for the chosen protocol. */
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncParams {
  memberId: string;
  generationId: number;
  groupInstanceId: string | null;
  /** Only the leader's assignments are used. */
  assignments: { memberId: string; assignment: Buffer }[];
  signal?: AbortSignal;
}

export interface SyncResult {
  errorCode: ErrorCode;
  assignment: Buffer;
}

export interface MemberSummary {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocol: string;
  members: MemberSummary[];
}

export interface GroupOptions {
  groupId: string;
  clock: Clock;
  logger: Logger;
  /** Kafka's group.initial.rebalance.delay.ms: how long the first join of an empty group waits for more members. */
  initialRebalanceDelayMs: number;
  /** Called at the points Kafka writes group metadata: Stable after the leader's sync, and Empty after a rebalance. */
  onPersist?: (group: Group) => void;
  /** Metadata restored from the store: the group comes back Empty with its generation. */
  restored?: { generationId: number; protocolType: string | null };
}

type Waiter<T> = (result: T) => void;

const EMPTY = Buffer.alloc(0);

class Member {
  assignment: Buffer = EMPTY;
  joinWaiter: Waiter<JoinResult> | null = null;
  syncWaiter: Waiter<SyncResult> | null = null;
  cancelSession: (() => void) | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocols: GroupProtocol[],
  ) {}

  get awaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  supports(protocol: string): boolean {
    return this.protocols.some((p) => p.name === protocol);
  }

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  matches(protocols: readonly GroupProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => {
        const mine = this.protocols[i];
        return mine !== undefined && mine.name === p.name && mine.metadata.equals(p.metadata);
      })
    );
  }
}

function errorJoin(memberId: string, errorCode: ErrorCode): JoinResult {
  return { errorCode, generationId: -1, protocolName: "", leaderId: "", memberId, members: [] };
}

/**
 * One consumer group's membership state machine, after Kafka's GroupCoordinator/GroupMetadata:
 * Empty → PreparingRebalance → CompletingRebalance → Stable (Dead once deleted or closed).
 * JoinGroup and SyncGroup park as promises; timers come from the injected clock so tests can
 * drive rebalances without sleeping. Single-threaded, so no locking.
 */
export class Group {
  readonly groupId: string;
  private stateValue: GroupState = "Empty";
  private generation = 0;
  private type: string | null = null;
  private protocol: string | null = null;
  private leader: string | null = null;
  private readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED that have not rejoined yet, with their expiry. */
  private readonly pending = new Map<string, () => void>();
  /** The timer that ends PreparingRebalance; `initial` = the empty-group delay, which only time completes. */
  private joinTimer: { cancel: () => void; initial: boolean } | null = null;
  private newMemberAdded = false;
  /** Members that got their JoinGroup answer but have not sent SyncGroup yet. */
  private readonly pendingSync = new Set<string>();
  private cancelSyncTimer: (() => void) | null = null;

  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly initialDelayMs: number;
  private readonly onPersist: (group: Group) => void;

  constructor(options: GroupOptions) {
    this.groupId = options.groupId;
    this.clock = options.clock;
    this.logger = options.logger;
    this.initialDelayMs = options.initialRebalanceDelayMs;
    this.onPersist = options.onPersist ?? (() => {});
    if (options.restored) {
      this.generation = options.restored.generationId;
      this.type = options.restored.protocolType;
    }
  }

  get state(): GroupState {
    return this.stateValue;
  }
  get generationId(): number {
    return this.generation;
  }
  get protocolType(): string | null {
    return this.type;
  }
  get protocolName(): string | null {
    return this.protocol;
  }
  get leaderId(): string | null {
    return this.leader;
  }
  get size(): number {
    return this.members.size;
  }
  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  // ---- JoinGroup ---------------------------------------------------------------------------

  join(params: JoinParams): Promise<JoinResult> {
    const result = this.doJoin(params);
    if (this.stateValue === "PreparingRebalance") this.tryCompleteJoin();
    return result;
  }

  private doJoin(p: JoinParams): Promise<JoinResult> {
    const now = (r: JoinResult) => Promise.resolve(r);
    if (this.stateValue === "Dead") return now(errorJoin(p.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!this.supportsProtocols(p.protocolType, p.protocols, p.memberId)) {
      return now(errorJoin(p.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (p.memberId === "") {
      const memberId = `${p.clientId}-${randomUUID()}`;
      if (p.requireKnownMemberId) {
        this.addPending(memberId, p.sessionTimeoutMs);
        return now(errorJoin(memberId, ErrorCode.MEMBER_ID_REQUIRED));
      }
      return this.addMemberAndRebalance(memberId, p);
    }
    if (this.pending.has(p.memberId)) return this.addMemberAndRebalance(p.memberId, p);
    const member = this.members.get(p.memberId);
    if (!member) return now(errorJoin(p.memberId, ErrorCode.UNKNOWN_MEMBER_ID));

    switch (this.stateValue) {
      case "PreparingRebalance":
        return this.updateMemberAndRebalance(member, p);
      case "CompletingRebalance":
        // Same metadata: the member likely lost the JoinGroup answer; repeat it.
        if (member.matches(p.protocols)) return now(this.joinResultFor(member));
        return this.updateMemberAndRebalance(member, p);
      case "Stable":
        // A leader's rejoin forces a rebalance (topic metadata changed); so does new metadata.
        if (this.leader === member.memberId || !member.matches(p.protocols)) return this.updateMemberAndRebalance(member, p);
        this.touch(member);
        return now({ ...this.joinResultFor(member), members: [] });
      default:
        return now(errorJoin(p.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[], joiningId: string): boolean {
    if (this.members.size === 0) return protocolType !== "" && protocols.length > 0;
    if (this.type !== protocolType) return false;
    // Kafka counts the joining member's old protocols too; leaving it out lets a lone member change protocols.
    const others = [...this.members.values()].filter((m) => m.memberId !== joiningId);
    return protocols.some((p) => others.every((m) => m.supports(p.name)));
  }

  private addPending(memberId: string, sessionTimeoutMs: number): void {
    const cancel = this.clock.schedule(sessionTimeoutMs, () => {
      if (!this.pending.delete(memberId)) return;
      this.logger.debug("pending member expired", { group: this.groupId, memberId });
      if (this.stateValue === "PreparingRebalance") this.tryCompleteJoin();
    });
    this.pending.set(memberId, cancel);
  }

  private addMemberAndRebalance(memberId: string, p: JoinParams): Promise<JoinResult> {
    const member = new Member(
      memberId,
      p.groupInstanceId,
      p.clientId,
      p.clientHost,
      p.sessionTimeoutMs,
      p.rebalanceTimeoutMs,
      p.protocols,
    );
    // More members arriving during the first rebalance stretch the initial delay.
    if (this.stateValue === "PreparingRebalance" && this.generation === 0) this.newMemberAdded = true;
    if (this.members.size === 0) this.type = p.protocolType;
    this.members.set(memberId, member);
    if (this.leader === null) this.leader = memberId;
    const cancelPending = this.pending.get(memberId);
    if (cancelPending) {
      cancelPending();
      this.pending.delete(memberId);
    }
    const promise = this.parkJoin(member, p.signal);
    this.touch(member);
    this.logger.info("member joined", { group: this.groupId, memberId, clientId: p.clientId });
    this.maybePrepareRebalance("new member");
    return promise;
  }

  private updateMemberAndRebalance(member: Member, p: JoinParams): Promise<JoinResult> {
    member.protocols = p.protocols;
    member.sessionTimeoutMs = p.sessionTimeoutMs;
    member.rebalanceTimeoutMs = p.rebalanceTimeoutMs;
    member.clientId = p.clientId;
    member.clientHost = p.clientHost;
    const promise = this.parkJoin(member, p.signal);
    this.touch(member);
    this.maybePrepareRebalance("member rejoined");
    return promise;
  }

  /** Parks a JoinGroup until the rebalance completes; a second join of the same member answers the first. */
  private parkJoin(member: Member, signal: AbortSignal | undefined): Promise<JoinResult> {
    const previous = member.joinWaiter;
    member.joinWaiter = null;
    previous?.(errorJoin(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    return new Promise<JoinResult>((resolve) => {
      const onAbort = () => {
        if (member.joinWaiter !== waiter) return;
        // The member no longer counts as rejoined: its session timer (still running) or the
        // rebalance timeout removes it if it does not come back.
        member.joinWaiter = null;
        waiter(errorJoin(member.memberId, ErrorCode.UNKNOWN_SERVER_ERROR));
        this.logger.debug("parked join abandoned by its connection", { group: this.groupId, memberId: member.memberId });
      };
      const waiter: Waiter<JoinResult> = (r) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(r);
      };
      member.joinWaiter = waiter;
      if (signal?.aborted) queueMicrotask(onAbort);
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private maybePrepareRebalance(reason: string): void {
    if (this.stateValue === "Stable" || this.stateValue === "CompletingRebalance" || this.stateValue === "Empty") {
      this.prepareRebalance(reason);
    }
  }

  private rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  private prepareRebalance(reason: string): void {
    if (this.stateValue === "CompletingRebalance") this.resetAndPropagateAssignmentError(ErrorCode.REBALANCE_IN_PROGRESS);
    this.clearPendingSync();
    this.joinTimer?.cancel();
    this.joinTimer = null;
    const wasEmpty = this.stateValue === "Empty";
    this.stateValue = "PreparingRebalance";
    this.logger.info("preparing to rebalance", { group: this.groupId, generation: this.generation, reason });
    const timeout = this.rebalanceTimeoutMs();
    if (wasEmpty && this.initialDelayMs > 0) {
      this.scheduleInitialJoin(this.initialDelayMs, Math.max(timeout - this.initialDelayMs, 0));
    } else {
      const cancel = this.clock.schedule(timeout, () => {
        this.joinTimer = null;
        this.completeJoin();
      });
      this.joinTimer = { cancel, initial: false };
    }
    this.tryCompleteJoin();
  }

  /** Kafka's InitialDelayedJoin: wait `delay`, and again while new members keep arriving, up to the rebalance timeout. */
  private scheduleInitialJoin(delayMs: number, remainingMs: number): void {
    const cancel = this.clock.schedule(delayMs, () => {
      this.joinTimer = null;
      if (this.newMemberAdded && remainingMs !== 0) {
        this.newMemberAdded = false;
        this.scheduleInitialJoin(Math.min(this.initialDelayMs, remainingMs), Math.max(remainingMs - delayMs, 0));
      } else {
        this.completeJoin();
      }
    });
    this.joinTimer = { cancel, initial: true };
  }

  private hasAllMembersJoined(): boolean {
    if (this.pending.size > 0) return false;
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return true;
  }

  private tryCompleteJoin(): void {
    if (this.stateValue !== "PreparingRebalance" || !this.joinTimer || this.joinTimer.initial) return;
    if (!this.hasAllMembersJoined()) return;
    this.joinTimer.cancel();
    this.joinTimer = null;
    this.completeJoin();
  }

  /** Kafka's onCompleteJoin: evict who did not rejoin, start the next generation, answer the parked joins. */
  private completeJoin(): void {
    if (this.stateValue !== "PreparingRebalance") return;
    this.newMemberAdded = false;
    for (const m of [...this.members.values()]) {
      if (!m.awaitingJoin) {
        this.logger.info("removing member that did not rejoin", { group: this.groupId, memberId: m.memberId });
        this.removeMember(m, ErrorCode.UNKNOWN_MEMBER_ID);
      }
    }
    this.generation++;
    if (this.members.size === 0) {
      this.protocol = null;
      this.stateValue = "Empty";
      this.logger.info("group is empty", { group: this.groupId, generation: this.generation });
      this.onPersist(this);
      return;
    }
    this.protocol = this.selectProtocol();
    this.stateValue = "CompletingRebalance";
    this.logger.info("rebalance complete, awaiting assignments", {
      group: this.groupId,
      generation: this.generation,
      protocol: this.protocol,
      members: this.members.size,
    });
    for (const m of this.members.values()) {
      const waiter = m.joinWaiter;
      m.joinWaiter = null;
      waiter?.(this.joinResultFor(m));
      this.touch(m);
      this.pendingSync.add(m.memberId);
    }
    // Kafka's DelayedSync: members that never send SyncGroup are removed after the rebalance timeout.
    const generation = this.generation;
    this.cancelSyncTimer = this.clock.schedule(this.rebalanceTimeoutMs(), () => {
      this.cancelSyncTimer = null;
      this.expirePendingSync(generation);
    });
  }

  private joinResultFor(member: Member): JoinResult {
    const protocol = this.protocol ?? "";
    const isLeader = member.memberId === this.leader;
    return {
      errorCode: ErrorCode.NONE,
      generationId: this.generation,
      protocolName: protocol,
      leaderId: this.leader ?? "",
      memberId: member.memberId,
      members: isLeader
        ? [...this.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.metadataFor(protocol),
          }))
        : [],
    };
  }

  /** The protocol every member supports with the most first-choice votes (Kafka's selectProtocol). */
  private selectProtocol(): string {
    const all = [...this.members.values()];
    const first = all[0];
    if (!first) return "";
    const candidates = first.protocols.map((p) => p.name).filter((name) => all.every((m) => m.supports(name)));
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const m of all) {
      const vote = m.protocols.find((p) => votes.has(p.name));
      if (vote) votes.set(vote.name, (votes.get(vote.name) ?? 0) + 1);
    }
    let best = candidates[0] ?? "";
    for (const [name, n] of votes) if (n > (votes.get(best) ?? 0)) best = name;
    return best;
  }

  // ---- SyncGroup ---------------------------------------------------------------------------

  sync(p: SyncParams): Promise<SyncResult> {
    const now = (errorCode: ErrorCode, assignment: Buffer = EMPTY) => Promise.resolve({ errorCode, assignment });
    if (this.stateValue === "Dead") return now(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const member = this.members.get(p.memberId);
    if (!member) return now(ErrorCode.UNKNOWN_MEMBER_ID);
    if (p.generationId !== this.generation) return now(ErrorCode.ILLEGAL_GENERATION);
    switch (this.stateValue) {
      case "Empty":
        return now(ErrorCode.UNKNOWN_MEMBER_ID);
      case "PreparingRebalance":
        return now(ErrorCode.REBALANCE_IN_PROGRESS);
      case "Stable":
        this.removePendingSync(member.memberId);
        this.touch(member);
        return now(ErrorCode.NONE, member.assignment);
      case "CompletingRebalance": {
        const promise = this.parkSync(member, p.signal);
        this.removePendingSync(member.memberId);
        this.touch(member);
        if (member.memberId === this.leader) this.completeSync(p.assignments);
        return promise;
      }
    }
  }

  private parkSync(member: Member, signal: AbortSignal | undefined): Promise<SyncResult> {
    const previous = member.syncWaiter;
    member.syncWaiter = null;
    previous?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    return new Promise<SyncResult>((resolve) => {
      const onAbort = () => {
        if (member.syncWaiter !== waiter) return;
        member.syncWaiter = null;
        waiter({ errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, assignment: EMPTY });
      };
      const waiter: Waiter<SyncResult> = (r) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(r);
      };
      member.syncWaiter = waiter;
      if (signal?.aborted) queueMicrotask(onAbort);
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** The leader's assignments arrived: hand every member its share (empty when the leader left it out). */
  private completeSync(assignments: readonly { memberId: string; assignment: Buffer }[]): void {
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    for (const m of this.members.values()) {
      m.assignment = byMember.get(m.memberId) ?? EMPTY;
      const waiter = m.syncWaiter;
      m.syncWaiter = null;
      if (waiter) {
        waiter({ errorCode: ErrorCode.NONE, assignment: m.assignment });
        this.touch(m);
      }
    }
    this.stateValue = "Stable";
    this.logger.info("group is stable", { group: this.groupId, generation: this.generation, members: this.members.size });
    this.onPersist(this);
  }

  private resetAndPropagateAssignmentError(errorCode: ErrorCode): void {
    for (const m of this.members.values()) {
      m.assignment = EMPTY;
      const waiter = m.syncWaiter;
      m.syncWaiter = null;
      if (waiter) {
        waiter({ errorCode, assignment: EMPTY });
        this.touch(m);
      }
    }
  }

  private removePendingSync(memberId: string): void {
    this.pendingSync.delete(memberId);
    if (this.pendingSync.size === 0) this.clearPendingSync();
  }

  private clearPendingSync(): void {
    this.pendingSync.clear();
    this.cancelSyncTimer?.();
    this.cancelSyncTimer = null;
  }

  private expirePendingSync(generation: number): void {
    if (generation !== this.generation) return;
    if (this.stateValue !== "CompletingRebalance" && this.stateValue !== "Stable") return;
    if (this.pendingSync.size === 0) return;
    const late = [...this.pendingSync];
    this.logger.info("removing members that did not sync", { group: this.groupId, members: late });
    for (const id of late) {
      const m = this.members.get(id);
      if (m) this.removeMember(m, ErrorCode.UNKNOWN_MEMBER_ID);
    }
    this.prepareRebalance("members did not sync in time");
  }

  // ---- Heartbeat, LeaveGroup, offset commit checks -------------------------------------------

  heartbeat(memberId: string, generationId: number): ErrorCode {
    if (this.stateValue === "Dead") return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    switch (this.stateValue) {
      case "Empty":
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case "PreparingRebalance":
        this.touch(member);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      default:
        // CompletingRebalance too: members may heartbeat between JoinGroup and SyncGroup.
        this.touch(member);
        return ErrorCode.NONE;
    }
  }

  /** Removes members (LeaveGroup); each gets its own error code. */
  leave(identities: readonly { memberId: string; groupInstanceId: string | null }[]): ErrorCode[] {
    return identities.map(({ memberId, groupInstanceId }) => {
      if (this.stateValue === "Dead") return ErrorCode.COORDINATOR_NOT_AVAILABLE;
      const cancelPending = this.pending.get(memberId);
      if (cancelPending) {
        cancelPending();
        this.pending.delete(memberId);
        if (this.stateValue === "PreparingRebalance") this.tryCompleteJoin();
        return ErrorCode.NONE;
      }
      // Static members are treated as dynamic, but a leave naming only the instance id still finds them.
      const member =
        this.members.get(memberId) ??
        (groupInstanceId !== null ? [...this.members.values()].find((m) => m.groupInstanceId === groupInstanceId) : undefined);
      if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.logger.info("member left", { group: this.groupId, memberId: member.memberId });
      this.removeMemberAndUpdateGroup(member, "member left");
      return ErrorCode.NONE;
    });
  }

  /**
   * Whether a member may commit offsets now (Kafka's doCommitOffsets checks). A commit with
   * generation < 0 and no membership is allowed only while the group has no members. During
   * PreparingRebalance members of the current generation may still commit, as in Kafka: clients
   * commit what they processed before they rejoin (the consumer's onJoinPrepare).
   */
  validateCommit(memberId: string, generationId: number): ErrorCode {
    if (this.stateValue === "Dead") return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && this.stateValue === "Empty") return ErrorCode.NONE;
    const member = this.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (this.stateValue === "CompletingRebalance") return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touch(member);
    return ErrorCode.NONE;
  }

  // ---- Sessions and removal ------------------------------------------------------------------

  /** Restarts a member's session timer (Kafka's completeAndScheduleNextHeartbeatExpiration). */
  private touch(member: Member): void {
    member.cancelSession?.();
    member.cancelSession = this.clock.schedule(member.sessionTimeoutMs, () => {
      member.cancelSession = null;
      if (this.members.get(member.memberId) !== member) return;
      // Members parked in JoinGroup or SyncGroup are waiting on the group, not silent.
      if (member.joinWaiter || member.syncWaiter) {
        this.touch(member);
        return;
      }
      this.logger.info("member session expired", { group: this.groupId, memberId: member.memberId });
      this.removeMemberAndUpdateGroup(member, "session expired");
    });
  }

  private removeMember(member: Member, parkedError: ErrorCode): void {
    member.cancelSession?.();
    member.cancelSession = null;
    const join = member.joinWaiter;
    const sync = member.syncWaiter;
    member.joinWaiter = null;
    member.syncWaiter = null;
    join?.(errorJoin("", parkedError));
    sync?.({ errorCode: parkedError, assignment: EMPTY });
    this.members.delete(member.memberId);
    this.pendingSync.delete(member.memberId);
    if (this.leader === member.memberId) this.leader = this.members.keys().next().value ?? null;
  }

  private removeMemberAndUpdateGroup(member: Member, reason: string): void {
    this.removeMember(member, ErrorCode.UNKNOWN_MEMBER_ID);
    switch (this.stateValue) {
      case "Stable":
      case "CompletingRebalance":
        this.maybePrepareRebalance(reason);
        break;
      case "PreparingRebalance":
        this.tryCompleteJoin();
        break;
      default:
        break;
    }
  }

  // ---- Admin -------------------------------------------------------------------------------

  summary(): GroupSummary {
    const stable = this.stateValue === "Stable";
    const protocol = stable ? (this.protocol ?? "") : "";
    return {
      groupId: this.groupId,
      state: this.stateValue,
      protocolType: this.type ?? "",
      protocol,
      // As Kafka: metadata and assignment only once the group is Stable.
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocol) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** DeleteGroups: only an Empty group can die. */
  markDead(): boolean {
    if (this.stateValue !== "Empty") return false;
    this.shutdown(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return true;
  }

  /** Cancels every timer and answers every parked request; the group is Dead afterwards. */
  shutdown(errorCode: ErrorCode): void {
    this.joinTimer?.cancel();
    this.joinTimer = null;
    this.clearPendingSync();
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    for (const m of this.members.values()) {
      m.cancelSession?.();
      m.cancelSession = null;
      const join = m.joinWaiter;
      const sync = m.syncWaiter;
      m.joinWaiter = null;
      m.syncWaiter = null;
      join?.(errorJoin(m.memberId, errorCode));
      sync?.({ errorCode, assignment: EMPTY });
    }
    this.members.clear();
    this.leader = null;
    this.stateValue = "Dead";
  }
}
