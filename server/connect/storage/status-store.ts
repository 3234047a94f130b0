import type { ConnectorState, ConnectorTaskId } from "../../../lib/connect/schemas";

/**
 * Connector, task and active-topic statuses (Kafka's StatusBackingStore). Reads are synchronous
 * from the local view; a Kafka-backed store would write asynchronously behind the same interface.
 */
export interface ConnectorStatusRecord {
  name: string;
  state: ConnectorState;
  trace?: string;
  workerId: string;
  generation: number;
}

export interface TaskStatusRecord {
  id: ConnectorTaskId;
  state: ConnectorState;
  trace?: string;
  workerId: string;
  generation: number;
}

export interface TopicStatusRecord {
  topic: string;
  connector: string;
  task: number;
  discoverTimestamp: number;
}

export interface StatusStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  putConnector(status: ConnectorStatusRecord): void;
  getConnector(name: string): ConnectorStatusRecord | undefined;
  /** Removes the connector's status (Kafka writes a tombstone; DESTROYED is never shown). */
  deleteConnector(name: string): void;
  putTask(status: TaskStatusRecord): void;
  getTask(id: ConnectorTaskId): TaskStatusRecord | undefined;
  /** The connector's task statuses sorted by task id. */
  getAllTasks(connector: string): TaskStatusRecord[];
  deleteTask(id: ConnectorTaskId): void;
  putTopic(status: TopicStatusRecord): void;
  getTopic(connector: string, topic: string): TopicStatusRecord | undefined;
  getAllTopics(connector: string): TopicStatusRecord[];
  deleteTopic(connector: string, topic: string): void;
  connectors(): string[];
}

export class MemoryStatusStore implements StatusStore {
  readonly #connectors = new Map<string, ConnectorStatusRecord>();
  readonly #tasks = new Map<string, Map<number, TaskStatusRecord>>();
  readonly #topics = new Map<string, Map<string, TopicStatusRecord>>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  putConnector(status: ConnectorStatusRecord): void {
    this.#connectors.set(status.name, { ...status });
  }

  getConnector(name: string): ConnectorStatusRecord | undefined {
    return this.#connectors.get(name);
  }

  deleteConnector(name: string): void {
    this.#connectors.delete(name);
  }

  putTask(status: TaskStatusRecord): void {
    let tasks = this.#tasks.get(status.id.connector);
    if (!tasks) this.#tasks.set(status.id.connector, (tasks = new Map()));
    tasks.set(status.id.task, { ...status });
  }

  getTask(id: ConnectorTaskId): TaskStatusRecord | undefined {
    return this.#tasks.get(id.connector)?.get(id.task);
  }

  getAllTasks(connector: string): TaskStatusRecord[] {
    return [...(this.#tasks.get(connector)?.values() ?? [])].sort((a, b) => a.id.task - b.id.task);
  }

  deleteTask(id: ConnectorTaskId): void {
    const tasks = this.#tasks.get(id.connector);
    tasks?.delete(id.task);
    if (tasks?.size === 0) this.#tasks.delete(id.connector);
  }

  putTopic(status: TopicStatusRecord): void {
    let topics = this.#topics.get(status.connector);
    if (!topics) this.#topics.set(status.connector, (topics = new Map()));
    topics.set(status.topic, { ...status });
  }

  getTopic(connector: string, topic: string): TopicStatusRecord | undefined {
    return this.#topics.get(connector)?.get(topic);
  }

  getAllTopics(connector: string): TopicStatusRecord[] {
    return [...(this.#topics.get(connector)?.values() ?? [])];
  }

  deleteTopic(connector: string, topic: string): void {
    const topics = this.#topics.get(connector);
    topics?.delete(topic);
    if (topics?.size === 0) this.#topics.delete(connector);
  }

  connectors(): string[] {
    return [...this.#connectors.keys()];
  }
}
