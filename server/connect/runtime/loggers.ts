import { NotFoundError } from "../api";
import type { LoggerLevel } from "../../../lib/connect/schemas";
import { asError } from "./status";
import { SecretRedactor } from "../config-providers/redactor";

/**
 * Named loggers with log4j-like hierarchical levels that change at runtime (`/admin/loggers`,
 * Kafka's `Loggers`), and loggers that carry Kafka's MDC connector context (`[name|task-0] `) on
 * every line of connector and task code.
 *
 * Names are dotted (`org.apache.kafka.connect.runtime.WorkerSourceTask`). A logger without an
 * explicit level inherits the nearest ancestor's explicit level, else the root level. Levels are
 * Kafka's log4j levels; the names used for runtime classes are Kafka's so that tools that set
 * `org.apache.kafka.connect` to DEBUG keep working.
 */

export const LOG_LEVELS = ["OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SEVERITY: Record<LogLevel, number> = { OFF: 0, FATAL: 100, ERROR: 200, WARN: 300, INFO: 400, DEBUG: 500, TRACE: 600, ALL: Number.MAX_SAFE_INTEGER };

export const ROOT_LOGGER = "root";

/** Parses a level name case-insensitively; undefined when it is not a log4j level. */
export function parseLogLevel(level: string): LogLevel | undefined {
  const upper = level.trim().toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : undefined;
}

export interface Logger {
  readonly name: string;
  /** The MDC-like context printed as `[context] ` before the message, e.g. `my-source|task-0`. */
  readonly context: string | undefined;
  error(message: string, error?: unknown): void;
  warn(message: string, error?: unknown): void;
  info(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
  isDebugEnabled(): boolean;
  isTraceEnabled(): boolean;
  /** The same named logger with another connector context (Kafka's LoggingContext). */
  withContext(context: string | undefined): Logger;
}

interface LoggerEntry {
  name: string;
  explicit: LogLevel | null;
  /** Effective severity, valid while `generation` matches the registry's. */
  cached: number;
  generation: number;
}

export interface LoggersOptions {
  /** The root level (default INFO). */
  rootLevel?: LogLevel;
  /** Where lines go (default stderr). */
  write?: (line: string) => void;
  /** Epoch ms for `last_modified` and line timestamps. */
  now?: () => number;
}

export class Loggers {
  /** Secrets masked in every line written (values of PASSWORD keys, values from config providers). */
  readonly secrets = new SecretRedactor();
  readonly #entries = new Map<string, LoggerEntry>();
  readonly #lastModified = new Map<string, number>();
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  #rootLevel: LogLevel;
  #generation = 0;

  constructor(options: LoggersOptions = {}) {
    this.#rootLevel = options.rootLevel ?? "INFO";
    this.#write = options.write ?? ((line) => process.stderr.write(line + "\n"));
    this.#now = options.now ?? Date.now;
  }

  /** The logger of this name (created on first use), optionally with a connector context. */
  logger(name: string, context?: string): Logger {
    return new NamedLogger(this, this.#entry(name), context);
  }

  /** Every logger with an explicitly set level, plus root, sorted by name (`GET /admin/loggers`). */
  loggers(): Record<string, LoggerLevel> {
    const out: [string, LoggerLevel][] = [];
    for (const entry of this.#entries.values()) {
      if (entry.explicit !== null) out.push([entry.name, { level: entry.explicit, last_modified: this.#lastModified.get(entry.name) ?? null }]);
    }
    out.push([ROOT_LOGGER, { level: this.#rootLevel, last_modified: this.#lastModified.get(ROOT_LOGGER) ?? null }]);
    out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(out);
  }

  /** The effective level of an existing logger (`GET /admin/loggers/{name}`); 404 when it does not exist. */
  loggerLevel(name: string): LoggerLevel {
    if (name.toLowerCase() === ROOT_LOGGER) {
      return { level: this.#rootLevel, last_modified: this.#lastModified.get(ROOT_LOGGER) ?? null };
    }
    const entry = this.#entries.get(name);
    if (!entry) throw new NotFoundError(`Logger ${name} not found.`);
    return { level: levelOf(this.#effective(entry)), last_modified: this.#lastModified.get(name) ?? null };
  }

  /**
   * Sets the level of the namespace logger (created if absent) and of every existing logger whose
   * name starts with it (`root`: all loggers). Returns the affected names, sorted. As in Kafka, a
   * logger already at that level keeps its `last_modified`. 404 `invalid log level` otherwise.
   */
  setLevel(namespace: string, level: string): string[] {
    const parsed = parseLogLevel(level);
    if (!parsed) throw new NotFoundError(`invalid log level '${level}'.`);
    const isRoot = namespace.toLowerCase() === ROOT_LOGGER;
    const targets: LoggerEntry[] = [];
    if (isRoot) {
      targets.push(...this.#entries.values());
    } else {
      for (const entry of this.#entries.values()) if (entry.name.startsWith(namespace)) targets.push(entry);
      if (!this.#entries.has(namespace)) targets.push(this.#entry(namespace));
    }
    const now = this.#now();
    // Effective levels are read before any change so children are judged against their old level.
    const changes = targets.map((entry) => ({ entry, current: entry.explicit ?? levelOf(this.#effective(entry)) }));
    for (const { entry, current } of changes) {
      if (current === parsed) continue;
      entry.explicit = parsed;
      this.#lastModified.set(entry.name, now);
    }
    const names = targets.map((e) => e.name);
    if (isRoot) {
      if (this.#rootLevel !== parsed) {
        this.#rootLevel = parsed;
        this.#lastModified.set(ROOT_LOGGER, now);
      }
      names.push(ROOT_LOGGER);
    }
    this.#generation++;
    return [...new Set(names)].sort();
  }

  /** @internal */
  enabled(entry: LoggerEntry, severity: number): boolean {
    return this.#effective(entry) >= severity;
  }

  /** @internal */
  emit(entry: LoggerEntry, level: LogLevel, context: string | undefined, message: string, error?: unknown): void {
    const ctx = context ? `[${context}] ` : "";
    let line = `[${formatTimestamp(this.#now())}] ${level} ${ctx}${message} (${entry.name})`;
    if (error !== undefined) line += `\n${asError(error).stack ?? String(error)}`;
    this.#write(this.secrets.redact(line));
  }

  #entry(name: string): LoggerEntry {
    let entry = this.#entries.get(name);
    if (!entry) {
      entry = { name, explicit: null, cached: 0, generation: -1 };
      this.#entries.set(name, entry);
    }
    return entry;
  }

  #effective(entry: LoggerEntry): number {
    if (entry.generation === this.#generation) return entry.cached;
    let severity = SEVERITY[this.#rootLevel];
    if (entry.explicit !== null) {
      severity = SEVERITY[entry.explicit];
    } else {
      let name = entry.name;
      for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".")) {
        name = name.slice(0, dot);
        const parent = this.#entries.get(name);
        if (parent?.explicit) {
          severity = SEVERITY[parent.explicit];
          break;
        }
      }
    }
    entry.cached = severity;
    entry.generation = this.#generation;
    return severity;
  }
}

function levelOf(severity: number): LogLevel {
  for (const level of LOG_LEVELS) if (SEVERITY[level] === severity) return level;
  return "INFO";
}

/** log4j's default `%d`: `2024-10-25 03:33:01,123` (local time). */
function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`;
}

class NamedLogger implements Logger {
  readonly #loggers: Loggers;
  readonly #entry: LoggerEntry;
  readonly context: string | undefined;

  constructor(loggers: Loggers, entry: LoggerEntry, context: string | undefined) {
    this.#loggers = loggers;
    this.#entry = entry;
    this.context = context;
  }

  get name(): string {
    return this.#entry.name;
  }

  #log(level: LogLevel, message: string, error?: unknown): void {
    if (this.#loggers.enabled(this.#entry, SEVERITY[level])) this.#loggers.emit(this.#entry, level, this.context, message, error);
  }

  error(message: string, error?: unknown): void {
    this.#log("ERROR", message, error);
  }
  warn(message: string, error?: unknown): void {
    this.#log("WARN", message, error);
  }
  info(message: string): void {
    this.#log("INFO", message);
  }
  debug(message: string): void {
    this.#log("DEBUG", message);
  }
  trace(message: string): void {
    this.#log("TRACE", message);
  }
  isDebugEnabled(): boolean {
    return this.#loggers.enabled(this.#entry, SEVERITY.DEBUG);
  }
  isTraceEnabled(): boolean {
    return this.#loggers.enabled(this.#entry, SEVERITY.TRACE);
  }
  withContext(context: string | undefined): Logger {
    return new NamedLogger(this.#loggers, this.#entry, context);
  }
}

/** Kafka's LoggingContext values: `<name>|worker` for connector code, `<name>|task-<n>` for task code. */
export const loggingContext = {
  connector: (name: string) => `${name}|worker`,
  task: (name: string, task: number) => `${name}|task-${task}`,
  offsets: (name: string, task: number) => `${name}|task-${task}|offsets`,
};

/** A registry that writes nothing (tests). */
export function silentLoggers(): Loggers {
  return new Loggers({ write: () => {} });
}
