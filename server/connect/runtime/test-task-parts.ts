import type { ConfigMap } from "../api";
import { JsonConverter, SimpleHeaderConverter, StringConverter } from "../plugins/converters";
import { createPluginRegistry } from "../plugins/registry";
import type { FakeClock } from "./clock";
import { createRecordStagesFactory } from "./default-record-stages";
import { Loggers, silentLoggers } from "./loggers";
import { FakeClients, StatusRecorder } from "./test-plugins";
import { testTransformPlugins } from "./test-transforms";

/**
 * What the source and sink task tests build alike: String keys, JSON values, the runtime's record
 * stages (transforms, error tolerance, a log reporter whose lines are kept) and the WorkerTask
 * options every task takes. A test adds its task kind's own options (producer or consumer, stages).
 */
export function taskTestParts(clock: FakeClock, connector: string, config: ConfigMap) {
  const listener = new StatusRecorder();
  const keyConverter = new StringConverter();
  keyConverter.configure({}, true);
  const valueConverter = new JsonConverter();
  valueConverter.configure({}, false);
  const headerConverter = new SimpleHeaderConverter();
  const logLines: string[] = [];
  const stagesFactory = createRecordStagesFactory({
    plugins: createPluginRegistry(testTransformPlugins),
    loggers: new Loggers({ write: (line) => logLines.push(line) }),
    clock,
    clients: () => new FakeClients(),
    clientConfigs: () => ({}),
  });
  const converters = {
    keyConverter,
    valueConverter,
    headerConverter,
    keyConverterClass: "org.apache.kafka.connect.storage.StringConverter",
    valueConverterClass: "org.apache.kafka.connect.json.JsonConverter",
    headerConverterClass: "org.apache.kafka.connect.storage.SimpleHeaderConverter",
  };
  const taskOptions = {
    id: { connector, task: 0 },
    listener,
    logger: silentLoggers().logger("test"),
    clock,
    initialState: "STARTED" as const,
    taskConfig: config,
    keyConverter,
    valueConverter,
    headerConverter,
    keyConverterClass: converters.keyConverterClass,
    valueConverterClass: converters.valueConverterClass,
    headerConverterClass: converters.headerConverterClass,
  };
  return { listener, logLines, stagesFactory, converters, taskOptions };
}
