import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileAllowedPaths, parseWorkerConfig } from "./worker-config";

const base = { "key.converter": "k", "value.converter": "v" };

describe("worker security settings", () => {
  it("reads the users file, the audit log file and the allowed paths", () => {
    const config = parseWorkerConfig({
      ...base,
      "rest.auth.users.file": " /etc/ferry/users ",
      "audit.log.file": "/var/log/ferry/audit.log",
      "connector.file.allowed.paths": "/srv/in, /srv/out,,",
    });
    expect(config.values["rest.auth.users.file"]).toBe("/etc/ferry/users");
    expect(config.values["audit.log.file"]).toBe("/var/log/ferry/audit.log");
    expect(fileAllowedPaths(config)).toEqual(["/srv/in", "/srv/out"]);
  });

  it("leaves authentication and the audit log off when unset or empty", () => {
    const config = parseWorkerConfig({ ...base, "rest.auth.users.file": "" });
    expect(config.values["rest.auth.users.file"]).toBeUndefined();
    expect(config.values["audit.log.file"]).toBeUndefined();
  });

  it("allows the offsets file's directory and the current directory by default", () => {
    expect(fileAllowedPaths(parseWorkerConfig({ ...base, "offset.storage.file.filename": "state/connect.offsets" }), "/work")).toEqual([join("/work", "state"), "/work"]);
    expect(fileAllowedPaths(parseWorkerConfig(base), "/work")).toEqual(["/work"]);
    // An empty setting allows nothing but standard input and output.
    expect(fileAllowedPaths(parseWorkerConfig({ ...base, "connector.file.allowed.paths": "" }), "/work")).toEqual([]);
  });
});
