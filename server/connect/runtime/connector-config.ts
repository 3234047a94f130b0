import {
  AbstractConfig,
  CaseInsensitiveValidString,
  CompositeValidator,
  ConfigDef,
  ConfigError,
  ConfigValue,
  LambdaValidator,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidString,
  renderConfigValue,
  type ConfigInput,
  type ParseOptions,
  type PluginDescriptor,
  type PluginType,
  type Validator,
} from "../api";

/**
 * The framework's connector properties, as Kafka's ConnectorConfig, SourceConnectorConfig and
 * SinkConnectorConfig define them (keys, groups, orders, display names, docs, defaults, validators):
 * what `/connector-plugins/{p}/config` appends after a connector's own keys and what
 * `/config/validate` checks first. Plus typed readers of a connector's framework settings.
 */

export const NAME_CONFIG = "name";
export const CONNECTOR_CLASS_CONFIG = "connector.class";
export const TASKS_MAX_CONFIG = "tasks.max";
export const TASKS_MAX_ENFORCE_CONFIG = "tasks.max.enforce";
export const KEY_CONVERTER_CLASS_CONFIG = "key.converter";
export const VALUE_CONVERTER_CLASS_CONFIG = "value.converter";
export const HEADER_CONVERTER_CLASS_CONFIG = "header.converter";
export const TRANSFORMS_CONFIG = "transforms";
export const PREDICATES_CONFIG = "predicates";
export const CONFIG_RELOAD_ACTION_CONFIG = "config.action.reload";
export const ERRORS_RETRY_TIMEOUT_CONFIG = "errors.retry.timeout";
export const ERRORS_RETRY_MAX_DELAY_CONFIG = "errors.retry.delay.max.ms";
export const ERRORS_TOLERANCE_CONFIG = "errors.tolerance";
export const ERRORS_LOG_ENABLE_CONFIG = "errors.log.enable";
export const ERRORS_LOG_INCLUDE_MESSAGES_CONFIG = "errors.log.include.messages";

export const TOPICS_CONFIG = "topics";
export const TOPICS_REGEX_CONFIG = "topics.regex";
export const DLQ_PREFIX = "errors.deadletterqueue.";
export const DLQ_TOPIC_NAME_CONFIG = `${DLQ_PREFIX}topic.name`;
export const DLQ_TOPIC_REPLICATION_FACTOR_CONFIG = `${DLQ_PREFIX}topic.replication.factor`;
export const DLQ_CONTEXT_HEADERS_ENABLE_CONFIG = `${DLQ_PREFIX}context.headers.enable`;

export const TOPIC_CREATION_PREFIX = "topic.creation.";
export const TOPIC_CREATION_GROUPS_CONFIG = `${TOPIC_CREATION_PREFIX}groups`;
export const EXACTLY_ONCE_SUPPORT_CONFIG = "exactly.once.support";
export const TRANSACTION_BOUNDARY_CONFIG = "transaction.boundary";
export const TRANSACTION_BOUNDARY_INTERVAL_CONFIG = "transaction.boundary.interval.ms";
export const OFFSETS_TOPIC_CONFIG = "offsets.storage.topic";

export const CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX = "producer.override.";
export const CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX = "consumer.override.";
export const CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX = "admin.override.";

const COMMON_GROUP = "Common";
const TRANSFORMS_GROUP = "Transforms";
const PREDICATES_GROUP = "Predicates";
const ERROR_GROUP = "Error Handling";
const TOPIC_CREATION_GROUP = "Topic Creation";
const EXACTLY_ONCE_SUPPORT_GROUP = "Exactly Once Support";
const OFFSETS_TOPIC_GROUP = "offsets.topic";

const CONVERTER_DOC_START =
  "Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.";
const CONVERTER_DOC_END =
  " independent of connectors it allows any connector to work with any serialization format." +
  " Examples of common formats include JSON and Avro.";

