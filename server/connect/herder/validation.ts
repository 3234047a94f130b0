import {
  BadRequestError,
  ConfigDef,
  ConfigValue,
  NotFoundError,
  parseType,
  toConfigKeyInfo,
  toConfigValueInfo,
  type ConfigKey,
  type ConfigKeyInfo,
  type ConfigMap,
  type ConfigType,
  type ConfigValueInfo,
  type Connector,
  type PluginType,
} from "../api";
import { javaHashSetOrder } from "../api/config/types";
import type { PluginRegistry } from "../plugins/types";
import type { ConfigTransformer } from "../config-providers/config-transformer";
import { HIDDEN, SecretRedactor } from "../config-providers/redactor";
import { secretConfigKeys } from "./secret-keys";
import {
  CONNECTOR_CLASS_CONFIG,
  closeQuietly,
  CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
  EXACTLY_ONCE_SUPPORT_CONFIG,
  HEADER_CONVERTER_CLASS_CONFIG,
  KEY_CONVERTER_CLASS_CONFIG,
  NAME_CONFIG,
  OFFSETS_TOPIC_CONFIG,
  TRANSACTION_BOUNDARY_CONFIG,
  VALUE_CONVERTER_CLASS_CONFIG,
  classResolver,
  enrichConnectorConfigDef,
  frameworkConfigDef,
  hasDlqTopicConfig,
  sinkConnectorConfigDef,
  sinkConsumerGroupId,
  sourceConnectorConfigDef,
  usesTopicCreation,
  validateSinkTopics,
} from "../runtime/connector-config";

/**
 * Connector config validation exactly as Kafka's `AbstractHerder#validateConnectorConfig` (used by
 * `PUT /connector-plugins/{p}/config/validate` and before every create/update), and the
 * `GET /connector-plugins/{p}/config` listing (`AbstractHerder#connectorPluginConfig`).
 */

/** One entry of ConfigInfos; `definition` is null for a value no key defines, `value` for a key without value. */
export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo | null;
}

/** The `/config/validate` body (Kafka's ConfigInfos entity). */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/** Connector configs as REST bodies carry them: JSON nulls stay null (and are reported). */
export type ConnectorConfigInput = Readonly<Record<string, string | null>>;

export type ClientType = "producer" | "consumer" | "admin";

/** Kafka's `connector.client.config.override.policy` (`All`, `None`, `Principal`). */
export interface ClientOverridePolicy {
  name: string;
  isAllowed(configName: string, clientType: ClientType): boolean;
}

const PRINCIPAL_ALLOWED = new Set(["sasl.jaas.config", "sasl.mechanism", "security.protocol"]);

export const clientOverridePolicies = {
  All: { name: "All", isAllowed: () => true },
  None: { name: "None", isAllowed: () => false },
  Principal: { name: "Principal", isAllowed: (config: string) => PRINCIPAL_ALLOWED.has(config) },
} as const satisfies Record<string, ClientOverridePolicy>;

export interface ValidationOptions {
  /** The worker's override policy; Kafka's default is All. */
  clientOverridePolicy?: ClientOverridePolicy;
  /**
   * Client ConfigDefs (producer/consumer/admin), for definitions and typed values of override keys.
   * Without one, override entries have `definition: null` and their raw value.
   */
  clientConfigDefs?: Partial<Record<ClientType, ConfigDef>>;
  /**
   * The worker's config providers: placeholders are resolved before validating (reference §2.2
   * step 1); the answer shows placeholders, never what they resolved to.
   */
  configTransformer?: ConfigTransformer;
  /** Distributed mode only: the checks DistributedHerder adds. */
  distributed?: {
    workerGroupId: string;
    exactlyOnceSourceEnabled: boolean;
  };
}

const NULL_VALUE_ERROR = "Null value can not be supplied as the configuration value.";

/** Java's `AbstractMap.toString()` of the request's map (insertion order, as Jackson's LinkedHashMap). */
function javaMapString(config: ConnectorConfigInput): string {
  return `{${Object.entries(config)
    .map(([k, v]) => `${k}=${v === null ? "null" : v}`)
    .join(", ")}}`;
}

