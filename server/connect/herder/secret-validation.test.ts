import { describe, expect, it } from "vitest";
import { ConfigTransformer } from "../config-providers/config-transformer";
import type { ConfigProvider } from "../config-providers/config-provider";
import { createPluginRegistry } from "../plugins/registry";
import { parseWorkerConfig, WorkerConfigError } from "../worker-config";
import { configValidationError, validateConnectorConfig, type ConfigInfos } from "./validation";

const HTTP_SINK = "ferry.connect.http.HttpSinkConnector";
const BAD_TOLERANCE = "bad-tolerance-7Hq2Xp";
const TOKEN = "bearer-token-4Wz8Lm";

const provider: ConfigProvider = {
  configure: () => undefined,
  close: () => undefined,
  get: (_path, keys) => {
    const known: Record<string, string> = { tolerance: BAD_TOLERANCE, token: TOKEN, url: "http://127.0.0.1:9/x", tasks: "0" };
    return new Map([...keys].flatMap((k): [string, string][] => (known[k] === undefined ? [] : [[k, known[k]]])));
  },
};
const configTransformer = new ConfigTransformer(new Map([["p", provider]]));
const registry = createPluginRegistry();

const valueOf = (infos: ConfigInfos, name: string) => infos.configs.find((c) => c.value?.name === name)?.value;

describe("validation with config providers", () => {
  const config = {
    "connector.class": HTTP_SINK,
    name: "h",
    topics: "t",
    "http.api.url": "${p:url}",
    "bearer.token": "${p:token}",
    "connection.password": "given-as-is-pw",
    "errors.tolerance": "${p:tolerance}",
    "tasks.max": "${p:tasks}",
    "producer.override.ssl.key.password": "override-pw-1",
  };

  it("validates resolved values and answers with placeholders, PASSWORD values hidden, secrets masked", async () => {
    const infos = await validateConnectorConfig(registry, config, { configTransformer });
    // Resolved values were validated: tasks.max 0 and the tolerance are invalid, the URL is fine.
    expect(valueOf(infos, "tasks.max")?.errors).toEqual(["Invalid value 0 for configuration tasks.max: Value must be at least 1"]);
    expect(valueOf(infos, "tasks.max")?.value).toBe("${p:tasks}");
    expect(valueOf(infos, "errors.tolerance")?.errors.join()).toContain("Invalid value [hidden] for configuration errors.tolerance");
    expect(valueOf(infos, "errors.tolerance")?.value).toBe("${p:tolerance}");
    expect(valueOf(infos, "http.api.url")?.errors).toEqual([]);
    expect(valueOf(infos, "http.api.url")?.value).toBe("${p:url}");
    expect(valueOf(infos, "bearer.token")?.value).toBe("${p:token}");
    expect(valueOf(infos, "connection.password")?.value).toBe("[hidden]");
    const text = JSON.stringify(infos);
    for (const secret of [BAD_TOLERANCE, TOKEN, "given-as-is-pw"]) expect(text).not.toContain(secret);
    expect(configValidationError(infos)?.message).toContain("[hidden]");
  });

  it("answers as before without providers", async () => {
    const plain = { ...config, "tasks.max": "1", "errors.tolerance": "none", "http.api.url": "http://127.0.0.1:9/x", "bearer.token": "tok-as-is" };
    const withoutProviders = await validateConnectorConfig(registry, plain);
    const withProviders = await validateConnectorConfig(registry, plain, { configTransformer });
    expect(withProviders).toEqual(withoutProviders);
    expect(valueOf(withoutProviders, "connection.password")?.value).toBe("[hidden]");
  });
});

describe("worker config providers", () => {
  const base = { "key.converter": "org.apache.kafka.connect.json.JsonConverter", "value.converter": "org.apache.kafka.connect.json.JsonConverter" };

  it("refuses to start with an unknown provider class, naming the key", () => {
    expect(() => parseWorkerConfig({ ...base, "config.providers": "vault", "config.providers.vault.class": "com.example.Vault" })).toThrow(WorkerConfigError);
    expect(() => parseWorkerConfig({ ...base, "config.providers": "vault", "config.providers.vault.class": "com.example.Vault" })).toThrow(
      /config\.providers\.vault\.class/,
    );
  });

  it("accepts Kafka's providers", () => {
    const parsed = parseWorkerConfig({ ...base, "config.providers": "file,env", "config.providers.file.class": "org.apache.kafka.common.config.provider.FileConfigProvider", "config.providers.env.class": "EnvVarConfigProvider" });
    expect(parsed.originals["config.providers"]).toBe("file,env");
  });
});
