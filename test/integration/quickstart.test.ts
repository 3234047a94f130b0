import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { freePort, properties, spawnFerry, startBrokerProcess, type BrokerProcess, type FerryProcess } from "../harness/ferry-process";
import { readTopic, topicReaderKind } from "../harness/topic-reader";
import { waitFor } from "../harness/wait-for";

/**
 * Kafka's Connect quickstart (docs/quickstart, "Step 7: import/export your data as streams of events
 * with Kafka Connect") run end to end with Ferry's CLI, every part its own process: the embedded
 * broker (`ferry broker`), then `ferry standalone worker.properties connect-file-source.properties
 * connect-file-sink.properties` in a directory holding test.txt, as `connect-standalone.sh` is run
 * from Kafka's installation directory. The topic is read with kcat when it is installed (kafkajs
 * otherwise).
 */

const JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
const envelope = (line: string) => `{"schema":{"type":"string","optional":false},"payload":${JSON.stringify(line)}}`;

let root: string;
let broker: BrokerProcess;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ferry-quickstart-"));
  broker = await startBrokerProcess(join(root, "broker"));
});

afterAll(async () => {
  await broker?.stop("SIGTERM", 10_000);
  rmSync(root, { recursive: true, force: true });
});

/** Non-empty lines of a file, [] while it does not exist. */
function fileLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
}

/** Starts the worker and registers its cleanup; resolves once the REST API listens. */
async function startStandalone(cwd: string, files: string[]): Promise<FerryProcess> {
  const worker = spawnFerry(["standalone", ...files], { cwd });
  onTestFinished(async () => void (await worker.kill()));
  onTestFailed(() => {
    console.error(`--- ${worker.title} stderr (end):\n${worker.stderr().slice(-6000)}`);
  });
  await worker.waitForStdout(/REST API listening on http:\/\/127\.0\.0\.1:\d+/, 30_000);
  return worker;
}