/** Values of a Kafka `HashMap<String, ConfigValue>`, in the order Java iterates them. */
function hashMapValues(map: Map<string, ConfigValue>): ConfigValue[] {
  return javaHashSetOrder([...map.keys()]).map((name) => map.get(name) as ConfigValue);
}

function errorMessageOf(err: unknown): string | null {
  return err instanceof Error && err.message ? err.message : null;
}

/** Kafka's `generateResult`: values without a key first, then every key (definition order) with its value. */
function generateResult(
  connType: string,
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  groups: string[],
): ConfigInfos {
  let errorCount = 0;
  const configs: ConfigInfo[] = [];
  const valueByName = new Map<string, ConfigValue>();
  for (const value of configValues) {
    valueByName.set(value.name, value);
    if (!configKeys.has(value.name)) {
      configs.push({ definition: null, value: toConfigValueInfo(value, null) });
      errorCount += value.errorMessages.length;
    }
  }
  for (const [name, key] of configKeys) {
    const value = valueByName.get(name);
    if (value) errorCount += value.errorMessages.length;
    configs.push({ definition: toConfigKeyInfo(key), value: value ? toConfigValueInfo(value, key.type) : null });
  }
  return { name: connType, error_count: errorCount, groups, configs };
}

/** Kafka's `prefixedConfigInfos`: sub-results counting one error per entry that has any. */
function prefixedConfigInfos(
  configKeys: ReadonlyMap<string, ConfigKey>,
  configValues: readonly ConfigValue[],
  prefix: string,
): ConfigInfos {
  let errorCount = 0;
  const groups: string[] = [];
  const configs: ConfigInfo[] = [];
  for (const value of configValues) {
    const key = configKeys.get(value.name);
    if (key?.group != null && !groups.includes(key.group)) groups.push(key.group);
    if (value.errorMessages.length > 0) errorCount++;
    const type: ConfigType | null = key ? key.type : null;
    configs.push({
      definition: key ? toConfigKeyInfo(key, prefix) : null,
      value: toConfigValueInfo(value, type, prefix),
    });
  }
  return { name: "", error_count: errorCount, groups, configs };
}

function mergeConfigInfos(connType: string, parts: readonly (ConfigInfos | null)[]): ConfigInfos {
  let errorCount = 0;
  const configs: ConfigInfo[] = [];
  const groups: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    errorCount += part.error_count;
    configs.push(...part.configs);
    for (const g of part.groups) if (!groups.includes(g)) groups.push(g);
  }
  return { name: connType, error_count: errorCount, groups, configs };
}

interface ConverterSpec {
  property: string;
  pluginName: string;
  type: "converter" | "header_converter";
  converterType: "key" | "value" | "header";
}

const CONVERTERS: Record<"header" | "key" | "value", ConverterSpec> = {
  header: { property: HEADER_CONVERTER_CLASS_CONFIG, pluginName: "header converter", type: "header_converter", converterType: "header" },
  key: { property: KEY_CONVERTER_CLASS_CONFIG, pluginName: "key converter", type: "converter", converterType: "key" },
  value: { property: VALUE_CONVERTER_CLASS_CONFIG, pluginName: "value converter", type: "converter", converterType: "value" },
};

/**
 * Kafka's `validateConverterConfig`: a converter set in the connector config (and valid so far) is
 * instantiated and its own ConfigDef validated with the `<property>.`-prefixed settings.
 */
