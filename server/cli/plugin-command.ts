import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createPluginRegistry } from "../connect/plugins/registry";
import { loadPluginPath, SDK_FILES } from "../connect/plugins/loader";
import { UsageError } from "./usage-error";

const usage = `Usage: ferry plugin <subcommand> ...

Write, test and check connector plugins (see docs/plugins.md).

Subcommands:
  new <name> [--source|--sink] [--dir DIR] [--class NAME]
      Writes a plugin package: package.json, tsconfig.json, src/config.ts, src/connector.ts,
      src/task.ts, test/connector.test.ts and README.md. DIR defaults to ./<name>; NAME (the
      connector's class name) to com.example.<name>.<Name>SourceConnector (or SinkConnector; a -source or -sink
      suffix of <name> is left out).
  test [DIR]
      Runs the plugin's tests (DIR/test/**/*.test.ts, DIR/src/**/*.test.ts; DIR defaults to .) with
      node:test, TypeScript and "ferry/connect" resolved by this Ferry installation.
  list PATH[,PATH...]
      Loads PATH as a worker's plugin.path would and prints every plugin found and every failure
      (exit code 1 when something failed to load).`;

/** Ferry's installation directory (holds package.json, bin/, node_modules/). */
const FERRY_HOME = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const pluginCommand = {
  summary: "write, test and check connector plugins (new, test, list)",
  usage,
  async run(args: string[]): Promise<number> {
    const [sub, ...rest] = args;
    switch (sub) {
      case "new":
        return runNew(rest);
      case "test":
        return runTest(rest);
      case "list":
        return runList(rest);
      case undefined:
        throw new UsageError("missing subcommand");
      default:
        throw new UsageError(`unknown subcommand '${sub}'`);
    }
  },
};

// ---- ferry plugin new ---------------------------------------------------------------------------

export interface ScaffoldOptions {
  name: string;
  kind: "source" | "sink";
  /** Where the package is written (must not exist or be empty). */
  dir: string;
  /** The connector's class name. */
  className?: string;
  /** The Ferry installation the package is tied to (default: this one). */
  ferryHome?: string;
}

type ParseArgsOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

