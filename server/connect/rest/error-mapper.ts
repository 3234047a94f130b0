import { ZodError } from "zod";
import { isConnectError } from "../api/errors";
import { json } from "./responses";
import type { RestLogger } from "./router";

/**
 * A request body that is not JSON, or JSON of the wrong shape (Jackson's binding errors in Kafka).
 * Thrown only by the router's body reader, so a ZodError or SyntaxError raised deeper (a bug in the
 * engine) is still a 500 and not mistaken for bad input.
 */
export class RequestBodyError extends Error {
  override name = "RequestBodyError";
  constructor(readonly reason: SyntaxError | ZodError | string) {
    super(typeof reason === "string" ? reason : describeBodyError(reason));
  }
}

/** Connect's ErrorMessage entity: `{"error_code","message"}`. */
export function errorResponse(status: number, message: string | null, errorCode = status, headers?: Record<string, string>): Response {
  return json(status, { error_code: errorCode, message }, headers);
}

/**
 * The one place a thrown value becomes an HTTP answer (Kafka's ConnectExceptionMapper):
 * Connect errors answer their own status with their message; request-body errors answer 400;
 * anything else is a 500 with the error's message, never a stack.
 */
export function toErrorResponse(err: unknown, logger?: RestLogger): Response {
  if (isConnectError(err)) {
    // Kafka's mapper logs at DEBUG: a Connect error is an answer, not a server fault.
    logger?.debug(`REST request answered ${err.status}: ${err.message}`);
    return errorResponse(err.status, err.message === "" ? null : err.message, err.errorCode);
  }
  if (err instanceof RequestBodyError) {
    // Deliberate divergence from Kafka (DESIGN.md, compatibility rules): Kafka lets Jackson's
    // binding and parse errors fall through to a 500 with the Jackson message
    // (OffsetsApiIntegrationTest#testAlterSourceConnectorOffsetsInvalidRequestBody); a malformed
    // body is the client's fault, so Ferry answers 400 with a message that says what is wrong.
    return errorResponse(400, err.message);
  }
  const message = err instanceof Error ? err.message : String(err);
  logger?.error("Uncaught exception in REST call", err);
  return errorResponse(500, message === "" ? null : message);
}

function describeBodyError(reason: SyntaxError | ZodError): string {
  if (reason instanceof SyntaxError) return `Request body is not valid JSON: ${reason.message}`;
  const issues = reason.issues.slice(0, 3).map((issue) => {
    const at = issue.path.length === 0 ? "" : ` at '${issue.path.map(String).join(".")}'`;
    return `${issueMessage(issue)}${at}`;
  });
  const more = reason.issues.length > 3 ? ` (and ${reason.issues.length - 3} more)` : "";
  return `Invalid request body: ${issues.join("; ")}${more}`;
}

function issueMessage(issue: ZodError["issues"][number]): string {
  if (issue.code === "invalid_union") {
    // "Invalid input" alone does not help: name the types the value could have had.
    const expected = issue.errors.flatMap((branch) => branch.flatMap((i) => (i.code === "invalid_type" ? [i.expected] : [])));
    if (expected.length > 0) return `Invalid input: expected ${expected.join(" or ")}`;
  }
  // zod says "record" for what a JSON client knows as an object.
  return issue.message.replace("expected record", "expected object");
}
