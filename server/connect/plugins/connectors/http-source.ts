import {
  AbstractConfig,
  ConfigDef,
  ConfigError,
  ConfigValue,
  ConnectError,
  NonEmptyString,
  Range,
  Schema,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type ConfigMap,
  type PluginDescriptor,
  type SourceOffset,
  type SourcePartition,
  type TaskClass,
} from "../../api";
import { parseHeaders } from "./http-sink";
import { JsonPathError, parseJsonPath, selectJsonPath, selectOne } from "./json-path";

/**
 * HTTP poll source: requests a JSON endpoint every `poll.interval.ms` and turns the elements that
 * `records.path` selects into records (schemaless values: objects, arrays, strings, numbers, as
 * parsed). Its position is kept in source offsets, under partition `{"url": <http.url>}`:
 *
 *   - `etag`: the response's ETag, sent back as If-None-Match (a 304 means nothing new);
 *   - `cursor`: the value at `cursor.path` in the response, sent as the `cursor.param` query
 *     parameter of the next request (pagination: the next page is requested at once; a response
 *     without one keeps the cursor, so the last page is polled until it names a next one);
 *   - `last_id`: the value at `id.path` of the last record; records whose id is not greater are
 *     skipped, and `since.param` (if set) sends it to the server.
 *
 * Only a page's last record carries the new etag/cursor, so a task stopped in the middle of a page
 * requests that page again and (with `id.path`) skips what it already wrote.
 */

const CONNECTOR_CLASS = "ferry.connect.http.HttpSourceConnector";
const TASK_CLASS = "ferry.connect.http.HttpSourceTask";
export const HTTP_SOURCE_VERSION = "1.0.0";

export const URL_CONFIG = "http.url";
export const TOPIC_CONFIG = "topic";
export const INTERVAL_CONFIG = "poll.interval.ms";
export const RECORDS_PATH_CONFIG = "records.path";
export const ID_PATH_CONFIG = "id.path";
export const SINCE_PARAM_CONFIG = "since.param";
export const CURSOR_PATH_CONFIG = "cursor.path";
export const CURSOR_PARAM_CONFIG = "cursor.param";
export const KEY_PATH_CONFIG = "key.path";
export const HEADERS_CONFIG = "headers";
export const HEADER_SEPARATOR_CONFIG = "header.separator";
export const TIMEOUT_CONFIG = "request.timeout.ms";

const REQUEST = "Request";
const RECORDS = "Records";
const POSITION = "Position";

const jsonPathValidator = {
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== "string" || value === "") return;
    try {
      parseJsonPath(value);
    } catch (err) {
      if (err instanceof JsonPathError) throw ConfigError.invalidValue(name, value, err.message);
      throw err;
    }
  },
  toString: () => "JSON path such as $.items[*]",
};

export const HTTP_SOURCE_CONFIG_DEF = new ConfigDef()
  .define({
    name: URL_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The JSON endpoint to poll, e.g. https://api.example.com/events?limit=100",
    group: REQUEST,
    orderInGroup: 1,
    width: "LONG",
    displayName: "URL",
  })
  .define({
    name: INTERVAL_CONFIG,
    type: "INT",
    defaultValue: 5000,
    validator: Range.atLeast(0),
    importance: "MEDIUM",
    documentation: "Wait between two requests, in ms (the next page of a cursor is requested at once).",
    group: REQUEST,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Poll interval (ms)",
  })
  .define({
    name: HEADERS_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "MEDIUM",
    documentation: "Request headers as Name: value pairs separated by header.separator, e.g. Authorization: Bearer abc|Accept: application/json",
    group: REQUEST,
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
    group: REQUEST,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Header separator",
  })
  .define({
    name: TIMEOUT_CONFIG,
    type: "INT",
    defaultValue: 30000,
    validator: Range.atLeast(1),
    importance: "LOW",
    documentation: "How long one request may take, in ms.",
    group: REQUEST,
    orderInGroup: 5,
    width: "SHORT",
    displayName: "Request timeout (ms)",
  })
  .define({
    name: TOPIC_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The topic the records are written to.",
    group: RECORDS,
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Topic",
  })
  .define({
    name: RECORDS_PATH_CONFIG,
    type: "STRING",
    defaultValue: "$",
    validator: jsonPathValidator,
    importance: "HIGH",
    documentation: "JSON path of the records in a response: $.items or $.items[*] (an array selects its elements).",
    group: RECORDS,
    orderInGroup: 2,
    width: "MEDIUM",
    displayName: "Records path",
  })
  .define({
    name: KEY_PATH_CONFIG,
    type: "STRING",
    defaultValue: "",
    validator: jsonPathValidator,
    importance: "LOW",
    documentation: "JSON path, inside a record, of its key (e.g. $.id); empty for no key.",
    group: RECORDS,
    orderInGroup: 3,
    width: "MEDIUM",
    displayName: "Key path",
  })
  .define({
    name: ID_PATH_CONFIG,
    type: "STRING",
    defaultValue: "",
    validator: jsonPathValidator,
    importance: "MEDIUM",
    documentation: "JSON path, inside a record, of an increasing id (e.g. $.id): kept as last_id, records not above it are skipped.",
    group: POSITION,
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Id path",
  })
  .define({
    name: SINCE_PARAM_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "LOW",
    documentation: "Query parameter that sends last_id to the server (e.g. since_id); empty to not send it.",
    group: POSITION,
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Since parameter",
  })
  .define({
    name: CURSOR_PATH_CONFIG,
    type: "STRING",
    defaultValue: "",
    validator: jsonPathValidator,
    importance: "MEDIUM",
    documentation: "JSON path, in a response, of the cursor of the next page (e.g. $.next_cursor); empty when the API has no cursor.",
    group: POSITION,
    orderInGroup: 3,
    width: "MEDIUM",
    displayName: "Cursor path",
  })
  .define({
    name: CURSOR_PARAM_CONFIG,
    type: "STRING",
    defaultValue: "cursor",
    importance: "LOW",
    documentation: "Query parameter the cursor is sent in.",
    group: POSITION,
    orderInGroup: 4,
    width: "SHORT",
    displayName: "Cursor parameter",
  });