function parse<O extends ParseArgsOptions>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function runNew(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    source: { type: "boolean" },
    sink: { type: "boolean" },
    dir: { type: "string" },
    class: { type: "string" },
  });
  const [name, extra] = positionals;
  if (name === undefined) throw new UsageError("plugin new: missing <name>");
  if (extra !== undefined) throw new UsageError(`plugin new: unexpected argument '${extra}'`);
  if (values.source && values.sink) throw new UsageError("plugin new: --source and --sink exclude each other");
  const dir = resolve(typeof values.dir === "string" ? values.dir : name);
  const files = scaffoldPlugin({
    name,
    kind: values.sink ? "sink" : "source",
    dir,
    className: typeof values.class === "string" ? values.class : undefined,
  });
  console.log(`Wrote plugin ${name} to ${dir}:`);
  for (const file of files) console.log(`  ${relative(dir, file)}`);
  console.log(`\nNext: cd ${relative(process.cwd(), dir) || "."} && npm test`);
  return 0;
}

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** Writes the plugin package; returns the files written. */
export function scaffoldPlugin(options: ScaffoldOptions): string[] {
  if (!NAME.test(options.name)) {
    throw new UsageError(`plugin name '${options.name}' must be lower-case words joined by dashes (e.g. weather-source)`);
  }
  // weather-source → Weather (the kind is added back as SourceConnector / SourceTask).
  const base = options.name.replace(/-(source|sink|connector)$/, "");
  const pascal = base
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  const suffix = options.kind === "source" ? "SourceConnector" : "SinkConnector";
  const connectorClass = options.className ?? `com.example.${base.replaceAll("-", "")}.${pascal}${suffix}`;
  if (!CLASS_NAME.test(connectorClass)) throw new UsageError(`class name '${connectorClass}' must be a dotted Java-style name such as com.acme.MySourceConnector`);
  const simple = connectorClass.slice(connectorClass.lastIndexOf(".") + 1);
  const prefix = simple.endsWith("Connector") ? simple.slice(0, -"Connector".length) : simple;
  const t: Template = {
    name: options.name,
    kind: options.kind,
    connectorClass,
    connectorName: simple,
    taskClass: `${connectorClass.slice(0, connectorClass.lastIndexOf(".") + 1)}${prefix}Task`,
    taskName: `${prefix}Task`,
    alias: prefix,
    ferryHome: options.ferryHome ?? FERRY_HOME,
  };
  if (existsSync(options.dir) && (!statSync(options.dir).isDirectory() || readdirSync(options.dir).length > 0)) {
    throw new UsageError(`${options.dir} already exists and is not an empty directory`);
  }
  const files: Record<string, string> = {
    "package.json": packageJson(t),
    "tsconfig.json": tsconfigJson(t),
    "src/config.ts": t.kind === "source" ? sourceConfigTs(t) : sinkConfigTs(t),
    "src/connector.ts": connectorTs(t),
    "src/task.ts": t.kind === "source" ? sourceTaskTs(t) : sinkTaskTs(t),
    "test/connector.test.ts": t.kind === "source" ? sourceTestTs(t) : sinkTestTs(t),
    "README.md": readme(t),
    ".gitignore": "node_modules/\n",
  };
  const written: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = join(options.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

interface Template {
  name: string;
  kind: "source" | "sink";
  connectorClass: string;
  connectorName: string;
  taskClass: string;
  taskName: string;
  alias: string;
  ferryHome: string;
}

function packageJson(t: Template): string {
  const manifest = {
    name: t.name,
    version: "0.1.0",
    private: true,
    description: `A Kafka Connect ${t.kind} connector for Ferry`,
    type: "module",
    main: "src/connector.ts",
    // Where the Ferry this plugin is built against lives: its SDK, test runner and compiler.
    config: { ferry: t.ferryHome },
    scripts: {
      test: 'node "$npm_package_config_ferry/bin/ferry.mjs" plugin test .',
      typecheck: 'node "$npm_package_config_ferry/node_modules/typescript/bin/tsc" -p .',
      build: "npm run typecheck",
    },
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

function tsconfigJson(t: Template): string {
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "dom", "dom.iterable"],
      module: "esnext",
      moduleResolution: "bundler",
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      isolatedModules: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [join(t.ferryHome, "node_modules/@types")],
      // "ferry/connect" and "ferry/testing" are this Ferry's own files (the worker maps them the same way).
      paths: {
        "ferry/connect": [join(t.ferryHome, SDK_FILES["ferry/connect"])],
        "ferry/testing": [join(t.ferryHome, SDK_FILES["ferry/testing"])],
      },
    },
    include: ["src", "test"],
  };
  return JSON.stringify(config, null, 2) + "\n";
}

function sourceConfigTs(t: Template): string {
  return `import { AbstractConfig, ConfigDef, NonEmptyString, Range, type ConfigMap } from "ferry/connect";

/**
 * The connector's configuration. Every key has a type, a default (or none: required), a validator,
 * an importance and documentation; group, order, width and display name lay out the console's form.
 * PUT /connector-plugins/${t.alias}/config/validate checks a config against this definition.
 */

export const VERSION = "0.1.0";

export const TOPIC_CONFIG = "topic";
export const MESSAGE_CONFIG = "message";
export const MAX_RECORDS_CONFIG = "max.records";
export const POLL_INTERVAL_CONFIG = "poll.interval.ms";

export const CONFIG_DEF = new ConfigDef()
  .define({
    name: TOPIC_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The topic the records are written to.",
    group: "Output",
    orderInGroup: 1,
    width: "MEDIUM",
    displayName: "Topic",
  })
  .define({
    name: MESSAGE_CONFIG,
    type: "STRING",
    defaultValue: "hello",
    importance: "MEDIUM",
    documentation: "The text of each record; the record's sequence number is appended.",
    group: "Records",
    orderInGroup: 1,
    width: "LONG",
    displayName: "Message",
  })
  .define({
    name: MAX_RECORDS_CONFIG,
    type: "INT",
    defaultValue: 0,
    validator: Range.atLeast(0),
    importance: "MEDIUM",
    documentation: "How many records to write in total; 0 means no limit.",
    group: "Records",
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Maximum records",
  })
  .define({
    name: POLL_INTERVAL_CONFIG,
    type: "INT",
    defaultValue: 1000,
    validator: Range.atLeast(0),
    importance: "LOW",
    documentation: "Milliseconds between two records.",
    group: "Records",
    orderInGroup: 3,
    width: "SHORT",
    displayName: "Poll interval (ms)",
  });

export interface Settings {
  topic: string;
  message: string;
  maxRecords: number;
  pollIntervalMs: number;
}

/** Parses a connector config (string map); throws a ConfigError naming the bad key. */
export function parseSettings(props: ConfigMap): Settings {
  const config = new AbstractConfig(CONFIG_DEF, props);
  return {
    topic: config.getString(TOPIC_CONFIG) ?? "",
    message: config.getString(MESSAGE_CONFIG) ?? "",
    maxRecords: config.getInt(MAX_RECORDS_CONFIG) ?? 0,
    pollIntervalMs: config.getInt(POLL_INTERVAL_CONFIG) ?? 0,
  };
}
`;
}

function sinkConfigTs(t: Template): string {
  return `import { AbstractConfig, ConfigDef, NonEmptyString, type ConfigMap } from "ferry/connect";

/**
 * The connector's configuration. Every key has a type, a default (or none: required), a validator,
 * an importance and documentation; group, order, width and display name lay out the console's form.
 * PUT /connector-plugins/${t.alias}/config/validate checks a config against this definition (the
 * framework adds topics, topics.regex, converters, transforms and errors.*).
 */

export const VERSION = "0.1.0";

export const OUTPUT_FILE_CONFIG = "output.file";
export const PREFIX_CONFIG = "line.prefix";

export const CONFIG_DEF = new ConfigDef()
  .define({
    name: OUTPUT_FILE_CONFIG,
    type: "STRING",
    validator: new NonEmptyString(),
    importance: "HIGH",
    documentation: "The file every record is appended to, one JSON line per record.",
    group: "Output",
    orderInGroup: 1,
    width: "LONG",
    displayName: "Output file",
  })
  .define({
    name: PREFIX_CONFIG,
    type: "STRING",
    defaultValue: "",
    importance: "LOW",
    documentation: "Text written before each line.",
    group: "Output",
    orderInGroup: 2,
    width: "SHORT",
    displayName: "Line prefix",
  });

export interface Settings {
  outputFile: string;
  prefix: string;
}

/** Parses a connector config (string map); throws a ConfigError naming the bad key. */
export function parseSettings(props: ConfigMap): Settings {
  const config = new AbstractConfig(CONFIG_DEF, props);
  return {
    outputFile: config.getString(OUTPUT_FILE_CONFIG) ?? "",
    prefix: config.getString(PREFIX_CONFIG) ?? "",
  };
}
`;
}

function connectorTs(t: Template): string {
  const Base = t.kind === "source" ? "SourceConnector" : "SinkConnector";
  const Task = t.kind === "source" ? "SourceTask" : "SinkTask";
  const taskConfigs =
    t.kind === "source"
      ? `  /** One task: this source has a single stream to read. A source reading N things would split them here. */
  taskConfigs(_maxTasks: number): ConfigMap[] {
    return [{ ...this.#props }];
  }`
      : `  /** tasks.max identical tasks: the topic partitions are shared among them by the consumer group. */
  taskConfigs(maxTasks: number): ConfigMap[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }`;
  return `import { ${Base}, type ${Task}, type ConfigDef, type ConfigMap, type PluginDescriptor, type TaskClass } from "ferry/connect";
import { CONFIG_DEF, VERSION, parseSettings } from "./config";
import { ${t.taskName} } from "./task";

/**
 * The connector: checks its config, and splits the work into task configs. Ferry runs the tasks.
 * Its class name is how configs name it: connector.class=${t.connectorClass}
 * (or the aliases ${t.connectorName} and ${t.alias}).
 */
export class ${t.connectorName} extends ${Base} {
  static readonly className = "${t.connectorClass}";
  #props: ConfigMap = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  start(props: ConfigMap): void {
    // A bad config fails the connector here, with the key named.
    parseSettings(props);
    this.#props = { ...props };
  }

  taskClass(): TaskClass<${Task}> {
    return ${t.taskName};
  }

${taskConfigs}

  stop(): void {}
}

/** What Ferry loads from plugin.path: this package's default export. */
const plugin: PluginDescriptor<${t.connectorName}> = {
  className: ${t.connectorName}.className,
  types: ["${t.kind}"],
  version: VERSION,
  create: () => new ${t.connectorName}(),
};

export default plugin;
`;
}

function sourceTaskTs(t: Template): string {
  return `import { Schema, SourceRecord, SourceTask, type ConfigMap, type SourcePartition } from "ferry/connect";
import { VERSION, parseSettings, type Settings } from "./config";

/**
 * The task: poll() returns the next records. Each record carries a source partition (what is read)
 * and a source offset (how far); Ferry commits the offset once Kafka has the record, and start()
 * reads it back, so a restarted task continues where the last one stopped.
 */
export class ${t.taskName} extends SourceTask {
  static readonly className = "${t.taskClass}";
  #settings!: Settings;
  #partition: SourcePartition = {};
  /** Sequence number of the next record. */
  #next = 0;
  #lastPoll = 0;

  version(): string {
    return VERSION;
  }

  async start(props: ConfigMap): Promise<void> {
    this.#settings = parseSettings(props);
    this.#partition = { message: this.#settings.message };
    const offset = await this.context.offsetStorageReader().offset(this.#partition);
    const position = offset?.["position"];
    this.#next = typeof position === "number" ? position : 0;
  }

  async poll(signal: AbortSignal): Promise<SourceRecord[] | null> {
    const { maxRecords, pollIntervalMs } = this.#settings;
    if (maxRecords > 0 && this.#next >= maxRecords) {
      // All written: wait a little (or until the task is paused/stopped) and report nothing.
      await sleep(Math.max(pollIntervalMs, 100), signal);
      return null;
    }
    const wait = this.#lastPoll + pollIntervalMs - Date.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal.aborted) return null;
    this.#lastPoll = Date.now();
    const n = this.#next++;
    return [
      new SourceRecord({
        sourcePartition: this.#partition,
        sourceOffset: { position: n + 1 },
        topic: this.#settings.topic,
        keySchema: Schema.INT64_SCHEMA,
        key: BigInt(n),
        valueSchema: Schema.STRING_SCHEMA,
        value: \`\${this.#settings.message} \${n}\`,
      }),
    ];
  }

  stop(): void {}
}

/** Resolves after \`ms\`, or as soon as \`signal\` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
`;
}

function sinkTaskTs(t: Template): string {
  return `import { appendFile } from "node:fs/promises";
import { SinkTask, toJavaString, type ConfigMap, type SinkRecord, type TopicPartition } from "ferry/connect";
import { VERSION, parseSettings, type Settings } from "./config";

/**
 * The task: put() receives records consumed from the connector's topics; flush() makes them durable.
 * Ferry commits the consumer offsets after flush() returns, so a record is never lost; after a
 * crash the records since the last commit are delivered again (at least once).
 */
export class ${t.taskName} extends SinkTask {
  static readonly className = "${t.taskClass}";
  #settings!: Settings;

  version(): string {
    return VERSION;
  }

  start(props: ConfigMap): void {
    this.#settings = parseSettings(props);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const lines = records.map((r) =>
      this.#settings.prefix +
      JSON.stringify({ topic: r.topic, partition: r.kafkaPartition, offset: r.kafkaOffset, key: r.key === null ? null : toJavaString(r.key, r.keySchema), value: toJavaString(r.value, r.valueSchema) }) +
      "\\n",
    );
    await appendFile(this.#settings.outputFile, lines.join(""), "utf8");
  }

  override flush(_offsets: Map<TopicPartition, number>): void {
    // put() already appended everything.
  }

  stop(): void {}
}
`;
}

function sourceTestTs(t: Template): string {
  return `import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startEmbeddedConnect, type EmbeddedConnect } from "ferry/testing";
import { ${t.connectorName} } from "../src/connector";

// Runs the plugin for real: an embedded broker and a Connect worker whose plugin.path is this package.
const pluginDir = fileURLToPath(new URL("..", import.meta.url));
let connect: EmbeddedConnect;

before(async () => {
  connect = await startEmbeddedConnect({ pluginPath: [pluginDir] });
});

after(async () => {
  await connect?.stop();
});

describe("${t.connectorName}", () => {
  it("loads from plugin.path", async () => {
    assert.deepEqual(connect.pluginFailures, []);
    const { body } = await connect.rest<{ class: string }[]>("GET", "/connector-plugins");
    assert.ok(body.some((p) => p.class === ${t.connectorName}.className));
  });

  it("validates its config", async () => {
    const validate = (config: Record<string, string>) =>
      connect.rest<{ error_count: number }>("PUT", "/connector-plugins/${t.alias}/config/validate", { "connector.class": "${t.alias}", ...config });
    assert.equal((await validate({ name: "${t.name}", "max.records": "-1" })).body.error_count, 2); // no topic, negative max.records
    assert.equal((await validate({ name: "${t.name}", topic: "greetings" })).body.error_count, 0);
  });

  it("writes its records to the topic", async () => {
    const created = await connect.rest("POST", "/connectors", {
      name: "${t.name}",
      config: { "connector.class": "${t.alias}", topic: "${t.name}-out", "max.records": "3", "poll.interval.ms": "10" },
    });
    assert.equal(created.status, 201);
    await connect.waitForRunning("${t.name}");
    const records = await connect.waitForRecords("${t.name}-out", 3);
    const values = records.map((r) => (JSON.parse(r.value ?? "null") as { payload: string }).payload);
    assert.deepEqual(values, ["hello 0", "hello 1", "hello 2"]);
  });
});
`;
}

function sinkTestTs(t: Template): string {
  return `import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startEmbeddedConnect, type EmbeddedConnect } from "ferry/testing";
import { ${t.connectorName} } from "../src/connector";

// Runs the plugin for real: an embedded broker and a Connect worker whose plugin.path is this package.
const pluginDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "${t.name}-"));
let connect: EmbeddedConnect;

before(async () => {
  connect = await startEmbeddedConnect({ pluginPath: [pluginDir] });
});

after(async () => {
  await connect?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

async function waitForLines(file: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\\n").filter(Boolean) : [];
    if (lines.length >= count) return lines;
    if (Date.now() > deadline) throw new Error(\`\${file} has \${lines.length} of \${count} lines\`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("${t.connectorName}", () => {
  it("loads from plugin.path", async () => {
    assert.deepEqual(connect.pluginFailures, []);
    const { body } = await connect.rest<{ class: string }[]>("GET", "/connector-plugins");
    assert.ok(body.some((p) => p.class === ${t.connectorName}.className));
  });

  it("validates its config", async () => {
    const validate = (config: Record<string, string>) =>
      connect.rest<{ error_count: number }>("PUT", "/connector-plugins/${t.alias}/config/validate", { "connector.class": "${t.alias}", ...config });
    assert.equal((await validate({ name: "${t.name}", topics: "in" })).body.error_count, 1); // no output.file
    assert.equal((await validate({ name: "${t.name}", topics: "in", "output.file": "/tmp/out.jsonl" })).body.error_count, 0);
  });

  it("writes the topic's records to its file", async () => {
    const file = join(outDir, "out.jsonl");
    const created = await connect.rest("POST", "/connectors", {
      name: "${t.name}",
      config: {
        "connector.class": "${t.alias}",
        topics: "${t.name}-in",
        "output.file": file,
        "value.converter": "org.apache.kafka.connect.storage.StringConverter",
      },
    });
    assert.equal(created.status, 201);
    await connect.waitForRunning("${t.name}");
    await connect.produce("${t.name}-in", [{ value: "one" }, { value: "two" }, { value: "three" }]);
    const lines = await waitForLines(file, 3);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { value: string }).value), ["one", "two", "three"]);
  });
});
`;
}

function readme(t: Template): string {
  const example =
    t.kind === "source"
      ? `{"name":"${t.name}","config":{"connector.class":"${t.alias}","topic":"${t.name}-out","max.records":"10"}}`
      : `{"name":"${t.name}","config":{"connector.class":"${t.alias}","topics":"${t.name}-in","output.file":"/tmp/${t.name}.jsonl"}}`;
  return `# ${t.name}

A Kafka Connect ${t.kind} connector for Ferry: \`${t.connectorClass}\` (aliases \`${t.connectorName}\`,
\`${t.alias}\`).

| File | What it holds |
| --- | --- |
| \`src/config.ts\` | the config definition (keys, types, defaults, validators, docs, form layout) |
| \`src/connector.ts\` | the connector (config, task configs) and the plugin descriptor Ferry loads |
| \`src/task.ts\` | the task that does the work |
| \`test/connector.test.ts\` | runs the connector in an embedded broker + worker |

The package imports the SDK as \`ferry/connect\` and its tests use \`ferry/testing\`. Both come
from the Ferry installation named in \`package.json\` (\`config.ferry\`, ${t.ferryHome}): the worker
resolves them itself, and \`npm test\` / \`npm run typecheck\` use that installation's test runner
and compiler, so nothing has to be installed here. If Ferry moves, update \`config.ferry\` and the
two paths in \`tsconfig.json\`.

\`\`\`sh
npm test              # node:test, against an embedded broker and worker
npm run typecheck     # strict TypeScript
\`\`\`

Load it into a worker with \`plugin.path\` (a comma-separated list of folders holding plugin
packages, or of packages):

\`\`\`properties
plugin.path=${"/path/to/folder/holding/this/package"}
\`\`\`

then create a connector:

\`\`\`sh
curl -s -X PUT -H 'Content-Type: application/json' http://127.0.0.1:8083/connector-plugins/${t.alias}/config/validate \\
  -d '${JSON.stringify(JSON.parse(example).config)}'
curl -s -X POST -H 'Content-Type: application/json' http://127.0.0.1:8083/connectors \\
  -d '${example}'
\`\`\`

Dependencies from npm go in this package's \`dependencies\` (\`npm install <pkg>\`); the worker loads
them from this package's \`node_modules\`.
`;
}

// ---- ferry plugin test --------------------------------------------------------------------------

function testFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.test\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
    }
  };
  walk(join(dir, "test"));
  walk(join(dir, "src"));
  return out;
}