const DOCS = {
  name: "Globally unique name to use for this connector.",
  connectorClass:
    "Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. " +
    "If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name, " +
    ' or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter',
  tasksMax: "Maximum number of tasks to use for this connector.",
  tasksMaxEnforce:
    "(Deprecated) Whether to enforce that the tasks.max property is respected by the connector. " +
    "By default, connectors that generate too many tasks will fail, and existing sets of tasks that exceed the tasks.max property will also be failed. " +
    "If this property is set to false, then connectors will be allowed to generate more than the maximum number of tasks, and existing sets of " +
    "tasks that exceed the tasks.max property will be allowed to run. " +
    "This property is deprecated and will be removed in an upcoming major release.",
  keyConverter:
    CONVERTER_DOC_START +
    " This controls the format of the keys in messages written to or read from Kafka, and since this is" +
    CONVERTER_DOC_END,
  valueConverter:
    CONVERTER_DOC_START +
    " This controls the format of the values in messages written to or read from Kafka, and since this is" +
    CONVERTER_DOC_END,
  headerConverter:
    "HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka." +
    " This controls the format of the header values in messages written to or read from Kafka, and since this is" +
    " independent of connectors it allows any connector to work with any serialization format." +
    " Examples of common formats include JSON and Avro. By default, the SimpleHeaderConverter is used to serialize" +
    " header values to strings and deserialize them by inferring the schemas.",
  transforms: "Aliases for the transformations to be applied to records.",
  predicates: "Aliases for the predicates used by transformations.",
  // Kafka's text, missing space after "properties." included.
  configReloadAction:
    "The action that Connect should take on the connector when changes in external " +
    "configuration providers result in a change in the connector's configuration properties. " +
    "A value of 'none' indicates that Connect will do nothing. " +
    "A value of 'restart' indicates that Connect should restart/reload the connector with the " +
    "updated configuration properties." +
    "The restart may actually be scheduled in the future if the external configuration provider " +
    "indicates that a configuration value will expire in the future.",
  errorsRetryTimeout:
    "The maximum duration in milliseconds that a failed operation " +
    "will be reattempted. The default is 0, which means no retries will be attempted. Use -1 for infinite retries.",
  errorsRetryMaxDelay:
    "The maximum duration in milliseconds between consecutive retry attempts. " +
    "Jitter will be added to the delay once this limit is reached to prevent thundering herd issues.",
  errorsTolerance:
    "Behavior for tolerating errors during connector operation. 'none' is the default value " +
    "and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
  errorsLogEnable:
    "If true, write each error and the details of the failed operation and problematic record " +
    "to the Connect application log. This is 'false' by default, so that only errors that are not tolerated are reported.",
  errorsLogIncludeMessages:
    "Whether to include in the log the Connect record that resulted in a failure. " +
    "For sink records, the topic, partition, offset, and timestamp will be logged. " +
    "For source records, the key and value (and their schemas), all headers, and the timestamp, Kafka topic, Kafka partition, source partition, " +
    "and source offset will be logged. " +
    "This is 'false' by default, which will prevent record keys, values, and headers from being written to log files.",
  topics: "List of topics to consume, separated by commas",
  topicsRegex:
    "Regular expression giving topics to consume. " +
    "Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. " +
    "Only one of topics or topics.regex should be specified.",
  dlqTopicName:
    "The name of the topic to be used as the dead letter queue (DLQ) for messages that " +
    "result in an error when processed by this sink connector, or its transformations or converters. The topic name is blank by default, " +
    "which means that no messages are to be recorded in the DLQ.",
  dlqReplicationFactor: "Replication factor used to create the dead letter queue topic when it doesn't already exist.",
  // Kafka's text, repeated phrase included.
  dlqContextHeadersEnable:
    "If true, add headers containing error context to the messages " +
    "written to the dead letter queue. To avoid clashing with headers from the original record, all error context header " +
    "keys, all error context header keys will start with <code>__connect.errors.</code>",
  topicCreationGroups: "Groups of configurations for topics created by source connectors",
  exactlyOnceSupport:
    "Permitted values are requested, required. " +
    'If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics ' +
    "with the given configuration. Some connectors may be capable of providing exactly-once semantics but not signal to " +
    "Connect that they support this; in that case, documentation for the connector should be consulted carefully before " +
    'creating it, and the value for this property should be set to "requested". ' +
    'Additionally, if the value is set to "required" but the worker that performs preflight validation does not have ' +
    "exactly-once support enabled for source connectors, requests to create or validate the connector will fail.",
  transactionBoundary:
    "Permitted values are: poll, interval, connector. " +
    "If set to 'poll', a new producer transaction will be started and committed for every batch of records that each task from " +
    "this connector provides to Connect. If set to 'connector', relies on connector-defined transaction boundaries; note that " +
    "not all connectors are capable of defining their own transaction boundaries, and in that case, attempts to instantiate a connector with " +
    "this value will fail. Finally, if set to 'interval', commits transactions only after a user-defined time interval has passed.",
  transactionBoundaryInterval:
    "If 'transaction.boundary' is set to 'interval', determines the interval for producer transaction commits by connector tasks. " +
    "If unset, defaults to the value of the worker-level 'offset.flush.interval.ms' property. It has no effect if a different " +
    "transaction.boundary is specified.",
  offsetsTopic:
    "The name of a separate offsets topic to use for this connector. " +
    "If empty or not specified, the worker\u2019s global offsets topic name will be used. " +
    "If specified, the offsets topic will be created if it does not already exist on the Kafka cluster targeted by this connector " +
    "(which may be different from the one used for the worker's global offsets topic if the bootstrap.servers property of the connector's producer " +
    "has been overridden from the worker's). Only applicable in distributed mode; in standalone mode, setting this property will have no effect.",
} as const;

/** What the framework definitions need from the plugin registry (class lookup for CLASS keys). */
export interface PluginLookup {
  find(classOrAlias: string, types?: readonly PluginType[]): PluginDescriptor<unknown> | undefined;
  /** Every installed plugin (recommended values of transform/predicate type keys). */
  list?(connectorsOnly: boolean): readonly { class: string; type: string }[];
}

/** Parse options resolving CLASS values (class name or alias) through the installed plugins. */
export function classResolver(plugins: PluginLookup | undefined): ParseOptions {
  if (!plugins) return {};
  return { resolveClass: (name) => plugins.find(name)?.className };
}

