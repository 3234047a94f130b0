import { z } from "zod";
import { startBroker } from "../broker/broker";
import { exposedWarning, isLoopbackHost } from "./exposure";
import { booleanFlag, intFlag, listenAddress, parseOptions, untilSignal } from "./options";
import { UsageError } from "./usage-error";

const usage = `Usage: ferry broker [options]

Runs the embedded single-node Kafka-protocol broker.

Options:
  --listen HOST:PORT               address to listen on (default 127.0.0.1:9092; port 0 picks a free one)
  --data-dir DIR                   where topics, logs and group offsets are kept (default ./data/broker)
  --default-partitions N           partitions of auto-created topics (default 1)
  --auto-create-topics true|false  create topics on first use (default true)
  --node-id N                      broker id reported to clients (default 1)
  --group-initial-rebalance-delay-ms N
                                   how long a new consumer group waits for more members before its
                                   first rebalance (Kafka's group.initial.rebalance.delay.ms, default 3000)`;

const schema = z.object({
  listen: listenAddress.prefault("127.0.0.1:9092"),
  "data-dir": z.string().min(1).default("./data/broker"),
  "default-partitions": intFlag(1).prefault("1"),
  "auto-create-topics": booleanFlag.prefault("true"),
  "node-id": intFlag(0).prefault("1"),
  "group-initial-rebalance-delay-ms": intFlag(0).prefault("3000"),
});

export const brokerCommand = {
  summary: "run the embedded Kafka-protocol broker",
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseOptions(args, Object.keys(schema.shape), schema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const broker = await startBroker({
      host: values.listen.host,
      port: values.listen.port,
      dataDir: values["data-dir"],
      defaultPartitions: values["default-partitions"],
      autoCreateTopics: values["auto-create-topics"],
      nodeId: values["node-id"],
      initialRebalanceDelayMs: values["group-initial-rebalance-delay-ms"],
    });
    console.log(`ferry broker ${broker.nodeId} listening on ${broker.host}:${broker.port} (data in ${broker.dataDir})`);
    // The broker has no authentication: say so whenever it is reachable from elsewhere.
    if (!isLoopbackHost(broker.host)) {
      console.error(exposedWarning("The broker", `${broker.host}:${broker.port}`, "Any Kafka client that reaches it can read and write every topic."));
    }
    const signal = await untilSignal();
    console.log(`ferry broker: ${signal} received, shutting down`);
    await broker.close();
    return 0;
  },
};