/** The node flags that make a plain `node` process load TypeScript and resolve `ferry/*` (for tests). */
export function pluginNodeFlags(): string[] {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist/esm/index.mjs")).href;
  const setup = pathToFileURL(fileURLToPath(new URL("../connect/plugins/register-sdk.ts", import.meta.url))).href;
  return ["--import", tsx, "--import", setup];
}

async function runTest(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length > 1) throw new UsageError(`plugin test: unexpected argument '${positionals[1]}'`);
  const dir = resolve(positionals[0] ?? ".");
  const files = testFiles(dir);
  if (files.length === 0) {
    console.error(`ferry plugin test: no *.test.ts files under ${join(dir, "test")} or ${join(dir, "src")}`);
    return 1;
  }
  const child = spawn(process.execPath, [...pluginNodeFlags(), "--test", ...files], { cwd: dir, stdio: "inherit" });
  return new Promise<number>((resolveExit) => {
    child.once("exit", (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
    child.once("error", (err) => {
      console.error(`ferry plugin test: ${err.message}`);
      resolveExit(1);
    });
  });
}

// ---- ferry plugin list --------------------------------------------------------------------------

async function runList(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const entries = positionals.flatMap((p) => p.split(",")).map((p) => p.trim()).filter(Boolean);
  if (entries.length === 0) throw new UsageError("plugin list: missing PATH");
  const builtins = createPluginRegistry();
  const result = await loadPluginPath(entries, { installed: (className) => builtins.find(className) !== undefined });
  for (const { descriptor, location } of result.plugins) {
    console.log(`${descriptor.types.join(",")}\t${descriptor.className}\t${descriptor.version}\t${location}`);
  }
  for (const failure of result.failures) console.log(`FAILED\t${failure.location}\t${failure.reason}`);
  return result.failures.length > 0 ? 1 : 0;
}