/** Closes a plugin instance created only to be inspected; whatever its close does or throws is ignored. */
export function closeQuietly(instance: unknown): void {
  if (typeof instance !== "object" || instance === null || !("close" in instance)) return;
  const close = (instance as { close: unknown }).close;
  if (typeof close !== "function") return;
  try {
    const result: unknown = close.call(instance);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // An inspected instance only: a failing close changes nothing.
  }
}

function errorMessage(err: unknown): string | null {
  return err instanceof Error && err.message ? err.message : null;
}

/**
 * Kafka's `ConcreteSubClassValidator` + `InstantiableClassValidator` for converter keys: the class
 * must be of the plugin type and constructible. Needs the registry; without it only parsing checks.
 */
function converterClassValidator(
  plugins: PluginLookup | undefined,
  type: "converter" | "header_converter",
): Validator {
  const iface = type === "converter" ? "Converter" : "HeaderConverter";
  const superClass = type === "converter" ? "org.apache.kafka.connect.storage.Converter" : "org.apache.kafka.connect.storage.HeaderConverter";
  return LambdaValidator.with(
    (name, value) => {
      // Null when unset or when the class could not be found (that error is already reported).
      if (value === null || value === undefined || !plugins) return;
      const className = String(value);
      const descriptor = plugins.find(className);
      if (!descriptor) return;
      if (!descriptor.types.includes(type)) {
        throw new ConfigError(`Class class ${className} does not implement the ${iface} interface`, { key: name });
      }
      try {
        closeQuietly(descriptor.create());
      } catch (err) {
        const message = errorMessage(err);
        throw ConfigError.invalidValue(name, className, `Could not instantiate class${message === null ? "" : `: ${message}`}`);
      }
    },
    () => `A concrete subclass of ${superClass}, A class with a public, no-argument constructor`,
  );
}

/** Kafka's alias-list validator: non-null and no alias twice. */
function uniqueAliases(kind: string): Validator {
  return CompositeValidator.of(
    new NonNullValidator(),
    LambdaValidator.with(
      (name, value) => {
        const aliases = value as unknown[];
        if (aliases.length > new Set(aliases).size) {
          throw ConfigError.invalidValue(name, renderConfigValue(value), "Duplicate alias provided.");
        }
      },
      () => `unique ${kind}`,
    ),
  );
}

/**
 * A Java regular expression as a JavaScript RegExp. Leading inline flags (`(?i)`, `(?s)`, `(?m)`) are
 * turned into RegExp flags; other Java-only syntax (possessive quantifiers, `\A`, `\Z`) is not.
 */
export function compileJavaRegex(pattern: string): RegExp {
  let source = pattern;
  let flags = "";
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[1] ?? "")].join("");
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, flags);
}

/** `Pattern.matcher(s).matches()`: the whole string must match. */
export function javaRegexMatches(pattern: string, text: string): boolean {
  const compiled = compileJavaRegex(pattern);
  return new RegExp(`^(?:${compiled.source})$`, compiled.flags).test(text);
}

/** Kafka's RegexValidator (`org.apache.kafka.connect.transforms.util.RegexValidator`). */
const regexValidator: Validator = LambdaValidator.with(
  (name, value) => {
    try {
      compileJavaRegex(String(value));
    } catch (err) {
      throw ConfigError.invalidValue(name, renderConfigValue(value), `Invalid regex: ${errorMessage(err) ?? "null"}`);
    }
  },
  () => "valid regex",
);