describe("Kafka's FileStream quickstart with `ferry standalone`", () => {
  it("moves test.txt to connect-test and test.sink.txt, takes a connector by REST, and resumes after a restart without duplicates", async () => {
    const cwd = join(root, "kafka");
    mkdirSync(cwd);
    const restPort = await freePort();
    const rest = `http://127.0.0.1:${restPort}`;
    // config/connect-standalone.properties, with a free REST port, offsets in this directory and a
    // 1 s flush interval (Kafka's default is 10 s) so the test does not wait.
    writeFileSync(
      join(cwd, "worker.properties"),
      properties({
        "bootstrap.servers": broker.bootstrap,
        listeners: `http://127.0.0.1:${restPort}`,
        "key.converter": JSON_CONVERTER,
        "value.converter": JSON_CONVERTER,
        "key.converter.schemas.enable": "true",
        "value.converter.schemas.enable": "true",
        "offset.storage.file.filename": join(cwd, "connect.offsets"),
        "offset.flush.interval.ms": "1000",
      }),
    );
    // config/connect-file-source.properties and config/connect-file-sink.properties, verbatim.
    writeFileSync(
      join(cwd, "connect-file-source.properties"),
      properties({ name: "local-file-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: "test.txt", topic: "connect-test" }),
    );
    writeFileSync(
      join(cwd, "connect-file-sink.properties"),
      properties({ name: "local-file-sink", "connector.class": "FileStreamSink", "tasks.max": "1", file: "test.sink.txt", topics: "connect-test" }),
    );
    // echo -e "foo\nbar" > test.txt
    writeFileSync(join(cwd, "test.txt"), "foo\nbar\n");
    const files = ["worker.properties", "connect-file-source.properties", "connect-file-sink.properties"];
    const sinkFile = join(cwd, "test.sink.txt");
    const copyFile = join(cwd, "test.copy.txt");
    const reader = topicReaderKind();
    if (reader === "kafkajs") console.warn("[quickstart] kcat is not on PATH: reading connect-test with kafkajs instead");
    const topic = () => readTopic(broker.bootstrap, "connect-test", reader);
    const topicHas = (n: number, message: string) => waitFor(async () => ((await topic()).length >= n ? topic() : undefined), { timeoutMs: 20_000, intervalMs: 100, message });
    const fileHas = (path: string, n: number, message: string) => waitFor(() => fileLines(path).length >= n, { timeoutMs: 20_000, intervalMs: 50, message });

    // bin/connect-standalone.sh config/connect-standalone.properties config/connect-file-source.properties config/connect-file-sink.properties
    let worker = await startStandalone(cwd, files);

    // bin/kafka-console-consumer.sh --topic connect-test --from-beginning
    expect(await topicHas(2, "foo and bar on connect-test")).toEqual([
      `{"schema":{"type":"string","optional":false},"payload":"foo"}`,
      `{"schema":{"type":"string","optional":false},"payload":"bar"}`,
    ]);
    await fileHas(sinkFile, 2, "foo and bar in test.sink.txt");
    expect(readFileSync(sinkFile, "utf8")).toBe("foo\nbar\n");

    // echo "Another line" >> test.txt
    appendFileSync(join(cwd, "test.txt"), "Another line\n");
    expect(await topicHas(3, "'Another line' on connect-test")).toEqual(["foo", "bar", "Another line"].map(envelope));
    await fileHas(sinkFile, 3, "'Another line' in test.sink.txt");
    expect(readFileSync(sinkFile, "utf8")).toBe("foo\nbar\nAnother line\n");

    // A third connector through the REST API, as curl would send it.
    const body = { name: "local-file-copy", config: { "connector.class": "FileStreamSink", "tasks.max": "1", file: "test.copy.txt", topics: "connect-test" } };
    const created = await fetch(`${rest}/connectors`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${rest}/connectors/local-file-copy`);
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await created.json()).toEqual({
      name: "local-file-copy",
      config: { ...body.config, name: "local-file-copy" },
      tasks: [{ connector: "local-file-copy", task: 0 }],
      type: "sink",
    });
    // It reads connect-test from the beginning.
    await fileHas(copyFile, 3, "test.copy.txt to catch up");
    expect(readFileSync(copyFile, "utf8")).toBe("foo\nbar\nAnother line\n");
    expect(await (await fetch(`${rest}/connectors`)).json()).toEqual(expect.arrayContaining(["local-file-source", "local-file-sink", "local-file-copy"]));

    // Ctrl-C: SIGTERM stops the worker cleanly (offsets flushed, consumers leave their groups).
    const stopped = await worker.stop("SIGTERM", 20_000);
    expect(stopped).toEqual({ code: 0, signal: null });
    const savedOffsets = JSON.parse(readFileSync(join(cwd, "connect.offsets"), "utf8")) as unknown;
    expect(savedOffsets).toEqual({ version: 1, offsets: [['["local-file-source",{"filename":"test.txt"}]', '{"position":21}']] });

    // Same command, same files: the source resumes after "Another line", the sinks after their
    // committed offsets, and the REST-created connector comes back from Ferry's config file.
    worker = await startStandalone(cwd, files);
    appendFileSync(join(cwd, "test.txt"), "One more line\n");
    const all = ["foo", "bar", "Another line", "One more line"];
    // The partition is ordered: a duplicate would land before the new line, so seeing the new
    // line last proves there is none.
    await waitFor(async () => (await topic()).at(-1) === envelope("One more line"), { timeoutMs: 20_000, intervalMs: 100, message: "'One more line' on connect-test" });
    expect(await topic()).toEqual(all.map(envelope));
    await waitFor(() => fileLines(sinkFile).at(-1) === "One more line", { timeoutMs: 20_000, message: "'One more line' in test.sink.txt" });
    expect(readFileSync(sinkFile, "utf8")).toBe(all.join("\n") + "\n");
    await waitFor(() => fileLines(copyFile).at(-1) === "One more line", { timeoutMs: 20_000, message: "'One more line' in test.copy.txt" });
    expect(readFileSync(copyFile, "utf8")).toBe(all.join("\n") + "\n");

    const status = (await (await fetch(`${rest}/connectors?expand=status`)).json()) as Record<string, { status: { connector: { state: string }; tasks: { state: string }[] } }>;
    expect(Object.keys(status).sort()).toEqual(["local-file-copy", "local-file-sink", "local-file-source"]);
    for (const { status: s } of Object.values(status)) {
      expect(s.connector.state).toBe("RUNNING");
      expect(s.tasks.map((t) => t.state)).toEqual(["RUNNING"]);
    }
    expect(await worker.stop("SIGTERM", 20_000)).toEqual({ code: 0, signal: null });
  }, 120_000);
  // Kafka's FileStreamSinkTask#put println()s each record through an unbuffered file stream, so a
  // record is in test.sink.txt as soon as it was put; flush() only flushes. With Kafka's own
  // connect-standalone.properties (offset.flush.interval.ms=10000) the quickstart's lines show up
  // in test.sink.txt within moments, not at the next offset commit. (Regression test: Ferry's sink
  // used to hold up to 256 Ki chars in memory until the next flush.)
  it("writes a put record to test.sink.txt before the next offset flush (offset.flush.interval.ms=10000)", async () => {
    const cwd = join(root, "latency");
    mkdirSync(cwd);
    const restPort = await freePort();
    writeFileSync(
      join(cwd, "worker.properties"),
      properties({
        "bootstrap.servers": broker.bootstrap,
        listeners: `http://127.0.0.1:${restPort}`,
        "key.converter": JSON_CONVERTER,
        "value.converter": JSON_CONVERTER,
        "offset.storage.file.filename": join(cwd, "connect.offsets"),
        "offset.flush.interval.ms": "10000",
      }),
    );
    writeFileSync(
      join(cwd, "connect-file-sink.properties"),
      properties({ name: "latency-sink", "connector.class": "FileStreamSink", "tasks.max": "1", file: "test.sink.txt", topics: "latency-test" }),
    );
    writeFileSync(
      join(cwd, "connect-file-source.properties"),
      properties({ name: "latency-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: "test.txt", topic: "latency-test" }),
    );
    writeFileSync(join(cwd, "test.txt"), "foo\nbar\n");
    await startStandalone(cwd, ["worker.properties", "connect-file-source.properties", "connect-file-sink.properties"]);
    // The sink consumed connect-test (topic tracking records it when a batch is handed to the task)...
    await waitFor(
      async () => {
        const reply = await fetch(`http://127.0.0.1:${restPort}/connectors/latency-sink/topics`);
        return ((await reply.json()) as Record<string, { topics: string[] }>)["latency-sink"]?.topics.includes("latency-test");
      },
      { timeoutMs: 20_000, intervalMs: 50, message: "the sink to consume latency-test" },
    );
    // ...so the lines are in the file within moments, well before the 10 s flush.
    await waitFor(() => fileLines(join(cwd, "test.sink.txt")).length === 2, { timeoutMs: 2000, message: "foo and bar in test.sink.txt" });
  }, 60_000);
});