function validateConverterConfig(
  registry: PluginRegistry,
  config: ConnectorConfigInput,
  pluginValue: ConfigValue | undefined,
  spec: ConverterSpec,
): ConfigInfos | null {
  const pluginClass = config[spec.property];
  if (pluginClass === null || pluginClass === undefined || !pluginValue || pluginValue.errorMessages.length > 0) return null;

  // Class.forName does not trim: an alias with surrounding spaces is not found here.
  const descriptor = registry.find(pluginClass, [spec.type]);
  let instance: unknown;
  try {
    if (!descriptor) throw new Error(pluginClass);
    instance = descriptor.create();
  } catch (err) {
    const message = errorMessageOf(err);
    pluginValue.addErrorMessage(`Failed to load class ${pluginClass}${message === null ? "" : `: ${message}`}`);
    return null;
  }

  try {
    let configDef: ConfigDef | null | undefined;
    try {
      configDef = (instance as { config(): ConfigDef | null | undefined }).config();
    } catch (err) {
      const message = errorMessageOf(err);
      pluginValue.addErrorMessage(`Failed to load ConfigDef from ${spec.pluginName}${message === null ? "" : `: ${message}`}`);
      return null;
    }
    // Older converters returned no ConfigDef; Kafka lets them through without further checks.
    if (configDef === null || configDef === undefined) return null;

    const prefix = `${spec.property}.`;
    const pluginConfig: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(config)) {
      if (key.startsWith(prefix) && key.length > prefix.length) pluginConfig[key.slice(prefix.length)] = value;
    }
    pluginConfig["converter.type"] ??= spec.converterType;

    let values: ConfigValue[];
    try {
      values = hashMapValues(configDef.validateAll(pluginConfig));
    } catch (err) {
      const message = errorMessageOf(err);
      pluginValue.addErrorMessage(`Failed to perform config validation for ${spec.pluginName}${message === null ? "" : `: ${message}`}`);
      return null;
    }
    return prefixedConfigInfos(configDef.configKeys(), values, prefix);
  } finally {
    closeQuietly(instance);
  }
}

const CLIENT_PREFIX: Record<ClientType, string> = {
  producer: CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
  consumer: CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
  admin: CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
};

/** Kafka's `validateClientOverrides`: every `<client>.override.*` key checked by the worker's policy. */
function validateClientOverrides(
  config: ConnectorConfigInput,
  clientType: ClientType,
  policy: ClientOverridePolicy,
  clientDef: ConfigDef | undefined,
): ConfigInfos {
  const prefix = CLIENT_PREFIX[clientType];
  const raw = new Map<string, string | null>();
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(prefix) && key.length > prefix.length) raw.set(key.slice(prefix.length), value);
  }
  const keys = clientDef?.configKeys() ?? new Map<string, ConfigKey>();
  const values: ConfigValue[] = [];
  // The client configs are a HashMap in Kafka: its iteration order decides the output order.
  for (const name of javaHashSetOrder([...raw.keys()])) {
    const rawValue = raw.get(name) ?? null;
    const key = keys.get(name);
    const value = new ConfigValue(name, rawValue);
    if (key) {
      // Kafka parses (without validating) known keys; a parse failure fails the whole validation.
      value.value = parseType(name, rawValue, key.type);
    }
    if (!policy.isAllowed(name, clientType)) {
      value.addErrorMessage(`The '${policy.name}' policy does not allow '${name}' to be overridden in the connector configuration.`);
    }
    values.push(value);
  }
  return prefixedConfigInfos(keys, values, prefix);
}

function unexpectedErrorMessage(err: unknown): string {
  const message = errorMessageOf(err)?.trim();
  return message
    ? `An unexpected error occurred during validation: ${message}`
    : "An unexpected error occurred during validation; please see the worker logs for more details.";
}

/** DistributedHerder's sink check: the connector's consumer group must not be the workers' group. */
function validateSinkConnectorGroupId(config: ConnectorConfigInput, validated: Map<string, ConfigValue>, workerGroupId: string): void {
  const overrideKey = `${CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX}group.id`;
  if (Object.prototype.hasOwnProperty.call(config, overrideKey)) {
    const groupId = config[overrideKey] ?? null;
    let value = validated.get(overrideKey);
    if (!value) validated.set(overrideKey, (value = new ConfigValue(overrideKey, groupId)));
    if (groupId === workerGroupId) {
      value.addErrorMessage(`Consumer group ${groupId} conflicts with Connect worker group ${workerGroupId}`);
    }
    return;
  }
  const nameValue = validated.get(NAME_CONFIG);
  if (!nameValue) return;
  const name = nameValue.value === null || nameValue.value === undefined ? "null" : String(nameValue.value);
  if (sinkConsumerGroupId(name) === workerGroupId) {
    nameValue.addErrorMessage(`Consumer group for sink connector named ${name} conflicts with Connect worker group ${workerGroupId}`);
  }
}