interface HttpSourceSettings {
  url: string;
  topic: string;
  intervalMs: number;
  headers: Record<string, string>;
  timeoutMs: number;
  recordsPath: string;
  keyPath: string;
  idPath: string;
  sinceParam: string;
  cursorPath: string;
  cursorParam: string;
}

function parseSettings(props: ConfigMap): HttpSourceSettings {
  const c = new AbstractConfig(HTTP_SOURCE_CONFIG_DEF, props);
  return {
    url: c.getString(URL_CONFIG) ?? "",
    topic: c.getString(TOPIC_CONFIG) ?? "",
    intervalMs: c.getInt(INTERVAL_CONFIG) ?? 5000,
    headers: parseHeaders(c.getString(HEADERS_CONFIG) ?? "", c.getString(HEADER_SEPARATOR_CONFIG) ?? "|"),
    timeoutMs: c.getInt(TIMEOUT_CONFIG) ?? 30000,
    recordsPath: c.getString(RECORDS_PATH_CONFIG) || "$",
    keyPath: c.getString(KEY_PATH_CONFIG) ?? "",
    idPath: c.getString(ID_PATH_CONFIG) ?? "",
    sinceParam: c.getString(SINCE_PARAM_CONFIG) ?? "",
    cursorPath: c.getString(CURSOR_PATH_CONFIG) ?? "",
    cursorParam: c.getString(CURSOR_PARAM_CONFIG) || "cursor",
  };
}

export class HttpSourceConnector extends SourceConnector {
  static readonly className = CONNECTOR_CLASS;
  #props: ConfigMap = {};

  version(): string {
    return HTTP_SOURCE_VERSION;
  }

  config(): ConfigDef {
    return HTTP_SOURCE_CONFIG_DEF;
  }

  override validate(props: ConfigMap): ConfigValue[] {
    const values = HTTP_SOURCE_CONFIG_DEF.validate(props);
    const url = props[URL_CONFIG]?.trim();
    if (url && !/^https?:\/\/[^/]/i.test(url)) values.find((v) => v.name === URL_CONFIG)?.addErrorMessage(`Invalid value ${url} for configuration ${URL_CONFIG}: not an http(s) URL`);
    try {
      parseHeaders(props[HEADERS_CONFIG] ?? "", props[HEADER_SEPARATOR_CONFIG] || "|");
    } catch (err) {
      values.find((v) => v.name === HEADERS_CONFIG)?.addErrorMessage((err as Error).message);
    }
    return values;
  }