/** Kafka's `ConnectorConfig.configDef()`: the keys every connector has. */
export function connectorConfigDef(plugins?: PluginLookup): ConfigDef {
  let order = 0;
  let errorOrder = 0;
  return new ConfigDef()
    .define({
      name: NAME_CONFIG,
      type: "STRING",
      validator: NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(),
      importance: "HIGH",
      documentation: DOCS.name,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "MEDIUM",
      displayName: "Connector name",
    })
    .define({
      name: CONNECTOR_CLASS_CONFIG,
      type: "STRING",
      importance: "HIGH",
      documentation: DOCS.connectorClass,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "LONG",
      displayName: "Connector class",
    })
    .define({
      name: TASKS_MAX_CONFIG,
      type: "INT",
      defaultValue: 1,
      validator: Range.atLeast(1),
      importance: "HIGH",
      documentation: DOCS.tasksMax,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Tasks max",
    })
    .define({
      name: TASKS_MAX_ENFORCE_CONFIG,
      type: "BOOLEAN",
      defaultValue: true,
      importance: "LOW",
      documentation: DOCS.tasksMaxEnforce,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Enforce tasks max",
    })
    .define({
      name: KEY_CONVERTER_CLASS_CONFIG,
      type: "CLASS",
      defaultValue: null,
      validator: converterClassValidator(plugins, "converter"),
      importance: "LOW",
      documentation: DOCS.keyConverter,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Key converter class",
    })
    .define({
      name: VALUE_CONVERTER_CLASS_CONFIG,
      type: "CLASS",
      defaultValue: null,
      validator: converterClassValidator(plugins, "converter"),
      importance: "LOW",
      documentation: DOCS.valueConverter,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Value converter class",
    })
    .define({
      name: HEADER_CONVERTER_CLASS_CONFIG,
      type: "CLASS",
      // Null, not SimpleHeaderConverter: unset means "inherit the worker's header.converter".
      defaultValue: null,
      validator: converterClassValidator(plugins, "header_converter"),
      importance: "LOW",
      documentation: DOCS.headerConverter,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Header converter class",
    })
    .define({
      name: TRANSFORMS_CONFIG,
      type: "LIST",
      defaultValue: [],
      validator: uniqueAliases("transformation aliases"),
      importance: "LOW",
      documentation: DOCS.transforms,
      group: TRANSFORMS_GROUP,
      orderInGroup: ++order,
      width: "LONG",
      displayName: "Transforms",
    })
    .define({
      name: PREDICATES_CONFIG,
      type: "LIST",
      defaultValue: [],
      validator: uniqueAliases("predicate aliases"),
      importance: "LOW",
      documentation: DOCS.predicates,
      group: PREDICATES_GROUP,
      orderInGroup: ++order,
      width: "LONG",
      displayName: "Predicates",
    })
    .define({
      name: CONFIG_RELOAD_ACTION_CONFIG,
      type: "STRING",
      defaultValue: "restart",
      validator: ValidString.in("none", "restart"),
      importance: "LOW",
      documentation: DOCS.configReloadAction,
      group: COMMON_GROUP,
      orderInGroup: ++order,
      width: "MEDIUM",
      displayName: "Reload Action",
    })
    .define({
      name: ERRORS_RETRY_TIMEOUT_CONFIG,
      type: "LONG",
      defaultValue: 0,
      importance: "MEDIUM",
      documentation: DOCS.errorsRetryTimeout,
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: "MEDIUM",
      displayName: "Retry Timeout for Errors",
    })
    .define({
      name: ERRORS_RETRY_MAX_DELAY_CONFIG,
      type: "LONG",
      defaultValue: 60000,
      importance: "MEDIUM",
      documentation: DOCS.errorsRetryMaxDelay,
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: "MEDIUM",
      displayName: "Maximum Delay Between Retries for Errors",
    })
    .define({
      name: ERRORS_TOLERANCE_CONFIG,
      type: "STRING",
      defaultValue: "none",
      validator: ValidString.in("none", "all"),
      importance: "MEDIUM",
      documentation: DOCS.errorsTolerance,
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: "SHORT",
      displayName: "Error Tolerance",
    })
    .define({
      name: ERRORS_LOG_ENABLE_CONFIG,
      type: "BOOLEAN",
      defaultValue: false,
      importance: "MEDIUM",
      documentation: DOCS.errorsLogEnable,
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: "SHORT",
      displayName: "Log Errors",
    })
    .define({
      name: ERRORS_LOG_INCLUDE_MESSAGES_CONFIG,
      type: "BOOLEAN",
      defaultValue: false,
      importance: "MEDIUM",
      documentation: DOCS.errorsLogIncludeMessages,
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: "SHORT",
      displayName: "Log Error Details",
    });
}

/** Kafka's `SinkConnectorConfig.configDef()`. */
export function sinkConnectorConfigDef(plugins?: PluginLookup): ConfigDef {
  return connectorConfigDef(plugins)
    .define({
      name: TOPICS_CONFIG,
      type: "LIST",
      defaultValue: "",
      importance: "HIGH",
      documentation: DOCS.topics,
      group: COMMON_GROUP,
      orderInGroup: 4,
      width: "LONG",
      displayName: "Topics",
    })
    .define({
      name: TOPICS_REGEX_CONFIG,
      type: "STRING",
      defaultValue: "",
      validator: regexValidator,
      importance: "HIGH",
      documentation: DOCS.topicsRegex,
      group: COMMON_GROUP,
      orderInGroup: 4,
      width: "LONG",
      displayName: "Topics regex",
    })
    .define({
      name: DLQ_TOPIC_NAME_CONFIG,
      type: "STRING",
      defaultValue: "",
      importance: "MEDIUM",
      documentation: DOCS.dlqTopicName,
      group: ERROR_GROUP,
      orderInGroup: 6,
      width: "MEDIUM",
      displayName: "Dead Letter Queue Topic Name",
    })
    .define({
      name: DLQ_TOPIC_REPLICATION_FACTOR_CONFIG,
      type: "SHORT",
      defaultValue: 3,
      importance: "MEDIUM",
      documentation: DOCS.dlqReplicationFactor,
      group: ERROR_GROUP,
      orderInGroup: 7,
      width: "MEDIUM",
      displayName: "Dead Letter Queue Topic Replication Factor",
    })
    .define({
      name: DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
      type: "BOOLEAN",
      defaultValue: false,
      importance: "MEDIUM",
      documentation: DOCS.dlqContextHeadersEnable,
      group: ERROR_GROUP,
      orderInGroup: 8,
      width: "MEDIUM",
      displayName: "Enable Error Context Headers",
    });
}

