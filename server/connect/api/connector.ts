import type { ConfigDef, ConfigValue } from "./config";
import type { SinkRecord, SourceOffset, SourcePartition, SourceRecord } from "./records";

/**
 * The connector and task contracts a plugin implements, shaped like Kafka Connect's
 * `Connector`/`Task` classes so that a connector ported from Java reads the same. Methods may be
 * async; the runtime awaits them. Config maps are string → string, parsed with the plugin's ConfigDef.
 */

export type ConfigMap = Record<string, string>;

/** Reads committed source offsets (for a task resuming where it stopped, or a connector planning work). */
export interface OffsetStorageReader {
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  offsets(partitions: readonly SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}

export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again and restart tasks whose configs changed. */
  requestTaskReconfiguration(): void;
  /** Fail the connector with this error (its status becomes FAILED with the trace). */
  raiseError(error: Error): void;
}

export interface SourceConnectorContext extends ConnectorContext {
  offsetStorageReader(): OffsetStorageReader;
}

export type SinkConnectorContext = ConnectorContext;

/** A task class: constructed by the runtime with no arguments. `className` is what `task.class` records. */
export interface TaskClass<T> {
  new (): T;
  readonly className?: string;
}

abstract class ConnectorBase<C extends ConnectorContext> {
  protected context!: C;

  initialize(context: C): void {
    this.context = context;
  }

  abstract version(): string;
  abstract config(): ConfigDef;
  abstract start(props: ConfigMap): void | Promise<void>;
  abstract taskConfigs(maxTasks: number): ConfigMap[] | Promise<ConfigMap[]>;
  abstract stop(): void | Promise<void>;

  /** Kafka's default: every key validated by the ConfigDef. Override for cross-field checks. */
  validate(connectorConfigs: ConfigMap): ConfigValue[] | Promise<ConfigValue[]> {
    return this.config().validate(connectorConfigs);
  }
}

export abstract class SourceConnector extends ConnectorBase<SourceConnectorContext> {
  readonly kind = "source" as const;
  abstract taskClass(): TaskClass<SourceTask>;

  /**
   * Called for PATCH/DELETE of the connector's offsets while it is stopped (null = reset). Return true
   * when the connector also updated offsets it keeps outside Connect; throw to refuse.
   */
  alterOffsets(_config: ConfigMap, _offsets: Map<SourcePartition, SourceOffset | null>): boolean | Promise<boolean> {
    return false;
  }
}

export abstract class SinkConnector extends ConnectorBase<SinkConnectorContext> {
  readonly kind = "sink" as const;
  abstract taskClass(): TaskClass<SinkTask>;

  alterOffsets(_config: ConfigMap, _offsets: Map<TopicPartition, number | null>): boolean | Promise<boolean> {
    return false;
  }
}

export type Connector = SourceConnector | SinkConnector;

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** Where a produced source record landed (given to SourceTask.commitRecord). */
export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
}

export interface SourceTaskContext {
  configs(): ConfigMap;
  offsetStorageReader(): OffsetStorageReader;
}

/**
 * Reports a sink record the task could not process to the error path (log and/or dead-letter queue).
 * The promise settles once the record was written there. With `errors.tolerance=none` it rejects
 * (Tolerance exceeded in error handler) and the task fails once put() returns, awaited or not.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}

export interface SinkTaskContext {
  configs(): ConfigMap;
  /** Rewind or skip: the next records of these partitions start at these offsets. */
  offset(offsets: Map<TopicPartition, number> | TopicPartition, offset?: number): void;
  /** After a RetriableError from put(), wait this long before redelivering the batch. */
  timeout(ms: number): void;
  assignment(): TopicPartition[];
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  /** Commit offsets as soon as possible instead of waiting for offset.flush.interval.ms. */
  requestCommit(): void;
  /** null unless a dead letter queue topic or errors.log.enable is configured (as in Kafka). */
  errantRecordReporter(): ErrantRecordReporter | null;
}

abstract class TaskBase<C> {
  protected context!: C;

  initialize(context: C): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: ConfigMap): void | Promise<void>;
  abstract stop(): void | Promise<void>;
}

export abstract class SourceTask extends TaskBase<SourceTaskContext> {
  /**
   * Next records, or null/[] when there are none right now. May wait a little for data; `signal`
   * aborts when the task is paused or stopped, so a long wait should end then.
   */
  abstract poll(signal: AbortSignal): Promise<SourceRecord[] | null>;

  /** All records returned so far by poll() were acknowledged and their offsets flushed. */
  commit(): void | Promise<void> {}

  /** One record was acknowledged by Kafka (metadata null when a transform dropped it). */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void | Promise<void> {}
}

export abstract class SinkTask extends TaskBase<SinkTaskContext> {
  abstract put(records: SinkRecord[]): void | Promise<void>;

  /** Make everything put so far durable; offsets are committed after this returns. */
  flush(_currentOffsets: Map<TopicPartition, number>): void | Promise<void> {}

  /** Offsets safe to commit (default: flush, then the offsets after the last record put). */
  async preCommit(currentOffsets: Map<TopicPartition, number>): Promise<Map<TopicPartition, number>> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  open(_partitions: TopicPartition[]): void | Promise<void> {}
  close(_partitions: TopicPartition[]): void | Promise<void> {}
}

export type Task = SourceTask | SinkTask;
