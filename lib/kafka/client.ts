import { z } from "zod";
import { csrfHeaders, onUnauthorized } from "../auth/session";
import type { DecodeMode } from "./decode";
import {
  errorBodySchema,
  filterTestResultSchema,
  produceResultSchema,
  scanDoneSchema,
  scanErrorSchema,
  scanProgressSchema,
  scanSearchParams,
  topicDetailSchema,
  topicListSchema,
  topicSummarySchema,
  wireRecordSchema,
  type CreateTopicBody,
  type FilterTestBody,
  type FilterTestResult,
  type ProduceBody,
  type ProduceResult,
  type ScanEvent,
  type ScanParams,
  type TopicDetail,
  type TopicList,
  type TopicSummary,
  type WireRecord,
} from "./schemas";

/**
 * The console's typed client of its Kafka endpoints (`/api/kafka/<cluster>/…`), for the topic pages.
 * JSON answers are checked with the contract's schemas. A scan is read from its Server-Sent Events
 * with fetch + ReadableStream (so it can be aborted and carries no EventSource reconnect loop);
 * `records` batches are trusted as the server's own output and not re-validated, which keeps a
 * 100k-record tail cheap, while progress, done and error events are checked.
 */

export class KafkaApiError extends Error {
  override name = "KafkaApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Encodings {
  keyEncoding?: DecodeMode;
  valueEncoding?: DecodeMode;
}

export function kafkaClient(cluster: string, fetchImpl: Fetch = (i, init) => fetch(i, init), baseUrl = "") {
  const base = `${baseUrl}/api/kafka/${encodeURIComponent(cluster)}`;
  const topicPath = (topic: string, ...rest: string[]) => [`${base}/topics/${encodeURIComponent(topic)}`, ...rest.map(encodeURIComponent)].join("/");

  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetchImpl(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}), ...csrfHeaders(init.method), ...init.headers } });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new KafkaApiError(0, `The console server did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      onUnauthorized(res.status);
      throw await toError(res);
    }
    return res;
  }

  async function json<T extends z.ZodType>(url: string, schema: T, init?: RequestInit): Promise<z.output<T>> {
    const res = await request(url, init);
    return schema.parse(await res.json());
  }

  const encodingQuery = (e: Encodings = {}) => {
    const search = new URLSearchParams();
    if (e.keyEncoding) search.set("keyEncoding", e.keyEncoding);
    if (e.valueEncoding) search.set("valueEncoding", e.valueEncoding);
    const text = search.toString();
    return text ? `?${text}` : "";
  };

  return {
    cluster,
    listTopics: (): Promise<TopicList> => json(`${base}/topics`, topicListSchema),
    describeTopic: (topic: string): Promise<TopicDetail> => json(topicPath(topic), topicDetailSchema),
    createTopic: (body: CreateTopicBody): Promise<TopicSummary> => json(`${base}/topics`, topicSummarySchema, { method: "POST", body: JSON.stringify(body) }),
    deleteTopic: async (topic: string): Promise<void> => {
      await request(topicPath(topic), { method: "DELETE" });
    },
    /** One whole record (never truncated): "load all", links to one record. */
    record: (topic: string, partition: number, offset: string, encodings?: Encodings): Promise<WireRecord> =>
      json(`${topicPath(topic, "records", String(partition), offset)}${encodingQuery(encodings)}`, wireRecordSchema),
    produce: (topic: string, body: ProduceBody): Promise<ProduceResult> => json(topicPath(topic, "produce"), produceResultSchema, { method: "POST", body: JSON.stringify(body) }),
    testFilter: (body: FilterTestBody): Promise<FilterTestResult> => json(`${base}/filters/test`, filterTestResultSchema, { method: "POST", body: JSON.stringify(body) }),
    /** The URL of a scan's event stream (for a link, or an EventSource). */
    messagesUrl: (topic: string, params: ScanParams) => `${topicPath(topic, "messages")}?${scanSearchParams(params).toString()}`,
    /**
     * A scan's events as they arrive. Aborting `signal` ends the iteration (the server then stops
     * the scan). A refused scan (unknown topic, bad filter) rejects with KafkaApiError.
     */
    async *scan(topic: string, params: ScanParams, signal?: AbortSignal): AsyncGenerator<ScanEvent, void, undefined> {
      const res = await request(`${topicPath(topic, "messages")}?${scanSearchParams(params).toString()}`, { headers: { accept: "text/event-stream" }, signal });
      if (!res.body) throw new KafkaApiError(res.status, "The scan answered without a body");
      try {
        for await (const { event, data } of readServerSentEvents(res.body, signal)) {
          const parsed = parseScanEvent(event, data);
          if (parsed) yield parsed;
        }
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
    },
  };
}

export type KafkaClient = ReturnType<typeof kafkaClient>;

/** One SSE frame's event name and data (multi-line data joined with \n). */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Splits a text/event-stream body into events (the WHATWG format: `event:`/`data:` lines, a blank
 * line ends one). Linear in the body size: each chunk is searched once for the blank line, and a
 * frame's text is joined once.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let pending: string[] = [];
  let tail = ""; // the end of the pending text, to find a blank line split across chunks
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
      while (text !== "") {
        const probe = tail + text;
        const at = probe.indexOf("\n\n");
        if (at < 0) {
          pending.push(text);
          tail = probe.slice(-1);
          break;
        }
        const cut = at - tail.length; // where the frame ends within `text` (may be -1: inside tail)
        const frame = pending.join("") + text.slice(0, Math.max(0, cut));
        const withoutTail = cut < 0 ? frame.slice(0, frame.length + cut) : frame;
        pending = [];
        tail = "";
        text = text.slice(cut + 2);
        const parsed = parseFrame(withoutTail);
        if (parsed) yield parsed;
      }
      if (done) break;
    }
    const rest = pending.join("");
    if (rest.trim() !== "") {
      const parsed = parseFrame(rest);
      if (parsed) yield parsed;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}

function parseFrame(frame: string): ServerSentEvent | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length === 0 ? undefined : { event, data: data.join("\n") };
}

/** A scan event from its SSE name and data; unknown event names are skipped. */
export function parseScanEvent(event: string, data: string): ScanEvent | undefined {
  switch (event) {
    case "records":
      return { type: "records", records: JSON.parse(data) as WireRecord[] };
    case "progress":
      return { type: "progress", progress: scanProgressSchema.parse(JSON.parse(data)) };
    case "done":
      return { type: "done", done: scanDoneSchema.parse(JSON.parse(data)) };
    case "error":
      return { type: "error", error: scanErrorSchema.parse(JSON.parse(data)) };
    default:
      return undefined;
  }
}

async function toError(res: Response): Promise<KafkaApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = errorBodySchema.parse(JSON.parse(text));
    return new KafkaApiError(res.status, body.message ?? `HTTP ${res.status}`);
  } catch {
    return new KafkaApiError(res.status, text.trim() || `HTTP ${res.status} ${res.statusText}`);
  }
}
