import { describe, expect, it } from "vitest";
import { isClientSecretKey, isProviderPlaceholder, keepMaskedSecrets, maskConfig, secretKeysOf } from "./secrets";

describe("connector secrets", () => {
  it("knows client passwords under any prefix", () => {
    for (const key of ["producer.override.ssl.key.password", "consumer.override.sasl.jaas.config", "admin.override.ssl.truststore.password", "password"]) {
      expect(isClientSecretKey(key), key).toBe(true);
    }
    for (const key of ["topic", "connection.user", "password.encoder.algorithm"]) expect(isClientSecretKey(key), key).toBe(false);
  });

  it("masks secret values but shows provider placeholders and empty values", () => {
    const config = { "db.password": "pw", "db.user": "u", "x.password": "${file:/etc/s:pw}", "sasl.jaas.config": "", token: "t" };
    const keys = secretKeysOf(config, ["db.password", "token"]);
    expect(maskConfig(config, keys)).toEqual({ "db.password": "[hidden]", "db.user": "u", "x.password": "${file:/etc/s:pw}", "sasl.jaas.config": "", token: "[hidden]" });
    expect(isProviderPlaceholder("${env:DB_PW}")).toBe(true);
    expect(isProviderPlaceholder("pre${env:DB_PW}")).toBe(false);
  });

  it("puts the stored value back for a secret left masked, and reports one with nothing stored", () => {
    const stored = { "db.password": "pw", topic: "a" };
    const keys = new Set(["db.password", "other.password"]);
    expect(keepMaskedSecrets({ "db.password": "[hidden]", topic: "b" }, stored, keys)).toEqual({ config: { "db.password": "pw", topic: "b" }, kept: ["db.password"], missing: [] });
    expect(keepMaskedSecrets({ "db.password": "new", topic: "b" }, stored, keys).config["db.password"]).toBe("new");
    expect(keepMaskedSecrets({ "other.password": "[hidden]" }, stored, keys).missing).toEqual(["other.password"]);
    // A non-secret key whose value happens to be the mask text is sent as typed.
    expect(keepMaskedSecrets({ topic: "[hidden]" }, stored, keys).config.topic).toBe("[hidden]");
  });
});
