import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { freePort, properties, spawnFerry, startBrokerProcess, type BrokerProcess } from "../harness/ferry-process";
import { readTopic, topicReaderKind } from "../harness/topic-reader";
import { waitFor } from "../harness/wait-for";

/**
 * Kafka's SMTs and predicates on a FileStreamSource, end to end with `ferry standalone` (broker and
 * worker as processes). Converter: JsonConverter with schemas.enable=true on both sides, so the
 * topic shows the struct schema the chain built, byte for byte.
 *
 * The chain is `transforms=hoist,insert,route,drop`:
 *   hoist  HoistField$Value  field=line: the STRING line becomes struct {line}
 *   insert InsertField$Value topic.field=source_topic, static.field=origin, static.value=ferry
 *   route  RegexRouter       regex=(.*)-raw replacement=ferry-$1 ("events-raw" → "ferry-events")
 *   drop   Filter            predicate=isEvents (TopicNameMatches pattern=ferry-events), negate=true:
 *                            every record NOT routed to ferry-events is dropped
 *
 * Predicates only look at the topic, headers and tombstones, never at a line's text, and a
 * FileStreamSource writes every line to one topic: so the dropped subset is a second
 * FileStreamSource in the same worker, with the same chain, reading debug.txt into "debug-raw"
 * (routed to "ferry-debug", which the negated predicate drops). Its lines never reach a topic, but
 * its source offset still advances to the end of debug.txt (Kafka's WorkerSourceTask commits the
 * offsets of records a transformation dropped).
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-transforms-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

const CHAIN = {
  transforms: "hoist,insert,route,drop",
  "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Value",
  "transforms.hoist.field": "line",
  "transforms.insert.type": "org.apache.kafka.connect.transforms.InsertField$Value",
  "transforms.insert.topic.field": "source_topic",
  "transforms.insert.static.field": "origin",
  "transforms.insert.static.value": "ferry",
  "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
  "transforms.route.regex": "(.*)-raw",
  "transforms.route.replacement": "ferry-$1",
  "transforms.drop.type": "org.apache.kafka.connect.transforms.Filter",
  "transforms.drop.predicate": "isEvents",
  "transforms.drop.negate": "true",
  predicates: "isEvents",
  "predicates.isEvents.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
  "predicates.isEvents.pattern": "ferry-events",
};

/** What JsonConverter (schemas.enable=true) writes for the struct the chain built from `line`. */
function expectedValue(line: string, sourceTopic: string): string {
  return (
    `{"schema":{"type":"struct","fields":[` +
    `{"type":"string","optional":false,"field":"line"},` +
    `{"type":"string","optional":true,"field":"source_topic"},` +
    `{"type":"string","optional":true,"field":"origin"}` +
    `],"optional":false},` +
    `"payload":{"line":${JSON.stringify(line)},"source_topic":"${sourceTopic}","origin":"ferry"}}`
  );
}

