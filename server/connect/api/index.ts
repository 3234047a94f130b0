/**
 * The Connect plugin SDK: everything a connector, converter, transform or predicate imports.
 * Plugins import from here (`server/connect/api`) and nothing else in the engine.
 */
export * from "./config";
export * from "./data";
export {
  AlreadyExistsError,
  BadRequestError,
  ConfigError,
  ConflictError,
  ConnectError,
  ConnectRestError,
  DataError,
  IllegalWorkerStateError,
  NotFoundError,
  RetriableError,
  SchemaBuilderError,
  isConnectError,
  type ConfigErrorOptions,
  type ConnectErrorOptions,
} from "./errors";
export {
  CONVERTER_TYPE_CONFIG,
  newConverterConfigDef,
  withConverterType,
  type Converter,
  type ConverterConfigs,
  type ConverterPlugin,
  type ConverterType,
  type HeaderConverter,
} from "./converter";
export { Header, Headers, ConnectHeaders, type HeaderTransform } from "./headers";
export {
  ConnectRecord,
  SinkRecord,
  SourceRecord,
  TimestampType,
  type ConnectRecordInit,
  type SinkRecordInit,
  type SourceOffset,
  type SourcePartition,
  type SourceRecordInit,
} from "./records";
export {
  JsonNumber,
  JsonParseError,
  jsonNodeType,
  jsonObject,
  parseJson,
  writeJson,
  writeJsonBytes,
  type JsonNodeType,
  type JsonObject,
  type JsonValue,
} from "./json";
export { CONNECT_VERSION, type PluginDescriptor, type PluginType } from "./plugin";
export {
  SinkConnector,
  SinkTask,
  SourceConnector,
  SourceTask,
  type ConfigMap,
  type Connector,
  type ConnectorContext,
  type ErrantRecordReporter,
  type OffsetStorageReader,
  type RecordMetadata,
  type SinkConnectorContext,
  type SinkTaskContext,
  type SourceConnectorContext,
  type SourceTaskContext,
  type Task,
  type TaskClass,
  type TopicPartition,
} from "./connector";
export { KEEPS_NO_RECORDS, type AnyRecord, type Predicate, type Transformation } from "./transformation";