/** Kafka's `SourceConnectorConfig.configDef()`. */
export function sourceConnectorConfigDef(plugins?: PluginLookup): ConfigDef {
  const atLeastZero = Range.atLeast(0);
  let order = 0;
  return connectorConfigDef(plugins)
    .define({
      name: TOPIC_CREATION_GROUPS_CONFIG,
      type: "LIST",
      defaultValue: [],
      validator: uniqueAliases("topic creation groups"),
      importance: "LOW",
      documentation: DOCS.topicCreationGroups,
      group: TOPIC_CREATION_GROUP,
      orderInGroup: ++order,
      width: "LONG",
      displayName: "Topic Creation Groups",
    })
    .define({
      name: EXACTLY_ONCE_SUPPORT_CONFIG,
      type: "STRING",
      defaultValue: "requested",
      validator: CaseInsensitiveValidString.in("requested", "required"),
      importance: "MEDIUM",
      documentation: DOCS.exactlyOnceSupport,
      group: EXACTLY_ONCE_SUPPORT_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Exactly once support",
    })
    .define({
      name: TRANSACTION_BOUNDARY_CONFIG,
      type: "STRING",
      defaultValue: "poll",
      validator: CaseInsensitiveValidString.in("poll", "interval", "connector"),
      importance: "MEDIUM",
      documentation: DOCS.transactionBoundary,
      group: EXACTLY_ONCE_SUPPORT_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Transaction Boundary",
    })
    .define({
      name: TRANSACTION_BOUNDARY_INTERVAL_CONFIG,
      type: "LONG",
      defaultValue: null,
      validator: LambdaValidator.with(
        (name, value) => {
          if (value === null || value === undefined) return;
          atLeastZero.ensureValid(name, value);
        },
        () => atLeastZero.toString(),
      ),
      importance: "LOW",
      documentation: DOCS.transactionBoundaryInterval,
      group: EXACTLY_ONCE_SUPPORT_GROUP,
      orderInGroup: ++order,
      width: "SHORT",
      displayName: "Transaction boundary interval",
    })
    .define({
      name: OFFSETS_TOPIC_CONFIG,
      type: "STRING",
      defaultValue: null,
      validator: new NonEmptyString(),
      importance: "LOW",
      documentation: DOCS.offsetsTopic,
      group: OFFSETS_TOPIC_GROUP,
      orderInGroup: 1,
      width: "LONG",
      displayName: "Offsets topic",
    });
}

/** The framework definition for a connector kind. */
export function frameworkConfigDef(kind: "source" | "sink", plugins?: PluginLookup): ConfigDef {
  return kind === "source" ? sourceConnectorConfigDef(plugins) : sinkConnectorConfigDef(plugins);
}

/**
 * Kafka's `ConnectorConfig.enrich`: the framework definition plus one group per transform alias
 * (`Transforms: <a>`: `transforms.<a>.type`, `.predicate`, `.negate` and the SMT's own keys) and
 * per predicate alias (`Predicates: <p>`: `predicates.<p>.type` and the predicate's keys).
 * Type keys recommend every installed class of their kind. With `requireFullConfig`, a type that
 * cannot provide its definition throws; otherwise its error is reported on the type key.
 */
export function enrichConnectorConfigDef(
  plugins: PluginLookup | undefined,
  baseConfigDef: ConfigDef,
  props: ConfigInput,
  requireFullConfig: boolean,
): ConfigDef {
  const newDef = new ConfigDef(baseConfigDef);
  if (!plugins) return newDef;
  const get = (key: string): unknown => (props instanceof Map ? props.get(key) : (props as Record<string, unknown>)[key]);
  const has = (key: string): boolean => (props instanceof Map ? props.has(key) : Object.prototype.hasOwnProperty.call(props, key));
  enrichPlugin(newDef, plugins, "transformation", TRANSFORMS_CONFIG, TRANSFORMS_GROUP, get, has, requireFullConfig);
  enrichPlugin(newDef, plugins, "predicate", PREDICATES_CONFIG, PREDICATES_GROUP, get, has, requireFullConfig);
  return newDef;
}

const PLUGIN_KIND = {
  transformation: { simpleName: "Transformation", kind: "transformation" },
  predicate: { simpleName: "Predicate", kind: "predicate" },
} as const;

function aliasList(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== "string") return [];
  const trimmed = raw.trim();
  return trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
}