async function listTopics(bootstrap: string): Promise<string[]> {
  const admin = new Kafka({ clientId: "ferry-test-topics", brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe("HoistField → InsertField → RegexRouter → Filter (negated TopicNameMatches) on FileStreamSource", () => {
  it("writes the transformed events byte for byte to the renamed topic, drops the debug lines and still commits their source offsets", async () => {
    const cwd = root;
    const restPort = await freePort();
    const rest = `http://127.0.0.1:${restPort}`;
    writeFileSync(
      join(cwd, "worker.properties"),
      properties({
        "bootstrap.servers": broker.bootstrap,
        listeners: rest,
        "key.converter": JSON_CONVERTER,
        "value.converter": JSON_CONVERTER,
        "key.converter.schemas.enable": "true",
        "value.converter.schemas.enable": "true",
        "offset.storage.file.filename": join(cwd, "connect.offsets"),
        "offset.flush.interval.ms": "1000",
      }),
    );
    writeFileSync(
      join(cwd, "events-source.properties"),
      properties({ name: "events-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: "events.txt", topic: "events-raw", ...CHAIN }),
    );
    writeFileSync(
      join(cwd, "debug-source.properties"),
      properties({ name: "debug-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: "debug.txt", topic: "debug-raw", ...CHAIN }),
    );
    // Lines with characters JSON must escape, non-ASCII text and a line that looks like JSON.
    const events = ["order 1 placed", 'quote "widget" ×2', "back\\slash\ttab", '{"already":"json"}', "ünïcödé ✓", "order 1 shipped"];
    const debug = ["skip: heartbeat 1", "skip: heartbeat 2", "skip: cache warm", "skip: ✗ noisy"];
    const eventsText = events.join("\n") + "\n";
    const debugText = debug.join("\n") + "\n";
    writeFileSync(join(cwd, "events.txt"), eventsText);
    writeFileSync(join(cwd, "debug.txt"), debugText);
    const eventsEnd = Buffer.byteLength(eventsText);
    const debugEnd = Buffer.byteLength(debugText);

    const worker = spawnFerry(["standalone", "worker.properties", "events-source.properties", "debug-source.properties"], { cwd });
    onTestFinished(async () => void (await worker.kill()));
    onTestFailed(() => console.error(`--- ${worker.title} stderr (end):\n${worker.stderr().slice(-6000)}`));
    await worker.waitForStdout(/REST API listening on http:\/\/127\.0\.0\.1:\d+/, 30_000);

    const reader = topicReaderKind();
    const topic = () => readTopic(broker.bootstrap, "ferry-events", reader);
    const values = await waitFor(async () => ((await topic()).length >= events.length ? topic() : undefined), {
      timeoutMs: 20_000,
      intervalMs: 100,
      message: `${events.length} records on ferry-events`,
    });
    expect(values).toEqual(events.map((line) => expectedValue(line, "events-raw")));

    // Both sources read their whole file: the debug source's offset is at the end of debug.txt
    // although none of its records was produced.
    type Offsets = { offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[] };
    const offsetsOf = async (name: string) => (await (await fetch(`${rest}/connectors/${name}/offsets`)).json()) as Offsets;
    const debugOffsets = await waitFor(
      async () => {
        const o = await offsetsOf("debug-source");
        return o.offsets[0]?.offset.position === debugEnd ? o : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: `debug-source's offset to reach ${debugEnd}` },
    );
    expect(debugOffsets).toEqual({ offsets: [{ partition: { filename: "debug.txt" }, offset: { position: debugEnd } }] });
    await waitFor(async () => (await offsetsOf("events-source")).offsets[0]?.offset.position === eventsEnd, {
      timeoutMs: 20_000,
      intervalMs: 100,
      message: `events-source's offset to reach ${eventsEnd}`,
    });

    // Nothing was produced for the dropped records: neither the routed nor the original topic exists,
    // and ferry-events still holds exactly the events.
    const topics = await listTopics(broker.bootstrap);
    expect(topics).toContain("ferry-events");
    expect(topics).not.toContain("ferry-debug");
    expect(topics).not.toContain("debug-raw");
    expect(topics).not.toContain("events-raw");
    expect(await topic()).toEqual(events.map((line) => expectedValue(line, "events-raw")));

    const status = (await (await fetch(`${rest}/connectors?expand=status`)).json()) as Record<string, { status: { tasks: { state: string }[] } }>;
    for (const name of ["events-source", "debug-source"]) expect(status[name]?.status.tasks.map((t) => t.state)).toEqual(["RUNNING"]);

    // A clean stop flushes the offsets file with both final positions.
    expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });
    const saved = JSON.parse(readFileSync(join(cwd, "connect.offsets"), "utf8")) as { version: number; offsets: [string, string][] };
    expect(saved.version).toBe(1);
    expect(Object.fromEntries(saved.offsets)).toEqual({
      '["events-source",{"filename":"events.txt"}]': `{"position":${eventsEnd}}`,
      '["debug-source",{"filename":"debug.txt"}]': `{"position":${debugEnd}}`,
    });
  }, 90_000);
});
