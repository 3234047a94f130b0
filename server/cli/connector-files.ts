import { readFile } from "node:fs/promises";
import { z } from "zod";
import { configBodySchema, createConnectorRequestSchema, type ConnectorConfig, type TargetState } from "../../lib/connect/schemas";
import { parseProperties } from "../connect/properties";

/** A connector to create from the command line (Kafka's CreateConnectorRequest). */
export interface ConnectorFileRequest {
  name: string;
  config: ConnectorConfig;
  initialState?: TargetState;
  /** Which of the three formats the file was read as. */
  format: "json-config" | "json-request" | "properties";
}

/** A connector file that cannot be used; standalone stops with exit code 3. */
export class ConnectorFileError extends Error {
  override name = "ConnectorFileError";
}

/** Format 2: the POST /connectors body; unknown fields are ignored (FAIL_ON_UNKNOWN_PROPERTIES off). */
const requestFileSchema = z.object({
  name: z.string().nullish(),
  config: configBodySchema,
  initial_state: createConnectorRequestSchema.shape.initial_state,
});

const INITIAL_STATES = { RUNNING: "STARTED", PAUSED: "PAUSED", STOPPED: "STOPPED" } as const;

/**
 * ConnectStandalone#parseConnectorConfigurationFile: the file is tried as (1) a JSON object of
 * strings, (2) a JSON `{"name","config","initial_state"}` object, (3) a Java `.properties` file,
 * in that order, with Kafka's error messages.
 */
export function parseConnectorFile(path: string, text: string): ConnectorFileRequest {
  const missingName = () => new ConnectorFileError(`Connector configuration at '${path}' is missing the mandatory 'name' configuration`);
  const json = parseJsonObject(text);
  if (json !== undefined) {
    const flat = configBodySchema.safeParse(json);
    if (flat.success) {
      const name = flat.data.name;
      if (name === undefined) throw missingName();
      return { name: name ?? "", config: nonNull(path, flat.data), format: "json-config" };
    }
    const request = requestFileSchema.safeParse(json);
    if (request.success) {
      const { name, config, initial_state } = request.data;
      // Kafka would pass a null name on and fail later; say what is wrong instead.
      if (name === null || name === undefined) throw missingName();
      if (Object.hasOwn(config, "name") && config.name !== name) {
        throw new ConnectorFileError(`Connector name configuration in 'config' doesn't match the one specified in 'name' at '${path}'`);
      }
      return {
        name,
        config: nonNull(path, { ...config, name }),
        initialState: initial_state ? INITIAL_STATES[initial_state] : undefined,
        format: "json-request",
      };
    }
    // Kafka: a JSON object Jackson can bind to neither form fails with an NPE or binding error.
    const issue = request.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at '${issue.path.map(String).join(".")}'` : "";
    throw new ConnectorFileError(
      `Connector configuration at '${path}' is neither a JSON object of strings nor a connector creation request ({"name","config","initial_state"}): ${issue?.message ?? "invalid"}${at}`,
    );
  }
  const props = parseProperties(text);
  const name = props.name;
  if (name === undefined) throw missingName();
  return { name, config: props, format: "properties" };
}

/** Reads and parses one connector file. */
export async function readConnectorFile(path: string): Promise<ConnectorFileRequest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConnectorFileError(`Could not read connector configuration at '${path}': ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseConnectorFile(path, text);
}

/** A JSON object, or undefined when the text is not JSON or not an object (then it is a properties file). */
function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Kafka keeps JSON nulls and the herder's validation rejects them; the herder here takes strings only. */
function nonNull(path: string, config: Record<string, string | null>): ConnectorConfig {
  const nullKey = Object.keys(config).find((k) => config[k] === null);
  if (nullKey !== undefined) {
    throw new ConnectorFileError(`Connector configuration at '${path}' has a null value for '${nullKey}': Null value can not be supplied as the configuration value.`);
  }
  return config as ConnectorConfig;
}
