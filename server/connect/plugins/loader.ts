import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { register } from "node:module";
import { extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PluginDescriptor, PluginType } from "../api";

/**
 * `plugin.path` loading, as Kafka's PluginScanner/DelegatingClassLoader: each entry is a directory
 * holding plugin packages, or is itself one plugin. A plugin is
 *
 *   - a package: a folder with a `package.json`, loaded from its `main` (or `exports["."]`, or an
 *     `index.{ts,mts,mjs,js}`); its own `node_modules` serve its dependencies, as usual in Node;
 *   - a module: one `.js`, `.mjs`, `.cjs`, `.ts` or `.mts` file.
 *
 * The module exports its PluginDescriptor(s) as the default export (one descriptor or an array) or
 * as a named `plugins` array. Plugins import the SDK as `ferry/connect`, which resolves to this
 * Ferry's own SDK module wherever the plugin lives (see {@link registerSdkResolution}), so `instanceof`
 * checks between the plugin and the worker hold.
 *
 * A plugin that fails to load or to register is logged with its path and reason and left out; the
 * others load and the worker starts (Kafka logs such failures and goes on, too).
 */

export interface PluginLoadFailure {
  /** The file or folder that was being loaded. */
  location: string;
  reason: string;
}

export interface LoadedPlugin {
  location: string;
  descriptor: PluginDescriptor<unknown>;
}

export interface PluginLoadResult {
  plugins: LoadedPlugin[];
  failures: PluginLoadFailure[];
}

/** The subset of the worker's Logger the loader writes to. */
export interface PluginLoaderLogger {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export interface LoadPluginPathOptions {
  logger?: PluginLoaderLogger;
  /** Classes already installed (the built-ins): a plugin may not replace one. */
  installed?: (className: string) => boolean;
  /** How a module is imported (default: dynamic `import()` of its file URL). */
  importModule?: (url: string) => Promise<unknown>;
}

const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".ts", ".mts"]);
const INDEX_FILES = ["index.ts", "index.mts", "index.mjs", "index.js"];
const PLUGIN_TYPES: readonly PluginType[] = ["source", "sink", "converter", "header_converter", "transformation", "predicate"];
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

const silentLogger: PluginLoaderLogger = { info() {}, warn() {}, error() {} };

/** Bare specifiers a plugin may import from Ferry, and the file each one is (from Ferry's root; package.json "exports" agrees). */
export const SDK_FILES = {
  "ferry/connect": "server/connect/api/index.ts",
  "ferry/testing": "server/connect/plugins/testing.ts",
} as const;

