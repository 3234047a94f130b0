import { MASKED_VALUE } from "../../lib/connect/config-diff";
import { isClientSecretKey, keepMaskedSecrets, maskConfig, secretKeysOf } from "../../lib/connect/secrets";
import type { ConnectCluster } from "./config";
import { callConnect } from "./connect-proxy";
import type { SessionUser } from "./session";

/**
 * Secrets between a Connect cluster and the browser. Every config the console's server passes on has
 * its secret values replaced by "[hidden]" (for every user: the browser never needs them), and a
 * config sent back with "[hidden]" for a secret gets the stored value in its place, so an unchanged
 * secret is kept and the mask is never written. Secret keys are the plugin's PASSWORD keys (from
 * `GET /connector-plugins/{class}/config`, cached per cluster and class) plus client passwords.
 */

const CLASS_KEY = "connector.class";
const PASSWORD_KEYS_KEY = Symbol.for("ferry.console.passwordKeys");
type Config = Record<string, string>;

function cache(): Map<string, Set<string>> {
  const holder = globalThis as { [PASSWORD_KEYS_KEY]?: Map<string, Set<string>> };
  return (holder[PASSWORD_KEYS_KEY] ??= new Map());
}

/** The PASSWORD keys a connector class declares on that cluster (empty when it cannot be asked). */
export async function pluginPasswordKeys(cluster: ConnectCluster, connectorClass: string | undefined, actor: SessionUser | undefined, fetchImpl: typeof fetch = fetch): Promise<Set<string>> {
  if (!connectorClass) return new Set();
  const key = `${cluster.name}\0${cluster.url}\0${connectorClass}`;
  const known = cache().get(key);
  if (known) return known;
  const res = await callConnect(cluster, { method: "GET", path: ["connector-plugins", connectorClass, "config"], actor }, fetchImpl);
  if (!res.ok) return new Set();
  const body: unknown = await res.json().catch(() => undefined);
  if (!Array.isArray(body)) return new Set();
  const keys = new Set<string>();
  for (const def of body as { name?: unknown; type?: unknown }[]) {
    if (typeof def?.name === "string" && def.type === "PASSWORD") keys.add(def.name);
  }
  if (cache().size > 1000) cache().clear();
  cache().set(key, keys);
  return keys;
}