/** Optional SourceConnector capabilities (KIP-618); absent means "not implemented" (null in Kafka). */
interface ExactlyOnceCapable {
  exactlyOnceSupport?(props: ConfigMap): unknown;
  canDefineTransactionBoundaries?(props: ConfigMap): unknown;
}

/** DistributedHerder's exactly-once and transaction-boundary preflight checks for sources. */
function validateSourceConnectorExactlyOnce(
  connector: Connector,
  config: ConfigMap,
  validated: Map<string, ConfigValue>,
  exactlyOnceSourceEnabled: boolean,
): void {
  const capable = connector as ExactlyOnceCapable;
  const eos = validated.get(EXACTLY_ONCE_SUPPORT_CONFIG);
  if (eos && eos.errorMessages.length === 0 && String(eos.value).trim().toUpperCase() === "REQUIRED") {
    if (!exactlyOnceSourceEnabled) eos.addErrorMessage("This worker does not have exactly-once source support enabled.");
    try {
      const support = capable.exactlyOnceSupport?.(config) ?? null;
      if (support === null) {
        eos.addErrorMessage(
          "The connector does not implement the API required for preflight validation of exactly-once " +
            "source support. Please consult the documentation for the connector to determine whether it supports exactly-once " +
            'semantics, and then consider reconfiguring the connector to use the value "requested" for this property ' +
            "(which will disable this preflight check and allow the connector to be created).",
        );
      } else if (support === "UNSUPPORTED") {
        eos.addErrorMessage("The connector does not support exactly-once semantics with the provided configuration.");
      } else if (support !== "SUPPORTED") {
        throw new Error(`Unexpected value returned from SourceConnector::exactlyOnceSupport: ${String(support)}`);
      }
    } catch (err) {
      eos.addErrorMessage(unexpectedErrorMessage(err));
    }
  }

  const boundary = validated.get(TRANSACTION_BOUNDARY_CONFIG);
  if (boundary && boundary.errorMessages.length === 0 && String(boundary.value).trim().toUpperCase() === "CONNECTOR") {
    try {
      // Kafka's default implementation answers UNSUPPORTED.
      const support = capable.canDefineTransactionBoundaries ? capable.canDefineTransactionBoundaries(config) : "UNSUPPORTED";
      if (support === null || support === undefined) {
        boundary.addErrorMessage(
          "This connector has returned a null value from its canDefineTransactionBoundaries method, which is not permitted. " +
            "The connector will be treated as if it cannot define its own transaction boundaries, and cannot be configured with " +
            "'transaction.boundary' set to 'connector'.",
        );
      } else if (support !== "SUPPORTED") {
        boundary.addErrorMessage(
          "The connector does not support connector-defined transaction boundaries with the given configuration. " +
            "Please reconfigure it to use a different transaction boundary definition.",
        );
      }
    } catch (err) {
      boundary.addErrorMessage(unexpectedErrorMessage(err));
    }
  }
}

/**
 * Validates a connector config as Kafka does (reference §2.2). Invalid values are reported inside
 * the result; thrown are: BadRequestError when `connector.class` is missing or the connector
 * returns no ConfigDef/validation result, ConnectError (500) when the class is unknown.
 *
 * With config providers, validation sees resolved values, but the answer (values, errors, thrown
 * messages) shows each value that held a placeholder as written, and masks every resolved value
 * and every PASSWORD value in free text.
 */