const FERRY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The SDK modules as the file URLs Ferry itself loads them by (so a plugin shares Ferry's classes). */
export function sdkModules(): Record<string, string> {
  return Object.fromEntries(Object.entries(SDK_FILES).map(([specifier, file]) => [specifier, pathToFileURL(realpathSync(join(FERRY_ROOT, file))).href]));
}

// A module-resolution hook (run by Node on its loader thread): `ferry/connect` and `ferry/testing`
// are rewritten to Ferry's own files from anywhere; the next hook (tsx's) resolves the result.
const RESOLVE_HOOKS = `
let modules = {};
export function initialize(data) { modules = data.modules; }
export async function resolve(specifier, context, next) {
  // The mapped file URL goes on through the chain, so that tsx's resolver prepares TypeScript loading.
  return next(modules[specifier] ?? specifier, context);
}
`;

let sdkResolutionRegistered = false;

/**
 * Makes `import ... from "ferry/connect"` resolve to this Ferry's SDK in every module loaded from now
 * on, wherever the importing file lives (a plugin folder outside Ferry has no `node_modules/ferry`).
 * Idempotent. Runs on Node's module loader, so the modules must be imported natively (as the worker
 * and `ferry plugin test` do), not through a bundler.
 */
export function registerSdkResolution(): void {
  if (sdkResolutionRegistered) return;
  sdkResolutionRegistered = true;
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOKS)}`, { data: { modules: sdkModules() } });
}

/** The `plugin.path` entries as plugin locations (packages and module files), in a stable order. */
export function discoverPlugins(entries: readonly string[]): { locations: string[]; failures: PluginLoadFailure[] } {
  const locations: string[] = [];
  const failures: PluginLoadFailure[] = [];
  for (const entry of entries) {
    const path = resolve(entry);
    if (!existsSync(path)) {
      failures.push({ location: path, reason: "plugin.path entry does not exist" });
      continue;
    }
    if (statSync(path).isFile() || existsSync(join(path, "package.json"))) {
      locations.push(path);
      continue;
    }
    for (const name of readdirSync(path).sort()) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const child = join(path, name);
      const stat = statSync(child);
      if (stat.isDirectory() ? existsSync(join(child, "package.json")) : MODULE_EXTENSIONS.has(extname(name)) && !name.endsWith(".d.ts")) {
        locations.push(child);
      }
    }
  }
  return { locations, failures };
}

/** The file a plugin package loads from. */
export function packageEntry(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { main?: unknown; exports?: unknown };
  const fromExports = exportsEntry(manifest.exports);
  const declared = fromExports ?? (typeof manifest.main === "string" ? manifest.main : undefined);
  if (declared !== undefined) {
    const file = resolve(dir, declared);
    if (!existsSync(file)) throw new Error(`package.json names ${declared} as its entry point, which does not exist`);
    return file;
  }
  const index = INDEX_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!index) throw new Error(`package.json has no "main" and there is no ${INDEX_FILES.join(", ")}`);
  return index;
}

function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (exports === null || typeof exports !== "object") return undefined;
  const root = (exports as Record<string, unknown>)["."] ?? exports;
  if (typeof root === "string") return root;
  if (root !== null && typeof root === "object") {
    const conditions = root as Record<string, unknown>;
    for (const key of ["import", "node", "default"]) if (typeof conditions[key] === "string") return conditions[key];
  }
  return undefined;
}

/** The descriptors a plugin module exports: `plugins` (array) and/or `default` (one or an array). */
export function exportedDescriptors(mod: unknown): unknown[] {
  if (mod === null || typeof mod !== "object") return [];
  const exports = mod as { default?: unknown; plugins?: unknown };
  const found: unknown[] = [];
  const add = (value: unknown) => {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined && !found.includes(item)) found.push(item);
  };
  if (exports.plugins !== undefined) add(exports.plugins);
  let fallback = exports.default;
  // A CommonJS module's exports object arrives as `default`.
  if (fallback !== null && typeof fallback === "object" && !Array.isArray(fallback) && !("className" in fallback)) {
    const cjs = fallback as { default?: unknown; plugins?: unknown };
    if (cjs.plugins !== undefined) add(cjs.plugins);
    fallback = cjs.default;
  }
  if (fallback !== undefined) add(fallback);
  return found;
}

/**
 * Checks one exported value is a usable descriptor and creates one instance to check it has the
 * shape of its plugin type. Returns the reason it is not, or null.
 */
export function checkDescriptor(value: unknown): string | null {
  if (value === null || typeof value !== "object") return `exports ${describe(value)} where a PluginDescriptor object was expected`;
  const d = value as Partial<Record<keyof PluginDescriptor<unknown>, unknown>>;
  if (typeof d.className !== "string" || !CLASS_NAME.test(d.className)) {
    return `className must be a dotted class name such as com.example.MySourceConnector (got ${describe(d.className)})`;
  }
  if (!Array.isArray(d.types) || d.types.length === 0 || !d.types.every((t) => PLUGIN_TYPES.includes(t as PluginType))) {
    return `${d.className}: types must be a non-empty array of ${PLUGIN_TYPES.join(", ")} (got ${describe(d.types)})`;
  }
  if (typeof d.version !== "string" || d.version === "") return `${d.className}: version must be a non-empty string`;
  if (typeof d.create !== "function") return `${d.className}: create must be a function returning a new plugin instance`;
  let instance: unknown;
  try {
    instance = (d.create as () => unknown)();
  } catch (err) {
    return `${d.className}: create() threw ${err instanceof Error ? err.message : String(err)}`;
  }
  const types = d.types as PluginType[];
  const missing = (methods: string[]) =>
    methods.filter((m) => instance === null || typeof instance !== "object" || typeof (instance as Record<string, unknown>)[m] !== "function");
  for (const type of types) {
    let methods: string[];
    if (type === "source" || type === "sink") {
      const kind = (instance as { kind?: unknown } | null)?.kind;
      if (kind !== type) {
        return `${d.className}: declared as a ${type} connector but create() returned ${describe(instance)} (extend ${type === "source" ? "SourceConnector" : "SinkConnector"} from "ferry/connect")`;
      }
      methods = ["version", "config", "start", "taskClass", "taskConfigs", "stop", "validate"];
    } else if (type === "converter") methods = ["configure", "fromConnectData", "toConnectData"];
    else if (type === "header_converter") methods = ["configure", "fromConnectHeader", "toConnectHeader"];
    else if (type === "transformation") methods = ["apply", "config"];
    else methods = ["test", "config"];
    const absent = missing(methods);
    if (absent.length > 0) return `${d.className}: a ${type} plugin needs ${absent.map((m) => `${m}()`).join(", ")}`;
  }
  return null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0] ?? err.name;
  return String(err);
}

/**
 * Loads every plugin of `plugin.path`. Never throws: what cannot be loaded is in `failures` (and
 * logged), everything else in `plugins`.
 */
export async function loadPluginPath(entries: readonly string[], options: LoadPluginPathOptions = {}): Promise<PluginLoadResult> {
  const logger = options.logger ?? silentLogger;
  const installed = options.installed ?? (() => false);
  const importModule = options.importModule ?? ((url: string) => import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url) as Promise<unknown>);
  const result: PluginLoadResult = { plugins: [], failures: [] };
  if (entries.length === 0) return result;
  if (!options.importModule) registerSdkResolution();

  const fail = (location: string, reason: string, err?: unknown) => {
    result.failures.push({ location, reason });
    logger.error(`Failed to load plugin from ${location}: ${reason}`, err);
  };
  const discovered = discoverPlugins(entries);
  for (const failure of discovered.failures) fail(failure.location, failure.reason);
  const owners = new Map<string, string>();

  for (const location of discovered.locations) {
    logger.info(`Loading plugin from: ${location}`);
    let mod: unknown;
    try {
      const file = statSync(location).isDirectory() ? packageEntry(location) : location;
      mod = await importModule(pathToFileURL(file).href);
    } catch (err) {
      fail(location, reasonOf(err), err);
      continue;
    }
    const exported = exportedDescriptors(mod);
    if (exported.length === 0) {
      fail(location, 'the module exports no plugin: export a PluginDescriptor (or an array of them) as default, or a "plugins" array');
      continue;
    }
    // A module registers all of its plugins or none, so that a half-broken package is not half there.
    const problems: string[] = [];
    const accepted: PluginDescriptor<unknown>[] = [];
    for (const value of exported) {
      const className = (value as { className?: unknown } | null)?.className;
      if (typeof className === "string") {
        const owner = installed(className) ? "Ferry's built-in plugins" : owners.get(className);
        if (owner !== undefined || accepted.some((a) => a.className === className)) {
          problems.push(`${className} is already provided by ${owner ?? "this module"}`);
          continue;
        }
      }
      const problem = checkDescriptor(value);
      if (problem !== null) problems.push(problem);
      else accepted.push(value as PluginDescriptor<unknown>);
    }
    if (problems.length > 0) {
      fail(location, problems.join("; "));
      continue;
    }
    for (const descriptor of accepted) {
      owners.set(descriptor.className, location);
      result.plugins.push({ location, descriptor });
      logger.info(`Added plugin '${descriptor.className}' (${descriptor.types.join(", ")}, version ${descriptor.version})`);
    }
  }
  return result;
}