function enrichPlugin(
  newDef: ConfigDef,
  plugins: PluginLookup,
  type: "transformation" | "predicate",
  aliasConfig: string,
  aliasGroup: string,
  get: (key: string) => unknown,
  has: (key: string) => boolean,
  requireFullConfig: boolean,
): void {
  const { simpleName, kind } = PLUGIN_KIND[type];
  const predicateAliases = new Set(aliasList(get(PREDICATES_CONFIG)));

  /** Kafka's `getConfigDefFromConfigProvidingClass`. */
  const configDefOf = (key: string, className: string | null): ConfigDef => {
    if (className === null) throw ConfigError.invalidValue(key, "null", `Not a ${simpleName}`);
    const descriptor = plugins.find(className);
    if (!descriptor) throw ConfigError.invalidValue(key, className, `Class ${className} could not be found.`);
    if (!descriptor.types.includes(type)) {
      throw new ConfigError(`Class class ${className} does not implement the ${simpleName} interface`, { key });
    }
    let instance: unknown;
    try {
      instance = descriptor.create();
    } catch (err) {
      throw ConfigError.invalidValue(key, className, `Error getting config definition from ${simpleName}: ${errorMessage(err) ?? "null"}`);
    }
    try {
      const def = (instance as { config(): ConfigDef | null | undefined }).config();
      if (def === null || def === undefined) throw ConfigError.invalidValue(key, className, `Unexpected null ConfigDef for ${simpleName}`);
      return def;
    } finally {
      closeQuietly(instance);
    }
  };

  const recommender = {
    validValues: () => (plugins.list?.(false) ?? []).filter((p) => p.type === type).map((p) => p.class),
    visible: () => true,
  };

  for (const alias of new Set(aliasList(get(aliasConfig)))) {
    const prefix = `${aliasConfig}.${alias}.`;
    const group = `${aliasGroup}: ${alias}`;
    const typeConfig = `${prefix}type`;
    const validateProps = () => {
      if (type !== "transformation") return;
      const negate = `${prefix}negate`;
      const predicate = `${prefix}predicate`;
      if (has(negate) && !has(predicate)) {
        throw new ConfigError(`Config '${negate}' was provided but there is no config '${predicate}' defining a predicate to be negated.`, { key: negate });
      }
    };
    newDef.define({
      name: typeConfig,
      type: "CLASS",
      validator: LambdaValidator.with(
        (name, value) => {
          validateProps();
          // Null when the class could not be found: that error is already reported.
          if (value !== null && value !== undefined) configDefOf(name, String(value));
        },
        () => `valid configs for ${alias} ${kind}`,
      ),
      importance: "HIGH",
      documentation: `Class for the '${alias}' ${kind}.`,
      group,
      orderInGroup: 0,
      width: "LONG",
      displayName: `${simpleName} type for ${alias}`,
      recommender,
    });

    const configDef = new ConfigDef();
    if (type === "transformation") {
      configDef
        .define({
          name: "predicate",
          type: "STRING",
          defaultValue: null,
          validator: LambdaValidator.with(
            (name, value) => {
              if (value === null || value === undefined) return;
              if (!predicateAliases.has(String(value))) {
                throw ConfigError.invalidValue(`${prefix}${name}`, String(value), `Predicate '${String(value)}' is not defined in '${PREDICATES_CONFIG}'`);
              }
            },
            () => `a predicate alias listed in ${PREDICATES_CONFIG}`,
          ),
          importance: "MEDIUM",
          documentation: "The alias of a predicate used to determine whether to apply this transformation.",
        })
        .define({ name: "negate", type: "BOOLEAN", defaultValue: false, importance: "MEDIUM", documentation: "Whether the configured predicate should be negated." });
    }
    const raw = get(typeConfig);
    let className: string | null = null;
    if (raw !== null && raw !== undefined && String(raw).trim() !== "") {
      const trimmed = String(raw).trim();
      className = plugins.find(trimmed)?.className ?? trimmed;
    }
    try {
      for (const [name, key] of configDefOf(typeConfig, className).configKeys()) {
        // The implicit predicate/negate keys mask an SMT's own keys of the same name (as Kafka).
        if (type === "transformation" && (name === "predicate" || name === "negate")) continue;
        configDef.define(key);
      }
    } catch (err) {
      if (requireFullConfig || !(err instanceof ConfigError)) throw err;
      continue;
    }
    newDef.embed(prefix, group, 1, configDef);
  }
}

type Props = Readonly<Record<string, string | null | undefined>>;

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === "";
}

/** Kafka's `SinkConnectorConfig.parseTopicsList`: non-empty, distinct topics, in order. */
export function parseTopicsList(props: Props): string[] {
  const raw = props[TOPICS_CONFIG];
  if (raw === null || raw === undefined) return [];
  const trimmed = raw.trim();
  const topics = trimmed === "" ? [] : trimmed.split(/\s*,\s*/);
  return [...new Set(topics.filter((t) => t !== ""))];
}

export function hasTopicsConfig(props: Props): boolean {
  return !isBlank(props[TOPICS_CONFIG]);
}

export function hasTopicsRegexConfig(props: Props): boolean {
  return !isBlank(props[TOPICS_REGEX_CONFIG]);
}

export function hasDlqTopicConfig(props: Props): boolean {
  return !isBlank(props[DLQ_TOPIC_NAME_CONFIG]);
}

/** Kafka's `SourceConnectorConfig.usesTopicCreation`: any `topic.creation.*` key. */
export function usesTopicCreation(props: Props): boolean {
  return Object.keys(props).some((k) => k.startsWith(TOPIC_CREATION_PREFIX));
}

