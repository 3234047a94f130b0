import { MASKED_VALUE } from "./config-diff";

/**
 * Which values of a connector config are secrets, and how the console hides them. A key is secret
 * when its plugin declares it PASSWORD, or when it is a Kafka client password (client overrides such
 * as `producer.override.ssl.key.password`, `sasl.jaas.config`). A config-provider placeholder
 * (`${file:/etc/secrets:db.password}`) is not a secret itself and is always shown as it is.
 */

/** Kafka client configs of type PASSWORD (SslConfigs, SaslConfigs; KIP-1139 OAuth secrets). */
export const CLIENT_PASSWORD_CONFIGS: ReadonlySet<string> = new Set([
  "sasl.jaas.config",
  "ssl.key.password",
  "ssl.keystore.password",
  "ssl.keystore.key",
  "ssl.keystore.certificate.chain",
  "ssl.truststore.password",
  "ssl.truststore.certificates",
  "sasl.oauthbearer.client.credentials.client.secret",
  "sasl.oauthbearer.assertion.private.key.passphrase",
]);

/** True for a client config name that is a password in Kafka's client ConfigDefs (or looks like one). */
export function isClientPasswordConfig(name: string): boolean {
  return CLIENT_PASSWORD_CONFIGS.has(name) || name.endsWith(".password");
}

/** True for a key that holds a secret whatever the plugin says: a (prefixed) client password. */
export function isClientSecretKey(key: string): boolean {
  if (isClientPasswordConfig(key) || key === "password") return true;
  for (const name of CLIENT_PASSWORD_CONFIGS) if (key.endsWith(`.${name}`)) return true;
  return false;
}

/** A value that is only config-provider references (`${provider:path:key}`), resolved by the worker. */
export function isProviderPlaceholder(value: string): boolean {
  return /^(\$\{[^{}]+\})+$/.test(value.trim());
}

/** The plugin's PASSWORD keys plus the client secrets present in the config. */
export function secretKeysOf(config: Readonly<Record<string, unknown>>, passwordKeys: Iterable<string> = []): Set<string> {
  const keys = new Set(passwordKeys);
  for (const key of Object.keys(config)) if (isClientSecretKey(key)) keys.add(key);
  return keys;
}

/** The config with every secret value replaced by "[hidden]" (placeholders and empty values kept). */
export function maskConfig<T extends Record<string, unknown>>(config: T, secretKeys: ReadonlySet<string>): T {
  const out: Record<string, unknown> = { ...config };
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (!secretKeys.has(key) || typeof value !== "string" || value === "" || isProviderPlaceholder(value)) continue;
    out[key] = MASKED_VALUE;
  }
  return out as T;
}

/**
 * The config to store from an edited one: a secret still "[hidden]" takes its stored value, so an
 * unchanged secret is kept and the mask is never written back. Returns the keys that could not be
 * kept (masked, but nothing stored under that key).
 */
export function keepMaskedSecrets(
  edited: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
): { config: Record<string, unknown>; kept: string[]; missing: string[] } {
  const config: Record<string, unknown> = { ...edited };
  const kept: string[] = [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(edited)) {
    if (value !== MASKED_VALUE || !secretKeys.has(key)) continue;
    const before = Object.hasOwn(stored, key) ? stored[key] : undefined;
    if (before !== undefined && before !== MASKED_VALUE) {
      config[key] = before;
      kept.push(key);
    } else {
      missing.push(key);
    }
  }
  return { config, kept, missing };
}
