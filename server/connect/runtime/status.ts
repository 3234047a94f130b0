import type { ConnectorState, ConnectorTaskId, TargetState } from "../../../lib/connect/schemas";

/**
 * Intent and observation, kept apart as in Kafka Connect: a connector's TargetState
 * (STARTED/PAUSED/STOPPED) is what the user asked for and is persisted; its status
 * (RUNNING/PAUSED/STOPPED/FAILED/UNASSIGNED/RESTARTING) is what the worker observed and reports.
 * Every status change goes through the one table below.
 */
export type { ConnectorState, ConnectorTaskId, TargetState };

/** What happened to a connector or task instance (Kafka's status listener callbacks). */
export type StatusEvent = "startup" | "pause" | "resume" | "stop" | "failure" | "shutdown" | "restart";

/**
 * Legal transitions: state → event → next state. A missing entry means the event is refused in that
 * state (e.g. a FAILED instance is not paused or resumed by a target-state change; it recovers
 * only through restart or a new config). STOPPED is only ever a connector state.
 */
const TRANSITIONS: Readonly<Record<ConnectorState, Partial<Record<StatusEvent, ConnectorState>>>> = {
  UNASSIGNED: { startup: "RUNNING", pause: "PAUSED", stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
  RUNNING: { startup: "RUNNING", pause: "PAUSED", resume: "RUNNING", stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
  PAUSED: { startup: "RUNNING", pause: "PAUSED", resume: "RUNNING", stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
  STOPPED: { startup: "RUNNING", pause: "PAUSED", resume: "RUNNING", stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
  // A failure inside stop() during STOP still yields STOPPED; pause/resume are refused.
  FAILED: { stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
  RESTARTING: { startup: "RUNNING", pause: "PAUSED", resume: "RUNNING", stop: "STOPPED", failure: "FAILED", restart: "RESTARTING", shutdown: "UNASSIGNED" },
};

/** The state after `event`, or null when the table refuses it. */
export function nextState(current: ConnectorState, event: StatusEvent): ConnectorState | null {
  return TRANSITIONS[current][event] ?? null;
}

/** The status event a target state produces when applied to a started instance. */
export function targetStateEvent(target: TargetState): StatusEvent {
  return target === "STARTED" ? "resume" : target === "PAUSED" ? "pause" : "stop";
}

/** Kafka's ConnectorTaskId.toString(): `<name>-<task>`. */
export function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

/** Listener of connector and task status changes (Kafka's `ConnectorStatus.Listener` + `TaskStatus.Listener`). */
export interface StatusListener {
  onConnectorStatus(connector: string, state: ConnectorState, error?: unknown): void;
  onTaskStatus(id: ConnectorTaskId, state: ConnectorState, error?: unknown): void;
  /** A source task produced to, or a sink task consumed from, this topic (topic tracking, KIP-558). */
  onTopicActive(connector: string, topic: string, task: number): void;
}

/**
 * The `trace` of a FAILED status: Kafka prints the Java stack trace; Ferry prints the error's class
 * (Kafka's exception class for Connect errors), message and stack frames, then `Caused by: …` for
 * each cause in the chain.
 */
export function errorTrace(error: unknown): string {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  let first = true;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    const header = describeThrowable(current);
    lines.push(first ? header : `Caused by: ${header}`);
    if (current instanceof Error) {
      for (const frame of stackFrames(current)) lines.push(`\t${frame}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      current = undefined;
    }
    first = false;
  }
  return lines.join("\n");
}

function describeThrowable(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const exceptionClass = (error as { exceptionClass?: unknown }).exceptionClass;
  const name = typeof exceptionClass === "string" ? exceptionClass : error.name;
  return error.message ? `${name}: ${error.message}` : name;
}

function stackFrames(error: Error): string[] {
  const stack = typeof error.stack === "string" ? error.stack : "";
  const frames: string[] = [];
  for (const line of stack.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("at ")) frames.push(trimmed);
  }
  return frames;
}

/** An error value as an Error (plugins may throw anything). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