function addErrorMessage(validated: Map<string, ConfigValue>, name: string, value: string | null | undefined, message: string): void {
  let entry = validated.get(name);
  if (!entry) {
    entry = new ConfigValue(name, value ?? null);
    validated.set(name, entry);
  }
  entry.addErrorMessage(message);
}

/**
 * Kafka's `SinkConnectorConfig.validate(props, validatedConfig)`: topics vs topics.regex and the DLQ
 * topic not being consumed by the connector itself. Errors are added to `validated`.
 */
export function validateSinkTopics(props: Props, validated: Map<string, ConfigValue>): void {
  const topicsList = props[TOPICS_CONFIG];
  const topicsRegex = props[TOPICS_REGEX_CONFIG];
  const dlqTopic = (props[DLQ_TOPIC_NAME_CONFIG] ?? "").trim();
  const hasTopics = !isBlank(topicsList);
  const hasRegex = !isBlank(topicsRegex);

  if (hasTopics && hasRegex) {
    const message = `${TOPICS_CONFIG} and ${TOPICS_REGEX_CONFIG} are mutually exclusive options, but both are set.`;
    addErrorMessage(validated, TOPICS_CONFIG, topicsList, message);
    addErrorMessage(validated, TOPICS_REGEX_CONFIG, topicsRegex, message);
  }
  if (!hasTopics && !hasRegex) {
    const message = `Must configure one of ${TOPICS_CONFIG} or ${TOPICS_REGEX_CONFIG}`;
    addErrorMessage(validated, TOPICS_CONFIG, topicsList, message);
    addErrorMessage(validated, TOPICS_REGEX_CONFIG, topicsRegex, message);
  }
  if (dlqTopic === "") return;
  if (hasTopics) {
    const topics = parseTopicsList(props);
    if (topics.includes(dlqTopic)) {
      addErrorMessage(
        validated,
        TOPICS_CONFIG,
        topicsList,
        `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('${TOPICS_CONFIG}=[${topics.join(", ")}]') consumed by the connector`,
      );
    }
  }
  if (hasRegex && topicsRegex) {
    let matches = false;
    try {
      matches = javaRegexMatches(topicsRegex, dlqTopic);
    } catch {
      // An invalid regex is reported by the topics.regex validator.
    }
    if (matches) {
      addErrorMessage(
        validated,
        TOPICS_REGEX_CONFIG,
        topicsRegex,
        `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('${TOPICS_REGEX_CONFIG}=${topicsRegex}') consumed by the connector`,
      );
    }
  }
}

/**
 * Kafka's `SinkConnectorConfig.validate(props)` as the worker runs it before starting sink tasks:
 * throws a ConfigError for the first problem found.
 */
export function ensureValidSinkTopics(props: Props): void {
  const validated = new Map<string, ConfigValue>();
  validateSinkTopics(props, validated);
  for (const value of validated.values()) {
    const first = value.errorMessages[0];
    if (first !== undefined) throw ConfigError.invalidValue(value.name, renderConfigValue(value.value), first);
  }
}

/** The default consumer group of a sink connector (Kafka's `SinkUtils.consumerGroupId`). */
export function sinkConsumerGroupId(connectorName: string): string {
  return `connect-${connectorName}`;
}

export type ToleranceType = "none" | "all";
export type ExactlyOnceSupportLevel = "requested" | "required";
export type TransactionBoundary = "poll" | "interval" | "connector";

/** The framework settings of any connector, parsed and typed (Kafka's ConnectorConfig getters). */
export interface ConnectorSettings {
  name: string;
  /** As configured (class name or alias). */
  connectorClass: string;
  tasksMax: number;
  tasksMaxEnforce: boolean;
  /** Canonical class names; null = inherit the worker's converter. */
  keyConverter: string | null;
  valueConverter: string | null;
  headerConverter: string | null;
  transforms: string[];
  predicates: string[];
  configActionReload: "none" | "restart";
  errorsRetryTimeoutMs: number;
  errorsRetryMaxDelayMs: number;
  errorsTolerance: ToleranceType;
  errorsLogEnable: boolean;
  errorsLogIncludeMessages: boolean;
  /** The whole parsed config, for prefixed sub-configs (`producer.override.`, `key.converter.`...). */
  config: AbstractConfig;
}

export interface SinkConnectorSettings extends ConnectorSettings {
  kind: "sink";
  topics: string[];
  /** Null when unset or blank. */
  topicsRegex: string | null;
  dlqTopicName: string;
  dlqTopicReplicationFactor: number;
  dlqContextHeadersEnable: boolean;
  /** Kafka's `enableErrantRecordReporter`: a DLQ topic or error logging is configured. */
  errantRecordReporterEnabled: boolean;
}

export interface SourceConnectorSettings extends ConnectorSettings {
  kind: "source";
  topicCreationGroups: string[];
  usesTopicCreation: boolean;
  exactlyOnceSupport: ExactlyOnceSupportLevel;
  transactionBoundary: TransactionBoundary;
  /** Null: use the worker's offset.flush.interval.ms. */
  transactionBoundaryIntervalMs: number | null;
  /** Null when unset or blank: the worker's offsets topic. */
  offsetsStorageTopic: string | null;
}