  start(props: ConfigMap): void {
    parseSettings(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<SourceTask> {
    return HttpSourceTask;
  }

  /** One endpoint, one task. */
  taskConfigs(_maxTasks: number): ConfigMap[] {
    return [{ ...this.#props }];
  }

  stop(): void {}
}

type Position = { etag: string | null; cursor: string | null; last_id: string | number | null };

/** Ids compare as numbers when both are numbers, else as strings. */
function idAfter(id: unknown, last: string | number | null): boolean {
  if (last === null) return true;
  if (typeof id === "number" && typeof last === "number") return id > last;
  return String(id) > String(last);
}

export class HttpSourceTask extends SourceTask {
  static readonly className = TASK_CLASS;
  #settings!: HttpSourceSettings;
  #partition: SourcePartition = {};
  #position: Position = { etag: null, cursor: null, last_id: null };
  #nextRequestAt = 0;
  #stopController = new AbortController();

  version(): string {
    return HTTP_SOURCE_VERSION;
  }

  async start(props: ConfigMap): Promise<void> {
    this.#settings = parseSettings(props);
    this.#partition = { url: this.#settings.url };
    this.#stopController = new AbortController();
    const offset = await this.context.offsetStorageReader().offset(this.#partition);
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    const id = offset?.["last_id"];
    this.#position = {
      etag: text(offset?.["etag"]),
      cursor: text(offset?.["cursor"]),
      last_id: typeof id === "number" || typeof id === "string" ? id : null,
    };
    this.#nextRequestAt = 0;
  }

  #requestUrl(): string {
    const url = new URL(this.#settings.url);
    if (this.#position.cursor !== null && this.#settings.cursorPath) url.searchParams.set(this.#settings.cursorParam, this.#position.cursor);
    if (this.#position.last_id !== null && this.#settings.sinceParam) url.searchParams.set(this.#settings.sinceParam, String(this.#position.last_id));
    return url.href;
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    const wait = this.#nextRequestAt - Date.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal.aborted) return null;
    this.#nextRequestAt = Date.now() + this.#settings.intervalMs;

    const headers: Record<string, string> = { accept: "application/json", ...this.#settings.headers };
    if (this.#position.etag !== null) headers["if-none-match"] = this.#position.etag;
    let response: Response;
    try {
      response = await fetch(this.#requestUrl(), {
        headers,
        signal: AbortSignal.any([AbortSignal.timeout(this.#settings.timeoutMs), signal, this.#stopController.signal]),
      });
    } catch {
      // Network trouble or a timeout: try again at the next interval.
      return null;
    }
    if (response.status === 304) return null;
    const body = await response.text().catch(() => "");
    if (!response.ok) {
      if (response.status >= 500 || response.status === 408 || response.status === 429) return null;
      throw new ConnectError(`GET ${this.#settings.url} answered HTTP ${response.status}: ${body.slice(0, 500)}`);
    }
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch (err) {
      throw new ConnectError(`GET ${this.#settings.url} did not answer JSON: ${(err as Error).message}`, { cause: err });
    }

    const etag = response.headers.get("etag") ?? this.#position.etag;
    let cursor = this.#position.cursor;
    if (this.#settings.cursorPath) {
      const next = selectOne(document, this.#settings.cursorPath);
      // No next cursor: the last page is asked for again at the next interval.
      if (next !== undefined && next !== null && next !== "") cursor = String(next);
    }
    let selected = selectJsonPath(document, this.#settings.recordsPath);
    if (selected.length === 1 && Array.isArray(selected[0]) && !/\[\*\]$|\.\*$/.test(this.#settings.recordsPath.trim())) selected = selected[0] as unknown[];

    const records: SourceRecord[] = [];
    let lastId = this.#position.last_id;
    const kept = selected.filter((value) => {
      if (!this.#settings.idPath) return true;
      const id = selectOne(value, this.#settings.idPath);
      if (id === undefined || id === null) return true;
      if (!idAfter(id, lastId)) return false;
      lastId = typeof id === "number" ? id : String(id);
      return true;
    });
    let runningId = this.#position.last_id;
    kept.forEach((value, i) => {
      const last = i === kept.length - 1;
      if (this.#settings.idPath) {
        const id = selectOne(value, this.#settings.idPath);
        if (id !== undefined && id !== null) runningId = typeof id === "number" ? id : String(id);
      }
      // Until the page is done, the offset keeps the etag/cursor that fetched it.
      const offset: SourceOffset = {
        etag: last ? etag : this.#position.etag,
        cursor: last ? cursor : this.#position.cursor,
        last_id: runningId,
      };
      const key = this.#settings.keyPath ? selectOne(value, this.#settings.keyPath) : undefined;
      records.push(
        new SourceRecord({
          sourcePartition: this.#partition,
          sourceOffset: offset,
          topic: this.#settings.topic,
          keySchema: key === undefined || key === null ? null : Schema.OPTIONAL_STRING_SCHEMA,
          key: key === undefined || key === null ? null : typeof key === "string" ? key : JSON.stringify(key),
          valueSchema: null,
          value,
          timestamp: Date.now(),
        }),
      );
    });
    const pageTurned = cursor !== null && cursor !== this.#position.cursor;
    this.#position = { etag, cursor, last_id: lastId };
    // The next page of a cursor comes at once; the interval applies once the pages run out.
    if (pageTurned && kept.length > 0) this.#nextRequestAt = 0;
    return records.length > 0 ? records : null;
  }

  stop(): void {
    this.#stopController.abort();
  }
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

export const httpSourcePlugin: PluginDescriptor<HttpSourceConnector> = {
  className: CONNECTOR_CLASS,
  types: ["source"],
  version: HTTP_SOURCE_VERSION,
  create: () => new HttpSourceConnector(),
};