export async function validateConnectorConfig(
  registry: PluginRegistry,
  config: ConnectorConfigInput,
  options: ValidationOptions = {},
): Promise<ConfigInfos> {
  const transformer = options.configTransformer;
  const connType = config[CONNECTOR_CLASS_CONFIG];
  if (connType === null || connType === undefined) {
    // Checked before resolving, so the message shows the map as sent.
    throw new BadRequestError(`Connector config ${javaMapString(config)} contains no connector type`);
  }
  const { data: resolved, transformedKeys, resolvedValues } = transformer?.active
    ? transformer.transform(config)
    : { data: config, transformedKeys: new Set<string>(), resolvedValues: new Set<string>() };
  const secretKeys = secretConfigKeys(registry, resolved);
  const secrets = new SecretRedactor();
  const secretValues = new Set(resolvedValues);
  for (const key of secretKeys) {
    const value = resolved[key];
    if (typeof value === "string") secretValues.add(value);
  }
  secrets.set("", secretValues);
  let infos: ConfigInfos;
  try {
    infos = await validateResolvedConfig(registry, resolved, options);
  } catch (err) {
    if (err instanceof Error && !secrets.empty) {
      err.message = secrets.redact(err.message);
      if (err.stack !== undefined) err.stack = secrets.redact(err.stack);
    }
    throw err;
  }
  return maskConfigInfos(infos, config, transformedKeys, secretKeys, secrets);
}

/** Values from placeholders shown as written, secret values hidden, secrets masked in messages. */
function maskConfigInfos(
  infos: ConfigInfos,
  raw: ConnectorConfigInput,
  transformedKeys: ReadonlySet<string>,
  secretKeys: ReadonlySet<string>,
  secrets: SecretRedactor,
): ConfigInfos {
  if (transformedKeys.size === 0 && secretKeys.size === 0) return infos;
  const configs = infos.configs.map((info): ConfigInfo => {
    if (!info.value) return info;
    const name = info.value.name;
    let value = info.value.value;
    if (transformedKeys.has(name)) value = raw[name] ?? null;
    else if (secretKeys.has(name) && value !== null) value = HIDDEN;
    else if (value !== null) value = secrets.redact(value);
    return {
      definition: info.definition,
      value: {
        ...info.value,
        value,
        errors: info.value.errors.map((e) => secrets.redact(e)),
        recommended_values: info.value.recommended_values.map((v) => secrets.redact(v)),
      },
    };
  });
  return { ...infos, configs };
}

async function validateResolvedConfig(registry: PluginRegistry, config: ConnectorConfigInput, options: ValidationOptions): Promise<ConfigInfos> {
  const connType = config[CONNECTOR_CLASS_CONFIG];
  if (connType === null || connType === undefined) {
    throw new BadRequestError(`Connector config ${javaMapString(config)} contains no connector type`);
  }

  const plugin = registry.connector(connType);
  const connector = plugin.create();
  const kind = connector.kind;
  // Connectors receive the map as sent; JSON nulls are passed through as Kafka does.
  const props = config as ConfigMap;

  const enrichedConfigDef = enrichConnectorConfigDef(registry, frameworkConfigDef(kind, registry), config, false);
  const validated = enrichedConfigDef.validateAll(config, classResolver(registry));
  if (kind === "sink") {
    validateSinkTopics(config, validated);
    if (options.distributed) validateSinkConnectorGroupId(config, validated, options.distributed.workerGroupId);
  } else if (options.distributed) {
    validateSourceConnectorExactlyOnce(connector, props, validated, options.distributed.exactlyOnceSourceEnabled);
  }

  for (const [key, value] of Object.entries(config)) {
    if (value !== null) continue;
    let entry = validated.get(key);
    if (!entry) validated.set(key, (entry = new ConfigValue(key)));
    entry.addErrorMessage(NULL_VALUE_ERROR);
  }

  const configValues = hashMapValues(validated);
  const configKeys = new Map(enrichedConfigDef.configKeys());
  const groups = [...enrichedConfigDef.groups()];

  const connectorDef = connector.config() as ConfigDef | null | undefined;
  if (connectorDef === null || connectorDef === undefined) {
    throw new BadRequestError(`${plugin.className}.config() must return a ConfigDef that is not null.`);
  }
  const connectorValues = (await connector.validate(props)) as ConfigValue[] | null | undefined;
  if (connectorValues === null || connectorValues === undefined) {
    throw new BadRequestError(`${plugin.className}.validate() must return a Config that is not null.`);
  }
  // The connector's keys replace same-named framework keys in place (LinkedHashMap.putAll).
  for (const [name, key] of connectorDef.configKeys()) configKeys.set(name, key);
  for (const g of connectorDef.groups()) if (!groups.includes(g)) groups.push(g);
  configValues.push(...connectorValues);

  const headerConverterInfos = validateConverterConfig(registry, config, validated.get(HEADER_CONVERTER_CLASS_CONFIG), CONVERTERS.header);
  const keyConverterInfos = validateConverterConfig(registry, config, validated.get(KEY_CONVERTER_CLASS_CONFIG), CONVERTERS.key);
  const valueConverterInfos = validateConverterConfig(registry, config, validated.get(VALUE_CONVERTER_CLASS_CONFIG), CONVERTERS.value);

  const configInfos = generateResult(connType, configKeys, configValues, groups);

  const policy = options.clientOverridePolicy ?? clientOverridePolicies.All;
  const defs = options.clientConfigDefs ?? {};
  // DistributedHerder: sources with a separate offsets topic (or exactly-once) also use admin + consumer clients.
  const separateOffsetsClients =
    kind === "source" &&
    options.distributed !== undefined &&
    (options.distributed.exactlyOnceSourceEnabled || (config[OFFSETS_TOPIC_CONFIG] ?? "").trim() !== "");
  const usesProducer = kind === "source" || hasDlqTopicConfig(config);
  const usesAdmin = (kind === "source" ? usesTopicCreation(config) : hasDlqTopicConfig(config)) || separateOffsetsClients;
  const usesConsumer = kind === "sink" || separateOffsetsClients;

  const producerInfos = usesProducer ? validateClientOverrides(config, "producer", policy, defs.producer) : null;
  const adminInfos = usesAdmin ? validateClientOverrides(config, "admin", policy, defs.admin) : null;
  const consumerInfos = usesConsumer ? validateClientOverrides(config, "consumer", policy, defs.consumer) : null;

  return mergeConfigInfos(connType, [
    configInfos,
    producerInfos,
    consumerInfos,
    adminInfos,
    headerConverterInfos,
    keyConverterInfos,
    valueConverterInfos,
  ]);
}

