import {
  AbstractConfig,
  ConfigDef,
  ConfigValue,
  ConnectError,
  NonEmptyString,
  Range,
  SinkConnector,
  SinkTask,
  Struct,
  ValidString,
  isPlainObject,
  type ConfigMap,
  type PluginDescriptor,
  type Schema,
  type SinkRecord,
  type TaskClass,
  type TopicPartition,
} from "../../api";

/**
 * HTTP sink: sends the records of its topics to an HTTP endpoint, as JSON (each value converted from
 * Connect data: structs and maps become objects) or as text. Records are batched by count
 * (`batch.max.size`), bytes (`batch.max.bytes`) and time (`batch.linger.ms`); a batch of more than
 * one record is a JSON array (or lines joined by `batch.separator`). Every buffered record is sent
 * before its offset is committed (flush), so nothing is lost.
 *
 * Failures: 5xx, 408, 429, network errors and timeouts are retried `max.retries` times with
 * exponential backoff from `retry.backoff.ms`; when they keep failing the task fails (its records
 * are delivered again after a restart). Any other 4xx means the request itself is wrong: the batch's
 * records go to the error path (the errant record reporter: dead letter queue and/or log, when the
 * connector configures `errors.deadletterqueue.topic.name` or `errors.log.enable`, honouring
 * `errors.tolerance`); without one, the task fails with the response in its trace.
 */

const CONNECTOR_CLASS = "ferry.connect.http.HttpSinkConnector";
const TASK_CLASS = "ferry.connect.http.HttpSinkTask";
export const HTTP_SINK_VERSION = "1.0.0";

export const URL_CONFIG = "http.api.url";
export const METHOD_CONFIG = "request.method";
export const HEADERS_CONFIG = "headers";
export const HEADER_SEPARATOR_CONFIG = "header.separator";
export const BODY_FORMAT_CONFIG = "request.body.format";
export const AUTH_TYPE_CONFIG = "auth.type";
export const USER_CONFIG = "connection.user";
export const PASSWORD_CONFIG = "connection.password";
export const TOKEN_CONFIG = "bearer.token";
export const BATCH_SIZE_CONFIG = "batch.max.size";
export const BATCH_BYTES_CONFIG = "batch.max.bytes";
export const LINGER_CONFIG = "batch.linger.ms";
export const BATCH_SEPARATOR_CONFIG = "batch.separator";
export const RETRIES_CONFIG = "max.retries";
export const BACKOFF_CONFIG = "retry.backoff.ms";
export const BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";
export const TIMEOUT_CONFIG = "request.timeout.ms";

const CONNECTION = "Connection";
const AUTH = "Authentication";
const BATCHING = "Batching";
const RETRIES = "Retries";

