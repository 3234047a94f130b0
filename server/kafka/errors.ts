import { AlreadyExistsError, BadRequestError, ConnectRestError, NotFoundError, isConnectError, type ConnectError } from "../connect/api/errors";

/**
 * kafkajs errors in the project's one error vocabulary (server/connect/api/errors.ts), so route
 * handlers answer 404 for an unknown topic, 409 for an existing one, 400 for a bad partition count
 * or config and 502 when the cluster does not answer, instead of a 500 for everything.
 */

interface KafkajsLike {
  name?: string;
  type?: string;
  message?: string;
  cause?: unknown;
  originalError?: unknown;
  retriable?: boolean;
}

const NOT_FOUND = new Set(["UNKNOWN_TOPIC_OR_PARTITION", "GROUP_ID_NOT_FOUND", "OFFSET_NOT_AVAILABLE"]);
const EXISTS = new Set(["TOPIC_ALREADY_EXISTS"]);
const BAD_REQUEST = new Set([
  "INVALID_TOPIC_EXCEPTION",
  "INVALID_PARTITIONS",
  "INVALID_REPLICATION_FACTOR",
  "INVALID_REPLICA_ASSIGNMENT",
  "INVALID_CONFIG",
  "INVALID_REQUEST",
  "POLICY_VIOLATION",
  "RECORD_LIST_TOO_LARGE",
  "MESSAGE_TOO_LARGE",
  "INVALID_RECORD",
  "INVALID_TIMESTAMP",
]);
const FORBIDDEN = new Set(["TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED"]);
const UNREACHABLE = new Set(["KafkaJSConnectionError", "KafkaJSConnectionClosedError", "KafkaJSBrokerNotFound", "KafkaJSNoBrokerAvailableError", "KafkaJSRequestTimeoutError"]);

/** The innermost kafkajs error (retries wrap the one that mattered). */
function innermost(err: unknown): KafkajsLike | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof current !== "object" || current === null) return undefined;
    const e = current as KafkajsLike;
    const next = e.originalError ?? (e.name === "KafkaJSNumberOfRetriesExceeded" ? e.cause : undefined);
    if (next === undefined || next === current) return e;
    current = next;
  }
  return current as KafkajsLike;
}

/** The error to report for a failed Kafka operation, with `what` ("topic 'orders'") for context. */
export function kafkaError(err: unknown, context: { cluster: string; what?: string }): ConnectError | unknown {
  if (isConnectError(err)) return err;
  const e = innermost(err);
  if (!e) return err;
  const message = e.message ?? String(err);
  const about = context.what ? `${context.what}: ` : "";
  if (e.type && NOT_FOUND.has(e.type)) return new NotFoundError(context.what ? `${context.what} does not exist` : message, { cause: err });
  if (e.type && EXISTS.has(e.type)) return new AlreadyExistsError(context.what ? `${context.what} already exists` : message, { cause: err });
  if (e.type && BAD_REQUEST.has(e.type)) return new BadRequestError(`${about}${message}`, { cause: err });
  if (e.type && FORBIDDEN.has(e.type)) return new ConnectRestError(403, `${about}${message}`, { cause: err });
  if (e.name === "KafkaJSServerDoesNotSupportApiKey") return new ConnectRestError(501, `${about}the Kafka cluster does not support this request (${message})`, { cause: err });
  if (e.name && UNREACHABLE.has(e.name)) {
    return new ConnectRestError(502, `Kafka cluster '${context.cluster}' did not answer: ${message}`, { cause: err });
  }
  return err;
}

/** Whether a Fetch error goes away after a metadata refresh (leader moved, broker restarting). */
export function isRetriableKafkaError(err: unknown): boolean {
  const e = innermost(err);
  if (!e) return false;
  if (e.name && UNREACHABLE.has(e.name)) return true;
  return e.retriable === true && e.type !== undefined;
}
