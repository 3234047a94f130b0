import { Kafka, logLevel, Partitioners, type Admin, type Producer } from "kafkajs";
import { NotFoundError } from "../connect/api/errors";
import { findKafkaCluster, type KafkaCluster } from "../console/config";

/**
 * One kafkajs client per configured Kafka cluster, with its admin and producer connected on first
 * use and shared by every request (kafkajs pipelines requests on its connections). A changed
 * bootstrap list gets a new entry and the old one is closed. Everything is closed by
 * {@link closeKafkaClients}, which runs on SIGINT/SIGTERM. Message scans do not share these
 * connections: a scan long-polls Fetch, which would hold up other requests on the same connection,
 * so each scan opens its own (see message-service.ts).
 */

export interface KafkaClients {
  readonly cluster: KafkaCluster;
  readonly kafka: Kafka;
  admin(): Promise<Admin>;
  producer(): Promise<Producer>;
  close(): Promise<void>;
}

interface Registry {
  clients: Map<string, KafkaClients>;
  hooked: boolean;
}

// On globalThis so a dev-server reload reuses the connections instead of leaking them.
const REGISTRY_KEY = Symbol.for("ferry.kafka.clients");
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as Registry | undefined) ?? { clients: new Map(), hooked: false };
(globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = registry;

/** The clients of a configured Kafka cluster by name; NotFoundError (404) when none is configured. */
export function kafkaClients(clusterName: string): KafkaClients {
  const cluster = findKafkaCluster(clusterName);
  if (!cluster) throw new NotFoundError(`No Kafka cluster named '${clusterName}' is configured`);
  return clientsFor(cluster);
}

export function clientsFor(cluster: KafkaCluster): KafkaClients {
  const existing = registry.clients.get(cluster.name);
  if (existing && existing.cluster.bootstrapServers === cluster.bootstrapServers) return existing;
  if (existing) void existing.close();
  const created = createClients(cluster);
  registry.clients.set(cluster.name, created);
  hookProcessExit();
  return created;
}

export function createKafka(cluster: KafkaCluster, clientId = "ferry-console"): Kafka {
  return new Kafka({
    clientId,
    brokers: cluster.bootstrapServers.split(",").map((b) => b.trim()).filter(Boolean),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2_000 },
  });
}

function createClients(cluster: KafkaCluster): KafkaClients {
  const kafka = createKafka(cluster);
  let admin: Promise<Admin> | undefined;
  let producer: Promise<Producer> | undefined;
  const connectOnce = <T extends { connect(): Promise<void> }>(make: () => T, reset: () => void): Promise<T> => {
    const client = make();
    return client.connect().then(
      () => client,
      (err: unknown) => {
        reset(); // the next call tries again
        throw err;
      },
    );
  };
  return {
    cluster,
    kafka,
    admin: () => (admin ??= connectOnce(() => kafka.admin(), () => (admin = undefined))),
    producer: () =>
      (producer ??= connectOnce(
        () => kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }),
        () => (producer = undefined),
      )),
    async close() {
      if (registry.clients.get(cluster.name)?.kafka === kafka) registry.clients.delete(cluster.name);
      const open = [admin, producer].filter((p): p is Promise<Admin> | Promise<Producer> => p !== undefined);
      admin = undefined;
      producer = undefined;
      await Promise.allSettled(open.map(async (p) => (await p).disconnect()));
    },
  };
}

/** Disconnects every cached client (tests, shutdown). */
export async function closeKafkaClients(): Promise<void> {
  await Promise.allSettled([...registry.clients.values()].map((c) => c.close()));
  registry.clients.clear();
}

function hookProcessExit(): void {
  if (registry.hooked) return;
  registry.hooked = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      // Close, then let the signal do what it would have done had we not listened: when nobody
      // else handles it, that is exiting.
      process.off(signal, onSignal);
      const alone = process.listenerCount(signal) === 0;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref());
      void Promise.race([closeKafkaClients(), deadline]).finally(() => {
        if (alone) process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
}
