import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel, type KafkaConfig } from "kafkajs";
import { startBroker, type Broker, type BrokerOptions } from "../../server/broker/broker";
import { silentLogger } from "../../server/broker/util/logger";

export interface TestBroker {
  broker: Broker;
  dataDir: string;
  /** A kafkajs client for this broker (logs silenced). */
  kafka(config?: Partial<KafkaConfig>): Kafka;
  /** Restarts the broker on the same data directory and port. */
  restart(overrides?: BrokerOptions): Promise<Broker>;
  close(): Promise<void>;
}

/** An embedded broker on a free port over a fresh temporary data directory, removed on close. */
export async function startTestBroker(options: BrokerOptions = {}): Promise<TestBroker> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "ferry-broker-"));
  const base: BrokerOptions = { port: 0, initialRebalanceDelayMs: 50, logger: silentLogger, ...options, dataDir };
  let broker = await startBroker(base);
  const handle: TestBroker = {
    get broker() {
      return broker;
    },
    dataDir,
    kafka: (config = {}) =>
      new Kafka({ clientId: "ferry-test", brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 50 }, ...config }),
    async restart(overrides = {}) {
      const port = broker.port;
      await broker.close();
      broker = await startBroker({ ...base, port, ...overrides });
      return broker;
    },
    async close() {
      await broker.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
