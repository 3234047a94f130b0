import { ApiKey, defineApi, type ApiDefinition, type RequestContext } from "../api";
import { ErrorCode } from "../protocol/error-codes";
import {
  decodeDeleteGroupsRequest,
  encodeDeleteGroupsResponse,
  type DeleteGroupsRequest,
  type DeleteGroupsResponse,
} from "../protocol/apis/delete-groups";
import {
  decodeDescribeGroupsRequest,
  encodeDescribeGroupsResponse,
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
} from "../protocol/apis/describe-groups";
import {
  decodeFindCoordinatorRequest,
  encodeFindCoordinatorResponse,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
} from "../protocol/apis/find-coordinator";
import {
  decodeHeartbeatRequest,
  encodeHeartbeatResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
} from "../protocol/apis/heartbeat";
import {
  decodeJoinGroupRequest,
  encodeJoinGroupResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
} from "../protocol/apis/join-group";
import {
  decodeLeaveGroupRequest,
  encodeLeaveGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
} from "../protocol/apis/leave-group";
import {
  decodeListGroupsRequest,
  encodeListGroupsResponse,
  type ListGroupsRequest,
  type ListGroupsResponse,
} from "../protocol/apis/list-groups";
import {
  decodeOffsetCommitRequest,
  encodeOffsetCommitResponse,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
} from "../protocol/apis/offset-commit";
import {
  decodeOffsetFetchRequest,
  encodeOffsetFetchResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
} from "../protocol/apis/offset-fetch";
import {
  decodeSyncGroupRequest,
  encodeSyncGroupResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from "../protocol/apis/sync-group";
import type { GroupCoordinator } from "./coordinator";

/** Kafka's group.max.session.timeout.ms default; larger values are refused as in Kafka. */
const MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** Kafka's rule: groups that use the coordinator for membership need a non-empty id. */
const invalidGroupId = (groupId: string) => groupId === "";

/** Kafka reports client hosts with a leading slash (InetAddress.toString). */
const clientHost = (ctx: RequestContext) => `/${ctx.remoteAddress}`;

/** The group coordinator's wire APIs: decode, call the coordinator, shape the versioned response. */
export function createGroupApis(coordinator: GroupCoordinator): ApiDefinition[] {
  return [
    defineApi<FindCoordinatorRequest, FindCoordinatorResponse>({
      key: ApiKey.FindCoordinator,
      name: "FindCoordinator",
      minVersion: 0,
      maxVersion: 2,
      decodeRequest: decodeFindCoordinatorRequest,
      encodeResponse: encodeFindCoordinatorResponse,
      handle(req) {
        const self = coordinator.self();
        // A single node coordinates every group and every transactional id.
        if (req.keyType !== 0 && req.keyType !== 1) {
          return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown key type ${req.keyType}`, nodeId: -1, host: "", port: -1 };
        }
        if (coordinator.isClosed) {
          return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: null, nodeId: -1, host: "", port: -1 };
        }
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, nodeId: self.nodeId, host: self.host, port: self.port };
      },
    }),

    defineApi<JoinGroupRequest, JoinGroupResponse>({
      key: ApiKey.JoinGroup,
      name: "JoinGroup",
      minVersion: 0,
      maxVersion: 5,
      decodeRequest: decodeJoinGroupRequest,
      encodeResponse: encodeJoinGroupResponse,
      async handle(req, ctx) {
        const fail = (errorCode: ErrorCode): JoinGroupResponse => ({
          throttleTimeMs: 0,
          errorCode,
          generationId: -1,
          protocolName: "",
          leader: "",
          memberId: req.memberId,
          members: [],
        });
        if (invalidGroupId(req.groupId)) return fail(ErrorCode.INVALID_GROUP_ID);
        if (req.sessionTimeoutMs <= 0 || req.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
        const version = ctx.header.apiVersion;
        const r = await coordinator.join(req.groupId, {
          memberId: req.memberId,
          groupInstanceId: req.groupInstanceId,
          clientId: ctx.header.clientId ?? "",
          clientHost: clientHost(ctx),
          sessionTimeoutMs: req.sessionTimeoutMs,
          // v0 has no rebalance timeout: Kafka uses the session timeout.
          rebalanceTimeoutMs: version >= 1 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
          protocolType: req.protocolType,
          protocols: req.protocols,
          // KIP-394 applies from v4: new members get MEMBER_ID_REQUIRED and rejoin with the given id.
          requireKnownMemberId: version >= 4,
          signal: ctx.signal,
        });
        return {
          throttleTimeMs: 0,
          errorCode: r.errorCode,
          generationId: r.generationId,
          protocolName: r.protocolName,
          leader: r.leaderId,
          memberId: r.memberId,
          members: r.members,
        };
      },
    }),

    defineApi<SyncGroupRequest, SyncGroupResponse>({
      key: ApiKey.SyncGroup,
      name: "SyncGroup",
      minVersion: 0,
      maxVersion: 3,
      decodeRequest: decodeSyncGroupRequest,
      encodeResponse: encodeSyncGroupResponse,
      async handle(req, ctx) {
        if (invalidGroupId(req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID, assignment: Buffer.alloc(0) };
        const r = await coordinator.sync(req.groupId, {
          memberId: req.memberId,
          generationId: req.generationId,
          groupInstanceId: req.groupInstanceId,
          assignments: req.assignments,
          signal: ctx.signal,
        });
        return { throttleTimeMs: 0, errorCode: r.errorCode, assignment: r.assignment };
      },
    }),

    defineApi<HeartbeatRequest, HeartbeatResponse>({
      key: ApiKey.Heartbeat,
      name: "Heartbeat",
      minVersion: 0,
      maxVersion: 3,
      decodeRequest: decodeHeartbeatRequest,
      encodeResponse: encodeHeartbeatResponse,
      handle(req) {
        if (invalidGroupId(req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID };
        return { throttleTimeMs: 0, errorCode: coordinator.heartbeat(req.groupId, req.memberId, req.generationId) };
      },
    }),

    defineApi<LeaveGroupRequest, LeaveGroupResponse>({
      key: ApiKey.LeaveGroup,
      name: "LeaveGroup",
      minVersion: 0,
      maxVersion: 3,
      decodeRequest: decodeLeaveGroupRequest,
      encodeResponse: encodeLeaveGroupResponse,
      handle(req, ctx) {
        if (invalidGroupId(req.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
        const errors = coordinator.leave(req.groupId, req.members);
        const members = req.members.map((m, i) => ({ ...m, errorCode: errors[i] ?? ErrorCode.UNKNOWN_SERVER_ERROR }));
        // v0–2 have no per-member errors: the one member's error is the response's.
        const topLevel = ctx.header.apiVersion < 3 ? (members[0]?.errorCode ?? ErrorCode.NONE) : ErrorCode.NONE;
        return { throttleTimeMs: 0, errorCode: topLevel, members };
      },
    }),

    defineApi<OffsetCommitRequest, OffsetCommitResponse>({
      key: ApiKey.OffsetCommit,
      name: "OffsetCommit",
      minVersion: 2,
      maxVersion: 7,
      decodeRequest: decodeOffsetCommitRequest,
      encodeResponse: encodeOffsetCommitResponse,
      handle(req) {
        const results = coordinator.commitOffsets({
          groupId: req.groupId,
          memberId: req.memberId,
          generationId: req.generationId,
          topics: req.topics.map((t) => ({
            topic: t.name,
            partitions: t.partitions.map((p) => ({
              partition: p.partitionIndex,
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch,
              metadata: p.committedMetadata,
            })),
          })),
        });
        return {
          throttleTimeMs: 0,
          topics: results.map((t) => ({
            name: t.topic,
            partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })),
          })),
        };
      },
    }),

    defineApi<OffsetFetchRequest, OffsetFetchResponse>({
      key: ApiKey.OffsetFetch,
      name: "OffsetFetch",
      minVersion: 1,
      maxVersion: 5,
      decodeRequest: decodeOffsetFetchRequest,
      encodeResponse: encodeOffsetFetchResponse,
      handle(req, ctx) {
        const version = ctx.header.apiVersion;
        const requested = req.topics?.map((t) => ({ topic: t.name, partitions: t.partitionIndexes })) ?? null;
        // Only v2+ may ask for "all topics"; a v1 null list is just empty.
        const topics = requested === null && version < 2 ? [] : requested;
        if (coordinator.isClosed) {
          // v1 has no top-level error: put it on every partition.
          const code = ErrorCode.COORDINATOR_NOT_AVAILABLE;
          return {
            throttleTimeMs: 0,
            errorCode: code,
            topics: (topics ?? []).map((t) => ({
              name: t.topic,
              partitions: t.partitions.map((p) => ({ partitionIndex: p, committedOffset: -1, committedLeaderEpoch: -1, metadata: "", errorCode: code })),
            })),
          };
        }
        const fetched = coordinator.fetchOffsets(req.groupId, topics);
        return {
          throttleTimeMs: 0,
          errorCode: ErrorCode.NONE,
          topics: fetched.map((t) => ({
            name: t.topic,
            partitions: t.partitions.map((p) => ({
              partitionIndex: p.partition,
              committedOffset: p.offset,
              committedLeaderEpoch: p.leaderEpoch,
              metadata: p.metadata,
              errorCode: ErrorCode.NONE,
            })),
          })),
        };
      },
    }),

    defineApi<ListGroupsRequest, ListGroupsResponse>({
      key: ApiKey.ListGroups,
      name: "ListGroups",
      minVersion: 0,
      maxVersion: 2,
      decodeRequest: decodeListGroupsRequest,
      encodeResponse: encodeListGroupsResponse,
      handle() {
        if (coordinator.isClosed) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups: coordinator.listGroups() };
      },
    }),

    defineApi<DescribeGroupsRequest, DescribeGroupsResponse>({
      key: ApiKey.DescribeGroups,
      name: "DescribeGroups",
      minVersion: 0,
      maxVersion: 2,
      decodeRequest: decodeDescribeGroupsRequest,
      encodeResponse: encodeDescribeGroupsResponse,
      handle(req) {
        return {
          throttleTimeMs: 0,
          groups: req.groups.map((groupId) => {
            if (coordinator.isClosed) {
              return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groupId, groupState: "", protocolType: "", protocolData: "", members: [] };
            }
            const s = coordinator.describeGroup(groupId);
            return {
              errorCode: ErrorCode.NONE,
              groupId,
              groupState: s.state,
              protocolType: s.protocolType,
              protocolData: s.protocol,
              members: s.members.map((m) => ({
                memberId: m.memberId,
                clientId: m.clientId,
                clientHost: m.clientHost,
                memberMetadata: m.metadata,
                memberAssignment: m.assignment,
              })),
            };
          }),
        };
      },
    }),

    defineApi<DeleteGroupsRequest, DeleteGroupsResponse>({
      key: ApiKey.DeleteGroups,
      name: "DeleteGroups",
      minVersion: 0,
      maxVersion: 1,
      decodeRequest: decodeDeleteGroupsRequest,
      encodeResponse: encodeDeleteGroupsResponse,
      handle(req) {
        return {
          throttleTimeMs: 0,
          results: req.groupsNames.map((groupId) => ({ groupId, errorCode: coordinator.deleteGroup(groupId) })),
        };
      },
    }),
  ];
}
