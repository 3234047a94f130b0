// kcat (librdkafka) against the embedded broker: a foreign client's metadata, produce, consume,
// consumer-group and timestamp-lookup paths.
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { startTestBroker, type TestBroker } from "../harness/broker";
import { kcatAssignment, runKcat, spawnKcat, type KcatProcess } from "../harness/kcat";
import { describeWithTool } from "../harness/require-tool";
import { waitFor } from "../harness/wait-for";

let tb: TestBroker;
let kafka: Kafka;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;
const bootstrap = () => tb.broker.bootstrapServers;

async function createTopic(topic: string, numPartitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

describeWithTool("kcat", "embedded broker with kcat", () => {
  beforeAll(async () => {
    tb = await startTestBroker();
    kafka = tb.kafka();
  });
  afterAll(async () => {
    await tb?.close();
  });

  it("kcat -L lists the broker as controller and the topics", async () => {
    const topic = unique("meta");
    await createTopic(topic, 3);

    const json = await runKcat(["-b", bootstrap(), "-L", "-J"]);
    expect(json.code, json.stderr).toBe(0);
    const md = JSON.parse(json.stdout) as {
      controllerid: number;
      brokers: { id: number; name: string }[];
      topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
    };
    expect(md.controllerid).toBe(tb.broker.nodeId);
    expect(md.brokers).toEqual([{ id: tb.broker.nodeId, name: bootstrap() }]);
    const listed = md.topics.find((t) => t.topic === topic);
    expect(listed?.partitions.map((p) => [p.partition, p.leader]).sort()).toEqual([
      [0, tb.broker.nodeId],
      [1, tb.broker.nodeId],
      [2, tb.broker.nodeId],
    ]);

    const text = await runKcat(["-b", bootstrap(), "-L", "-t", topic]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`broker ${tb.broker.nodeId} at ${bootstrap()} (controller)`);
    expect(text.stdout).toContain(`topic "${topic}" with 3 partitions:`);
  });

  it("kcat -P of 10,000 keyed messages reads back in order with kcat -C -e", async () => {
    const topic = unique("pc");
    await createTopic(topic, 1);
    const n = 10_000;
    // Values contain the delimiter too: -K splits at its first occurrence only.
    const input = Array.from({ length: n }, (_, i) => `key-${i}:value:${i}:${"x".repeat(i % 50)}\n`).join("");
    const produced = await runKcat(["-b", bootstrap(), "-P", "-t", topic, "-K:", "-X", "linger.ms=5"], { input });
    expect(produced.code, produced.stderr).toBe(0);

    const consumed = await runKcat(["-b", bootstrap(), "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\\t%s\\t%o\\n"]);
    expect(consumed.code, consumed.stderr).toBe(0);
    const lines = consumed.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(n);
    lines.forEach((line, i) => expect(line).toBe(`key-${i}\tvalue:${i}:${"x".repeat(i % 50)}\t${i}`));

    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: String(n), high: String(n), low: "0" }]);
  });

  it("kcat -G splits a 4-partition topic between two members, which read everything and commit", async () => {
    const topic = unique("grp");
    const groupId = unique("kcat-group");
    await createTopic(topic, 4);
    const member = () =>
      spawnKcat([
        "-b", bootstrap(), "-G", groupId, "-u",
        "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=100",
        "-X", "auto.offset.reset=earliest", "-X", "auto.commit.interval.ms=100",
        "-f", "%p\\t%o\\t%k\\t%s\\n", topic,
      ]); // prettier-ignore
    const members: KcatProcess[] = [];
    onTestFinished(async () => {
      await Promise.allSettled(members.map((m) => m.stop()));
    });

    const a = member();
    members.push(a);
    await waitFor(() => kcatAssignment(a.stderr())?.length === 4, { timeoutMs: 15_000, message: `first member assigned all 4 partitions; stderr: ${a.stderr()}` });
    const b = member();
    members.push(b);
    const split = await waitFor(
      () => {
        const pa = kcatAssignment(a.stderr());
        const pb = kcatAssignment(b.stderr());
        return pa && pb && pa.length > 0 && pb.length > 0 && [...pa, ...pb].sort().join() === "0,1,2,3" ? { pa, pb } : undefined;
      },
      { timeoutMs: 20_000, message: "both members to hold disjoint partitions covering the topic" },
    );

    const n = 2000;
    const producer = kafka.producer();
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    for (let start = 0; start < n; start += 500) {
      await producer.send({
        topic,
        messages: Array.from({ length: 500 }, (_, j) => ({ partition: (start + j) % 4, key: `k${start + j}`, value: `v${start + j}` })),
      });
    }

    const parse = (m: KcatProcess) =>
      m.lines.map((l) => {
        const [p, o, k, v] = l.split("\t");
        return { partition: Number(p), offset: Number(o), key: k, value: v };
      });
    await waitFor(() => a.lines.length + b.lines.length >= n, { timeoutMs: 20_000, message: `${n} records read by the two members` });
    const ra = parse(a);
    const rb = parse(b);
    expect(ra.length + rb.length).toBe(n);
    expect(ra.every((r) => split.pa.includes(r.partition))).toBe(true);
    expect(rb.every((r) => split.pb.includes(r.partition))).toBe(true);
    expect(new Set([...ra, ...rb].map((r) => r.key)).size).toBe(n);
    for (const r of [...ra, ...rb]) {
      const i = Number(r.key?.slice(1));
      expect(r).toEqual({ partition: i % 4, offset: Math.floor(i / 4), key: `k${i}`, value: `v${i}` });
    }
    // Per partition, each member saw offsets in order.
    for (const rs of [ra, rb]) {
      for (let p = 0; p < 4; p++) {
        const offsets = rs.filter((r) => r.partition === p).map((r) => r.offset);
        expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
      }
    }

    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const committed = await waitFor(
      async () => {
        const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const offsets = (t?.partitions ?? []).map((p) => [p.partition, p.offset] as const).sort((x, y) => x[0] - y[0]);
        return offsets.every(([, o]) => o === String(n / 4)) && offsets.length === 4 ? offsets : undefined;
      },
      { timeoutMs: 10_000, message: "committed offsets at the end of every partition" },
    );
    expect(committed).toEqual([0, 1, 2, 3].map((p) => [p, String(n / 4)]));

    const stopped = await Promise.all(members.map((m) => m.stop()));
    for (const s of stopped) expect(s.stderr).not.toMatch(/ERROR|%3\|/);
  });

  it("kcat -Q finds offsets by timestamp", async () => {
    const topic = unique("ts");
    await createTopic(topic, 2);
    // 13-digit timestamps: kafkajs sorts a batch's timestamps as strings to find its first and max.
    const base = 1_700_000_000_000;
    const producer = kafka.producer();
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    // Partition 0: one batch per record (offsets 0–4), then one batch of three (offsets 5–7).
    for (let i = 0; i < 5; i++) await producer.send({ topic, messages: [{ partition: 0, value: `single-${i}`, timestamp: String(base + i * 1000) }] });
    await producer.send({
      topic,
      messages: [5, 6, 7].map((i) => ({ partition: 0, value: `batched-${i}`, timestamp: String(base + i * 1000) })),
    });
    // Partition 1: two records, far later.
    await producer.send({
      topic,
      messages: [0, 1].map((i) => ({ partition: 1, value: `p1-${i}`, timestamp: String(base + 100_000 + i * 1000) })),
    });

    const query = async (partition: number, ts: number) => {
      const r = await runKcat(["-b", bootstrap(), "-Q", "-t", `${topic}:${partition}:${ts}`]);
      expect(r.code, r.stderr).toBe(0);
      const m = new RegExp(`${topic} \\[${partition}\\] offset (-?\\d+)`).exec(r.stdout);
      if (!m) throw new Error(`unexpected kcat -Q output: ${r.stdout} ${r.stderr}`);
      return Number(m[1]);
    };
    const cases: [partition: number, ts: number, offset: number][] = [
      [0, base - 1, 0],
      [0, base, 0],
      [0, base + 1, 1],
      [0, base + 3000, 3],
      [0, base + 4500, 5],
      [0, base + 6000, 6],
      [0, base + 6500, 7],
      [0, base + 7000, 7],
      [0, base + 7001, -1],
      [1, base, 0],
      [1, base + 100_500, 1],
      [1, base + 200_000, -1],
    ];
    const answers = await Promise.all(cases.map(([p, ts]) => query(p, ts)));
    expect(answers).toEqual(cases.map(([, , offset]) => offset));
  });
});
