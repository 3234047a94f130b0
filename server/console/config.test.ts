import { describe, expect, it } from "vitest";
import { ConsoleConfigError, loadConsoleConfig } from "./config";
import { clusterAuthHeaders } from "./connect-proxy";

const files = (map: Record<string, string>) => (path: string) => {
  const text = map[path];
  if (text === undefined) throw new Error(`ENOENT: no such file '${path}'`);
  return text;
};

describe("loadConsoleConfig", () => {
  it("makes the bundled worker and broker the 'local' clusters, first in the lists", () => {
    const config = loadConsoleConfig({
      FERRY_CONSOLE_CONNECT_URL: "http://127.0.0.1:8083/",
      FERRY_CONSOLE_BOOTSTRAP_SERVERS: "127.0.0.1:9092",
      FERRY_CONNECT_CLUSTERS: "prod=http://connect-1:8083, staging=https://connect-s:8443/base",
    });
    expect(config.connectClusters).toEqual([
      { name: "local", url: "http://127.0.0.1:8083", kafkaCluster: "local", bundled: true },
      { name: "prod", url: "http://connect-1:8083" },
      { name: "staging", url: "https://connect-s:8443/base" },
    ]);
    expect(config.kafkaClusters).toEqual([{ name: "local", bootstrapServers: "127.0.0.1:9092" }]);
  });

  it("reads clusters from the JSON file FERRY_CONSOLE_CONFIG names, and Kafka clusters from FERRY_KAFKA_CLUSTERS", () => {
    const config = loadConsoleConfig(
      {
        FERRY_CONSOLE_CONFIG: "/etc/ferry/console.json",
        FERRY_KAFKA_CLUSTERS: "dev=d1:9092,d2:9092; qa=q1:9092",
      },
      files({
        "/etc/ferry/console.json": JSON.stringify({
          connectClusters: [{ name: "apache", url: "http://kc:8083", kafkaCluster: "dev" }],
          kafkaClusters: [{ name: "other", bootstrapServers: "o:9092" }],
        }),
      }),
    );
    expect(config.connectClusters).toEqual([{ name: "apache", url: "http://kc:8083", kafkaCluster: "dev" }]);
    expect(config.kafkaClusters.map((k) => [k.name, k.bootstrapServers])).toEqual([
      ["other", "o:9092"],
      ["dev", "d1:9092,d2:9092"],
      ["qa", "q1:9092"],
    ]);
  });

  it("has no clusters when nothing is configured", () => {
    expect(loadConsoleConfig({})).toEqual({ connectClusters: [], kafkaClusters: [] });
  });

  it.each([
    [{ FERRY_CONNECT_CLUSTERS: "prod" }, /FERRY_CONNECT_CLUSTERS: expected name=value, got 'prod'/],
    [{ FERRY_CONNECT_CLUSTERS: "prod=ftp://x" }, /url: a Connect REST URL starts with http/],
    [{ FERRY_CONNECT_CLUSTERS: "bad name=http://x:1" }, /name: cluster names use letters/],
    [{ FERRY_CONNECT_CLUSTERS: "a=http://x:1,a=http://y:1" }, /the name 'a' is used twice/],
    [{ FERRY_CONSOLE_CONFIG: "/missing.json" }, /FERRY_CONSOLE_CONFIG=\/missing.json: ENOENT/],
    [{ FERRY_CONSOLE_CONFIG: "/bad.json" }, /\/bad.json: connectClusters.0.url/],
    [{ FERRY_CONSOLE_CONFIG: "/kafka.json" }, /Connect cluster 'c' names an unknown Kafka cluster 'nope'/],
  ])("refuses a bad configuration with a message naming the place: %j", (env, message) => {
    const read = files({
      "/bad.json": JSON.stringify({ connectClusters: [{ name: "x", url: "not a url" }] }),
      "/kafka.json": JSON.stringify({ connectClusters: [{ name: "c", url: "http://c:1", kafkaCluster: "nope" }] }),
    });
    expect(() => loadConsoleConfig(env, read)).toThrow(ConsoleConfigError);
    expect(() => loadConsoleConfig(env, read)).toThrow(message);
  });

  it("reads a cluster's Basic credentials, and never takes the bundled worker's trust from a file", () => {
    const config = loadConsoleConfig(
      { FERRY_CONSOLE_CONFIG: "/c.json" },
      files({ "/c.json": JSON.stringify({ connectClusters: [{ name: "local", url: "http://kc:8083", bundled: true, auth: { username: "console", password: "pw" } }] }) }),
    );
    const [cluster] = config.connectClusters;
    expect(cluster).toEqual({ name: "local", url: "http://kc:8083", auth: { username: "console", password: "pw" } });
    const env = { FERRY_CONSOLE_CONNECT_TOKEN: "tok" };
    expect(clusterAuthHeaders(cluster!, { user: "ada", role: "admin" }, env)).toEqual({ authorization: `Basic ${Buffer.from("console:pw").toString("base64")}` });
    const bundled = loadConsoleConfig({ FERRY_CONSOLE_CONNECT_URL: "http://127.0.0.1:8083" }).connectClusters[0]!;
    expect(clusterAuthHeaders(bundled, { user: "ada", role: "admin" }, env)).toEqual({ authorization: "Bearer tok", "x-ferry-user": "ada", "x-ferry-role": "admin" });
    expect(clusterAuthHeaders(bundled, undefined, {})).toEqual({});
  });
});