function req<T>(value: T | null): T {
  // Keys with non-null defaults never parse to null.
  if (value === null) throw new ConfigError("Unexpected null configuration value");
  return value;
}

function commonSettings(config: AbstractConfig): ConnectorSettings {
  const tolerance = req(config.getString(ERRORS_TOLERANCE_CONFIG)).toLowerCase();
  return {
    name: req(config.getString(NAME_CONFIG)),
    connectorClass: req(config.getString(CONNECTOR_CLASS_CONFIG)),
    tasksMax: req(config.getInt(TASKS_MAX_CONFIG)),
    tasksMaxEnforce: req(config.getBoolean(TASKS_MAX_ENFORCE_CONFIG)),
    keyConverter: config.getClass(KEY_CONVERTER_CLASS_CONFIG),
    valueConverter: config.getClass(VALUE_CONVERTER_CLASS_CONFIG),
    headerConverter: config.getClass(HEADER_CONVERTER_CLASS_CONFIG),
    transforms: req(config.getList(TRANSFORMS_CONFIG)),
    predicates: req(config.getList(PREDICATES_CONFIG)),
    configActionReload: req(config.getString(CONFIG_RELOAD_ACTION_CONFIG)) === "none" ? "none" : "restart",
    errorsRetryTimeoutMs: req(config.getLongNumber(ERRORS_RETRY_TIMEOUT_CONFIG)),
    errorsRetryMaxDelayMs: req(config.getLongNumber(ERRORS_RETRY_MAX_DELAY_CONFIG)),
    errorsTolerance: tolerance === "all" ? "all" : "none",
    errorsLogEnable: req(config.getBoolean(ERRORS_LOG_ENABLE_CONFIG)),
    errorsLogIncludeMessages: req(config.getBoolean(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG)),
    config,
  };
}

/**
 * A sink connector's framework settings (Kafka's `new SinkConnectorConfig(plugins, props)`); throws
 * ConfigError on the first invalid or missing value. Does not run the topics cross-checks: see
 * {@link ensureValidSinkTopics}.
 */
export function sinkConnectorSettings(props: ConfigInput, plugins?: PluginLookup): SinkConnectorSettings {
  const config = new AbstractConfig(sinkConnectorConfigDef(plugins), props, classResolver(plugins));
  const common = commonSettings(config);
  const regex = config.getString(TOPICS_REGEX_CONFIG);
  const dlqTopicName = config.getString(DLQ_TOPIC_NAME_CONFIG) ?? "";
  return {
    ...common,
    kind: "sink",
    topics: (config.getList(TOPICS_CONFIG) ?? []).filter((t) => t !== ""),
    topicsRegex: regex === null || regex.trim() === "" ? null : regex,
    dlqTopicName,
    dlqTopicReplicationFactor: req(config.getShort(DLQ_TOPIC_REPLICATION_FACTOR_CONFIG)),
    dlqContextHeadersEnable: req(config.getBoolean(DLQ_CONTEXT_HEADERS_ENABLE_CONFIG)),
    errantRecordReporterEnabled: dlqTopicName !== "" || common.errorsLogEnable,
  };
}

/** A source connector's framework settings (Kafka's `new SourceConnectorConfig(...)`). */
export function sourceConnectorSettings(props: ConfigInput, plugins?: PluginLookup): SourceConnectorSettings {
  const config = new AbstractConfig(sourceConnectorConfigDef(plugins), props, classResolver(plugins));
  const offsetsTopic = config.getString(OFFSETS_TOPIC_CONFIG);
  const keys = props instanceof Map ? [...props.keys()] : Object.keys(props);
  return {
    ...commonSettings(config),
    kind: "source",
    topicCreationGroups: req(config.getList(TOPIC_CREATION_GROUPS_CONFIG)),
    usesTopicCreation: keys.some((k) => k.startsWith(TOPIC_CREATION_PREFIX)),
    exactlyOnceSupport: req(config.getString(EXACTLY_ONCE_SUPPORT_CONFIG)).toLowerCase() === "required" ? "required" : "requested",
    transactionBoundary: req(config.getString(TRANSACTION_BOUNDARY_CONFIG)).toLowerCase() as TransactionBoundary,
    transactionBoundaryIntervalMs: config.getLongNumber(TRANSACTION_BOUNDARY_INTERVAL_CONFIG),
    offsetsStorageTopic: offsetsTopic === null || offsetsTopic.trim() === "" ? null : offsetsTopic,
  };
}

/** Settings for either kind. */
export function connectorSettings(
  kind: "source" | "sink",
  props: ConfigInput,
  plugins?: PluginLookup,
): SourceConnectorSettings | SinkConnectorSettings {
  return kind === "source" ? sourceConnectorSettings(props, plugins) : sinkConnectorSettings(props, plugins);
}

/** `<prefix>*` keys of a connector config with the prefix removed (client overrides, converter configs). */
export function originalsWithPrefix(props: Props, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith(prefix) && key.length > prefix.length && typeof value === "string") out[key.slice(prefix.length)] = value;
  }
  return out;
}