function isConfig(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface SecretContext {
  cluster: ConnectCluster;
  actor: SessionUser | undefined;
  fetchImpl?: typeof fetch;
}

async function maskWithClass(ctx: SecretContext, config: Config, connectorClass: string | undefined): Promise<Config> {
  const passwordKeys = await pluginPasswordKeys(ctx.cluster, connectorClass, ctx.actor, ctx.fetchImpl);
  return maskConfig(config, secretKeysOf(config, passwordKeys));
}

async function storedConfig(ctx: SecretContext, name: string): Promise<Config | undefined> {
  const res = await callConnect(ctx.cluster, { method: "GET", path: ["connectors", name, "config"], actor: ctx.actor }, ctx.fetchImpl);
  if (!res.ok) return undefined;
  const body: unknown = await res.json().catch(() => undefined);
  return isConfig(body) ? body : undefined;
}

/** An info answer ({name, config, tasks, type}) with its config masked. */
async function maskInfo(ctx: SecretContext, info: unknown): Promise<unknown> {
  if (!isConfig(info) || !isConfig((info as { config?: unknown }).config)) return info;
  const config = (info as unknown as { config: Config }).config;
  return { ...info, config: await maskWithClass(ctx, config, config[CLASS_KEY]) };
}

/**
 * The JSON body of a Connect answer with every connector config in it masked, or undefined when
 * the request carries no config (the body then passes through untouched).
 */
export async function maskConnectBody(ctx: SecretContext, method: string, path: readonly string[], search: string, body: unknown): Promise<unknown> {
  const m = method.toUpperCase();
  const [first, name, sub, ...rest] = path;
  if (first === "connectors") {
    if (name === undefined) {
      if (m === "POST") return maskInfo(ctx, body);
      if (m === "GET" && new URLSearchParams(search).getAll("expand").includes("info") && isConfig(body)) {
        const out: Record<string, unknown> = {};
        for (const [connector, expanded] of Object.entries(body as Record<string, unknown>)) {
          out[connector] = isConfig(expanded) && "info" in expanded ? { ...expanded, info: await maskInfo(ctx, expanded.info) } : expanded;
        }
        return out;
      }
      return undefined;
    }
    if (sub === undefined && m === "GET") return maskInfo(ctx, body);
    if (sub === "config" && rest.length === 0) {
      if (m === "GET" && isConfig(body)) return maskWithClass(ctx, body, body[CLASS_KEY]);
      if (m === "PUT" || m === "PATCH") return maskInfo(ctx, body);
      return undefined;
    }
    if ((sub === "tasks" && rest.length === 0) || sub === "tasks-config") {
      // Task configs do not say the connector's class: ask the connector's own config.
      const connectorClass = (await storedConfig(ctx, name))?.[CLASS_KEY];
      if (sub === "tasks" && Array.isArray(body)) {
        return Promise.all(body.map(async (task: unknown) => (isConfig(task) && isConfig(task.config) ? { ...task, config: await maskWithClass(ctx, task.config as unknown as Config, connectorClass) } : task)));
      }
      if (sub === "tasks-config" && isConfig(body)) {
        const out: Record<string, unknown> = {};
        for (const [task, config] of Object.entries(body as Record<string, unknown>)) out[task] = isConfig(config) ? await maskWithClass(ctx, config, connectorClass) : config;
        return out;
      }
    }
    return undefined;
  }
  if (first === "connector-plugins" && m === "PUT" && path.at(-1) === "validate") return maskValidation(body);
  return undefined;
}

/** A validate answer: the value of a PASSWORD definition (or a client password) is masked. */
function maskValidation(body: unknown): unknown {
  if (!isConfig(body) || !Array.isArray((body as { configs?: unknown }).configs)) return undefined;
  const configs = (body as unknown as { configs: { definition?: { name?: string; type?: string } | null; value?: { name?: string; value?: string | null } | null }[] }).configs;
  return {
    ...body,
    configs: configs.map((c) => {
      const value = c.value?.value;
      const key = c.value?.name ?? c.definition?.name ?? "";
      const secret = c.definition?.type === "PASSWORD" || isClientSecretKey(key);
      if (!secret || typeof value !== "string" || value === "" || !c.value) return c;
      const masked = maskConfig({ [key]: value }, new Set([key]))[key];
      return { ...c, value: { ...c.value, value: masked } };
    }),
  };
}

export class MaskedSecretError extends Error {
  override name = "MaskedSecretError";
}

/**
 * A request body with each "[hidden]" secret replaced by its stored value: the body of
 * `PUT|PATCH /connectors/{n}/config` and of a validation (whose config names its connector). Other
 * requests: undefined (the body passes through). Throws MaskedSecretError when a masked secret has
 * no stored value to keep.
 */
export async function restoreSecretsInBody(ctx: SecretContext, method: string, path: readonly string[], body: unknown): Promise<unknown> {
  const m = method.toUpperCase();
  const [first, name, sub, ...rest] = path;
  let connector: string | undefined;
  if (first === "connectors" && name !== undefined && sub === "config" && rest.length === 0 && (m === "PUT" || m === "PATCH")) connector = name;
  else if (first === "connector-plugins" && m === "PUT" && path.at(-1) === "validate" && isConfig(body) && typeof body.name === "string") connector = body.name;
  if (connector === undefined || !isConfig(body) || !Object.values(body).includes(MASKED_VALUE)) return undefined;
  const stored = (await storedConfig(ctx, connector)) ?? {};
  const connectorClass = (typeof body[CLASS_KEY] === "string" ? body[CLASS_KEY] : undefined) ?? stored[CLASS_KEY] ?? (first === "connector-plugins" ? name : undefined);
  const passwordKeys = await pluginPasswordKeys(ctx.cluster, connectorClass, ctx.actor, ctx.fetchImpl);
  const { config, missing } = keepMaskedSecrets(body, stored, secretKeysOf({ ...stored, ...body }, passwordKeys));
  if (missing.length > 0) throw new MaskedSecretError(`No stored value to keep for the hidden secret ${missing.join(", ")}: type it`);
  return config;
}