/**
 * Kafka's `AbstractHerder#maybeAddConfigErrors`: the 400 a create/update answers when validation
 * found errors, or null when there are none.
 */
export function configValidationError(infos: ConfigInfos): BadRequestError | null {
  if (infos.error_count <= 0) return null;
  const lines = [`Connector configuration is invalid and contains the following ${infos.error_count} error(s):`];
  for (const info of infos.configs) for (const message of info.value?.errors ?? []) lines.push(message);
  lines.push("You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`");
  return new BadRequestError(lines.join("\n"));
}

const PLUGIN_TYPES: readonly PluginType[] = ["sink", "source", "converter", "header_converter", "transformation", "predicate"];

/**
 * `GET /connector-plugins/{plugin}/config`: the plugin's own keys, then (for connectors) the
 * framework keys it does not redefine. NotFoundError for unknown plugins, BadRequestError for
 * classes that are not connectors, converters, transformations or predicates.
 */
export function pluginConfig(registry: PluginRegistry, plugin: string): ConfigKeyInfo[] {
  const descriptor = registry.find(plugin);
  if (!descriptor) throw new NotFoundError(`Unknown plugin ${plugin}.`);
  const type = PLUGIN_TYPES.find((t) => descriptor.types.includes(t));
  if (type === undefined) {
    throw new BadRequestError(
      `Invalid plugin class ${plugin}. Valid types are sink, source, converter, header_converter, transformation, predicate.`,
    );
  }
  const instance = descriptor.create() as { config(): ConfigDef };
  try {
    const pluginDef = instance.config();
    const keys = new Map(pluginDef.configKeys());
    if (type === "sink" || type === "source") {
      const base = type === "sink" ? sinkConnectorConfigDef() : sourceConnectorConfigDef();
      for (const [name, key] of base.configKeys()) if (!keys.has(name)) keys.set(name, key);
    }
    return [...keys.values()].map((key) => toConfigKeyInfo(key));
  } finally {
    closeQuietly(instance);
  }
}