function validUrl(name: string, value: unknown): void {
  if (typeof value !== "string" || value === "") return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectError(`Invalid value ${value} for configuration ${name}: not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConnectError(`Invalid value ${value} for configuration ${name}: the URL must be http or https`);
  }
}

export const HTTP_SINK_CONFIG_DEF = new ConfigDef()
  .define({
    name: URL_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The endpoint records are sent to, e.g. https://api.example.com/events",
    group: CONNECTION,
    orderInGroup: 1,
    width: "LONG",
    displayName: "URL",
  })
  .define({
    name: METHOD_CONFIG,
    type: "STRING",
    defaultValue: "POST",
    validator: ValidString.in("POST", "PUT", "PATCH"),
    importance: "MEDIUM",
    documentation: "The HTTP method of each request.",
    group: CONNECTION,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Method",
  })
  .define({
    name: HEADERS_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "MEDIUM",
    documentation: "Extra request headers as Name: value pairs separated by header.separator, e.g. X-Source: ferry|X-Team: data",
    group: CONNECTION,
    orderInGroup: 3,
    width: "LONG",
    displayName: "Headers",
  })
  .define({
    name: HEADER_SEPARATOR_CONFIG,
    type: "STRING",
    defaultValue: "|",
    validator: new NonEmptyString(),
    importance: "LOW",
    documentation: "What separates two headers in the headers setting.",
    group: CONNECTION,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Header separator",
  })
  .define({
    name: BODY_FORMAT_CONFIG,
    type: "STRING",
    defaultValue: "json",
    validator: ValidString.in("json", "string"),
    importance: "MEDIUM",
    documentation:
      "json: each value as JSON (Connect structs and maps become objects; content type application/json). string: each value as text (text/plain).",
    group: CONNECTION,
    orderInGroup: 5,
    width: "SHORT",
    displayName: "Body format",
  })
  .define({
    name: TIMEOUT_CONFIG,
    type: "INT",
    defaultValue: 30000,
    validator: Range.atLeast(1),
    importance: "LOW",
    documentation: "How long one request may take before it counts as failed (and is retried), in ms.",
    group: CONNECTION,
    orderInGroup: 6,
    width: "SHORT",
    displayName: "Request timeout (ms)",
  })
  .define({
    name: AUTH_TYPE_CONFIG,
    type: "STRING",
    defaultValue: "NONE",
    validator: ValidString.in("NONE", "BASIC", "BEARER"),
    importance: "HIGH",
    documentation: "NONE, BASIC (connection.user and connection.password) or BEARER (bearer.token).",
    group: AUTH,
    orderInGroup: 1,
    width: "SHORT",
    displayName: "Authentication type",
  })
  .define({
    name: USER_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "MEDIUM",
    documentation: "User name for BASIC authentication.",
    group: AUTH,
    orderInGroup: 2,
    width: "MEDIUM",
    displayName: "User",
  })
  .define({
    name: PASSWORD_CONFIG,
    type: "PASSWORD",
    defaultValue: "",
    importance: "MEDIUM",
    documentation: "Password for BASIC authentication.",
    group: AUTH,
    orderInGroup: 3,
    width: "MEDIUM",
    displayName: "Password",
  })
  .define({
    name: TOKEN_CONFIG,
    type: "PASSWORD",
    defaultValue: "",
    importance: "MEDIUM",
    documentation: "Token for BEARER authentication (sent as Authorization: Bearer <token>).",
    group: AUTH,
    orderInGroup: 4,
    width: "LONG",
    displayName: "Bearer token",
  })
  .define({
    name: BATCH_SIZE_CONFIG,
    type: "INT",
    defaultValue: 1,
    validator: Range.atLeast(1),
    importance: "MEDIUM",
    documentation: "Most records in one request. With more than 1, the body is a JSON array of the values (or the values joined by batch.separator).",
    group: BATCHING,
    orderInGroup: 1,
    width: "SHORT",
    displayName: "Batch size",
  })
  .define({
    name: BATCH_BYTES_CONFIG,
    type: "INT",
    defaultValue: 1048576,
    validator: Range.atLeast(1),
    importance: "LOW",
    documentation: "Most bytes of values in one request (a single larger value is sent on its own).",
    group: BATCHING,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Batch bytes",
  })
  .define({
    name: LINGER_CONFIG,
    type: "INT",
    defaultValue: 1000,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "How long a partly filled batch waits for more records before it is sent, in ms.",
    group: BATCHING,
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Linger (ms)",
  })
  .define({
    name: BATCH_SEPARATOR_CONFIG,
    type: "STRING",
    defaultValue: "\n",
    importance: "LOW",
    documentation: "With request.body.format=string: what joins the values of a batch.",
    group: BATCHING,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Batch separator",
  })
  .define({
    name: RETRIES_CONFIG,
    type: "INT",
    defaultValue: 5,
    validator: Range.atLeast(0),
    importance: "MEDIUM",
    documentation: "How many times a request that failed with 5xx, 408, 429, a network error or a timeout is sent again.",
    group: RETRIES,
    orderInGroup: 1,
    width: "SHORT",
    displayName: "Max retries",
  })
  .define({
    name: BACKOFF_CONFIG,
    type: "INT",
    defaultValue: 300,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "Wait before the first retry, in ms; it doubles with each further retry.",
    group: RETRIES,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Retry backoff (ms)",
  })
  .define({
    name: BACKOFF_MAX_CONFIG,
    type: "INT",
    defaultValue: 30000,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "Longest wait between two retries, in ms.",
    group: RETRIES,
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Max retry backoff (ms)",
  });

interface HttpSinkSettings {
  url: string;
  method: string;
  headers: Record<string, string>;
  format: "json" | "string";
  timeoutMs: number;
  batchSize: number;
  batchBytes: number;
  lingerMs: number;
  separator: string;
  retries: number;
  backoffMs: number;
  backoffMaxMs: number;
}

/** `Name: value|Name2: value2` → headers; throws on an entry without a colon. */
export function parseHeaders(text: string, separator: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of text.split(separator)) {
    if (entry.trim() === "") continue;
    const colon = entry.indexOf(":");
    if (colon <= 0) throw new ConnectError(`Invalid header '${entry.trim()}': expected Name: value`);
    headers[entry.slice(0, colon).trim()] = entry.slice(colon + 1).trim();
  }
  return headers;
}

function parseSettings(props: ConfigMap): HttpSinkSettings {
  const config = new AbstractConfig(HTTP_SINK_CONFIG_DEF, props);
  const url = config.getString(URL_CONFIG) ?? "";
  validUrl(URL_CONFIG, url);
  const format = (config.getString(BODY_FORMAT_CONFIG) ?? "json") as "json" | "string";
  const headers: Record<string, string> = {
    "content-type": format === "json" ? "application/json" : "text/plain; charset=utf-8",
  };
  const auth = config.getString(AUTH_TYPE_CONFIG);
  if (auth === "BASIC") {
    const user = config.getString(USER_CONFIG) ?? "";
    const password = config.getPassword(PASSWORD_CONFIG)?.value() ?? "";
    headers["authorization"] = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  } else if (auth === "BEARER") {
    headers["authorization"] = `Bearer ${config.getPassword(TOKEN_CONFIG)?.value() ?? ""}`;
  }
  for (const [name, value] of Object.entries(parseHeaders(config.getString(HEADERS_CONFIG) ?? "", config.getString(HEADER_SEPARATOR_CONFIG) ?? "|"))) {
    headers[name.toLowerCase()] = value;
  }
  return {
    url,
    method: config.getString(METHOD_CONFIG) ?? "POST",
    headers,
    format,
    timeoutMs: config.getInt(TIMEOUT_CONFIG) ?? 30000,
    batchSize: config.getInt(BATCH_SIZE_CONFIG) ?? 1,
    batchBytes: config.getInt(BATCH_BYTES_CONFIG) ?? 1048576,
    lingerMs: config.getInt(LINGER_CONFIG) ?? 0,
    separator: config.getString(BATCH_SEPARATOR_CONFIG) ?? "\n",
    retries: config.getInt(RETRIES_CONFIG) ?? 0,
    backoffMs: config.getInt(BACKOFF_CONFIG) ?? 0,
    backoffMaxMs: config.getInt(BACKOFF_MAX_CONFIG) ?? 0,
  };
}

/**
 * A Connect value as plain JSON data: structs and maps become objects, bytes base64, 64-bit
 * integers numbers (strings beyond 2^53), logical dates ISO strings.
 */
export function connectToJson(value: unknown, schema: Schema | null = null): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Struct) {
    const out: Record<string, unknown> = {};
    for (const field of value.schema().fields()) out[field.name()] = connectToJson(value.get(field), field.schema());
    return out;
  }
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => connectToJson(v, schema?.valueSchema() ?? null));
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(connectToJson(k))] = connectToJson(v, schema?.valueSchema() ?? null);
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = connectToJson(v, schema?.valueSchema() ?? null);
    return out;
  }
  if (typeof value === "object" && typeof (value as { toString?: unknown }).toString === "function") {
    // BigDecimal and other value classes: their text form.
    const text = String(value);
    const n = Number(text);
    return Number.isFinite(n) && String(n) === text ? n : text;
  }
  return value;
}

export class HttpSinkConnector extends SinkConnector {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};

  version(): string {
    return HTTP_SINK_VERSION;
  }

  config(): ConfigDef {
    return HTTP_SINK_CONFIG_DEF;
  }

  /** Adds the checks the definition cannot make alone: a real URL, credentials for the auth type, well-formed headers. */
  override validate(props: ConfigMap): ConfigValue[] {
    const values = HTTP_SINK_CONFIG_DEF.validate(props);
    const value = (name: string) => values.find((v) => v.name === name);
    const url = props[URL_CONFIG]?.trim();
    if (url) {
      try {
        validUrl(URL_CONFIG, url);
      } catch (err) {
        value(URL_CONFIG)?.addErrorMessage((err as Error).message);
      }
    }
    const auth = props[AUTH_TYPE_CONFIG]?.trim() ?? "NONE";
    if (auth === "BASIC" && !props[USER_CONFIG]?.trim()) value(USER_CONFIG)?.addErrorMessage(`${USER_CONFIG} is required when ${AUTH_TYPE_CONFIG}=BASIC`);
    if (auth === "BEARER" && !props[TOKEN_CONFIG]?.trim()) value(TOKEN_CONFIG)?.addErrorMessage(`${TOKEN_CONFIG} is required when ${AUTH_TYPE_CONFIG}=BEARER`);
    try {
      parseHeaders(props[HEADERS_CONFIG] ?? "", props[HEADER_SEPARATOR_CONFIG] || "|");
    } catch (err) {
      value(HEADERS_CONFIG)?.addErrorMessage((err as Error).message);
    }
    return values;
  }

  start(props: ConfigMap): void {
    parseSettings(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<SinkTask> {
    return HttpSinkTask;
  }

  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }

  stop(): void {}
}

interface Buffered {
  record: SinkRecord;
  body: string;
}

type Outcome = { ok: true } | { ok: false; retriable: boolean; message: string };

export class HttpSinkTask extends SinkTask {
  static readonly className = TASK_CLASS;
  #settings!: HttpSinkSettings;
  #buffer: Buffered[] = [];
  #bufferBytes = 0;
  #oldest = 0;
  #lingerTimer: NodeJS.Timeout | null = null;
  #stopped = false;
  #stopController = new AbortController();

  version(): string {
    return HTTP_SINK_VERSION;
  }

  start(props: ConfigMap): void {
    this.#settings = parseSettings(props);
    this.#stopped = false;
    this.#stopController = new AbortController();
  }

  async put(records: SinkRecord[]): Promise<void> {
    for (const record of records) {
      const body = this.#settings.format === "json" ? JSON.stringify(connectToJson(record.value, record.valueSchema)) : valueText(record.value);
      if (this.#buffer.length === 0) this.#oldest = Date.now();
      this.#buffer.push({ record, body });
      this.#bufferBytes += Buffer.byteLength(body);
      if (this.#buffer.length >= this.#settings.batchSize || this.#bufferBytes >= this.#settings.batchBytes) await this.#sendBuffer(false);
    }
    if (this.#buffer.length > 0 && Date.now() - this.#oldest >= this.#settings.lingerMs) await this.#sendBuffer(true);
    this.#scheduleLinger();
  }

  override async flush(_currentOffsets: Map<TopicPartition, number>): Promise<void> {
    await this.#sendBuffer(true);
  }

  /** A partly filled batch is sent by the next flush; ask for one once it has lingered long enough. */
  #scheduleLinger(): void {
    if (this.#buffer.length === 0 || this.#lingerTimer !== null) return;
    const wait = Math.max(0, this.#oldest + this.#settings.lingerMs - Date.now());
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = null;
      if (this.#buffer.length > 0 && !this.#stopped) this.context.requestCommit();
    }, wait);
    this.#lingerTimer.unref();
  }

  /** Sends full batches (and, with `all`, the partly filled rest) in order. */
  async #sendBuffer(all: boolean): Promise<void> {
    while (this.#buffer.length > 0) {
      let count = 0;
      let bytes = 0;
      while (count < this.#buffer.length && count < this.#settings.batchSize) {
        const size = Buffer.byteLength((this.#buffer[count] as Buffered).body);
        if (count > 0 && bytes + size > this.#settings.batchBytes) break;
        bytes += size;
        count++;
      }
      const full = count >= this.#settings.batchSize || bytes >= this.#settings.batchBytes || count < this.#buffer.length;
      if (!full && !all) return;
      const batch = this.#buffer.slice(0, count);
      await this.#deliver(batch);
      this.#buffer = this.#buffer.slice(count);
      this.#bufferBytes -= bytes;
      if (this.#buffer.length > 0) this.#oldest = Date.now();
    }
  }

  #body(batch: Buffered[]): string {
    if (this.#settings.format === "json") return batch.length === 1 && this.#settings.batchSize === 1 ? (batch[0] as Buffered).body : `[${batch.map((b) => b.body).join(",")}]`;
    return batch.map((b) => b.body).join(this.#settings.separator);
  }

  async #deliver(batch: Buffered[]): Promise<void> {
    const body = this.#body(batch);
    const { retries, backoffMs, backoffMaxMs } = this.#settings;
    let outcome: Outcome = { ok: false, retriable: true, message: "not sent" };
    for (let attempt = 0; attempt <= retries && !this.#stopped; attempt++) {
      if (attempt > 0) await sleep(Math.min(backoffMaxMs, backoffMs * 2 ** (attempt - 1)), this.#stopController.signal);
      outcome = await this.#send(body);
      if (outcome.ok || !outcome.retriable) break;
    }
    if (outcome.ok) return;
    if (outcome.retriable) {
      throw new ConnectError(`Sending ${batch.length} record(s) to ${this.#settings.url} failed after ${retries + 1} attempt(s): ${outcome.message}`);
    }
    const reporter = this.context.errantRecordReporter();
    const error = new ConnectError(`${this.#settings.url} rejected ${batch.length} record(s): ${outcome.message}`);
    if (reporter === null) throw error;
    for (const { record } of batch) await reporter.report(record, error);
  }

  async #send(body: string): Promise<Outcome> {
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs);
    try {
      const response = await fetch(this.#settings.url, {
        method: this.#settings.method,
        headers: this.#settings.headers,
        body,
        signal: AbortSignal.any([timeout, this.#stopController.signal]),
      });
      const text = await response.text().catch(() => "");
      if (response.ok) return { ok: true };
      const message = `HTTP ${response.status}${text ? `: ${text.slice(0, 500)}` : ""}`;
      return { ok: false, retriable: response.status >= 500 || response.status === 408 || response.status === 429, message };
    } catch (err) {
      const message = timeout.aborted ? `no response within ${this.#settings.timeoutMs} ms` : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      return { ok: false, retriable: true, message };
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#stopController.abort();
    if (this.#lingerTimer !== null) clearTimeout(this.#lingerTimer);
    this.#lingerTimer = null;
    this.#buffer = [];
    this.#bufferBytes = 0;
  }
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return JSON.stringify(connectToJson(value));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export const httpSinkPlugin: PluginDescriptor<HttpSinkConnector> = {
  className: CONNECTOR_CLASS,
  types: ["sink"],
  version: HTTP_SINK_VERSION,
  create: () => new HttpSinkConnector(),
};
