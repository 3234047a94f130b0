import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { ConnectorFileError, parseConnectorFile, readConnectorFile } from "./connector-files";

const P = "/etc/ferry/c.json";

describe("parseConnectorFile", () => {
  it("format 1: a JSON object of strings (numbers and booleans become strings)", () => {
    const text = JSON.stringify({ name: "local-file-source", "connector.class": "FileStreamSource", "tasks.max": 1, "errors.log.enable": true });
    expect(parseConnectorFile(P, text)).toEqual({
      name: "local-file-source",
      config: { name: "local-file-source", "connector.class": "FileStreamSource", "tasks.max": "1", "errors.log.enable": "true" },
      format: "json-config",
    });
  });

  it("format 1 without name is Kafka's error", () => {
    expect(() => parseConnectorFile(P, JSON.stringify({ "connector.class": "FileStreamSource" }))).toThrow(
      new ConnectorFileError(`Connector configuration at '${P}' is missing the mandatory 'name' configuration`),
    );
  });

  it("format 2: a POST /connectors body; name inserted, initial_state mapped, unknown fields ignored", () => {
    const text = JSON.stringify({ name: "src", config: { "connector.class": "FileStreamSource", topic: "t" }, initial_state: "paused", comment: "ignored" });
    expect(parseConnectorFile(P, text)).toEqual({
      name: "src",
      config: { "connector.class": "FileStreamSource", topic: "t", name: "src" },
      initialState: "PAUSED",
      format: "json-request",
    });
    const stopped = parseConnectorFile(P, JSON.stringify({ name: "s", config: { name: "s" }, initial_state: "STOPPED" }));
    expect(stopped.initialState).toBe("STOPPED");
    expect(parseConnectorFile(P, JSON.stringify({ name: "r", config: {}, initial_state: "running" })).initialState).toBe("STARTED");
    expect(parseConnectorFile(P, JSON.stringify({ name: "n", config: {} })).initialState).toBeUndefined();
  });

  it("format 2: config.name must equal name", () => {
    expect(() => parseConnectorFile(P, JSON.stringify({ name: "a", config: { name: "b" } }))).toThrow(
      `Connector name configuration in 'config' doesn't match the one specified in 'name' at '${P}'`,
    );
  });

  it("format 2 without name is the missing-name error", () => {
    expect(() => parseConnectorFile(P, JSON.stringify({ config: { "connector.class": "X" } }))).toThrow(/is missing the mandatory 'name' configuration/);
  });

  it("a JSON object that fits neither JSON form says why", () => {
    expect(() => parseConnectorFile(P, JSON.stringify({ name: "a", config: { nested: { x: 1 } } }))).toThrow(
      /is neither a JSON object of strings nor a connector creation request .*at 'config\.nested'/,
    );
    expect(() => parseConnectorFile(P, JSON.stringify({ name: "a", initial_state: "FLYING", config: {} }))).toThrow(ConnectorFileError);
  });

  it("format 3: a .properties file", () => {
    const text = "# a FileStreamSource\nname=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=test.txt\ntopic=connect-test\n";
    expect(parseConnectorFile("/x/c.properties", text)).toEqual({
      name: "local-file-source",
      config: { name: "local-file-source", "connector.class": "FileStreamSource", "tasks.max": "1", file: "test.txt", topic: "connect-test" },
      format: "properties",
    });
  });

  it("format 3 without name is Kafka's error; invalid JSON and non-objects are read as properties", () => {
    expect(() => parseConnectorFile("/x/c.properties", "connector.class=X\n")).toThrow(
      "Connector configuration at '/x/c.properties' is missing the mandatory 'name' configuration",
    );
    expect(() => parseConnectorFile(P, '{"name": "broken",')).toThrow(/missing the mandatory 'name'/);
    expect(() => parseConnectorFile(P, '["name=x"]')).toThrow(/missing the mandatory 'name'/);
    expect(() => parseConnectorFile(P, "")).toThrow(/missing the mandatory 'name'/);
  });

  it("JSON nulls are refused with a message naming the key", () => {
    expect(() => parseConnectorFile(P, JSON.stringify({ name: "a", topic: null }))).toThrow(/null value for 'topic'/);
    expect(() => parseConnectorFile(P, JSON.stringify({ name: "a", config: { topic: null } }))).toThrow(/null value for 'topic'/);
  });
});

describe("readConnectorFile", () => {
  it("reads each format from disk and reports unreadable files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ferry-connector-files-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const files = {
      flat: join(dir, "flat.json"),
      request: join(dir, "request.json"),
      props: join(dir, "c.properties"),
    };
    writeFileSync(files.flat, JSON.stringify({ name: "a", "connector.class": "FileStreamSink" }));
    writeFileSync(files.request, JSON.stringify({ name: "b", config: { "connector.class": "FileStreamSink" } }));
    writeFileSync(files.props, "name = c\nconnector.class = FileStreamSink\n");
    expect((await readConnectorFile(files.flat)).format).toBe("json-config");
    expect((await readConnectorFile(files.request)).format).toBe("json-request");
    expect(await readConnectorFile(files.props)).toMatchObject({ name: "c", format: "properties" });
    await expect(readConnectorFile(join(dir, "nope.json"))).rejects.toThrow(/Could not read connector configuration at '.*nope\.json'/);
  });
});
