import type { PluginDescriptor } from "../api";
import { fileStreamSinkPlugin } from "./connectors/file-stream-sink";
import { fileStreamSourcePlugin } from "./connectors/file-stream-source";
import { converterRegistry } from "./converters";

/** Every plugin shipped with Ferry, one line each (transforms and predicates join here). */
export const builtinPlugins: readonly PluginDescriptor<unknown>[] = [
  ...converterRegistry,
  fileStreamSourcePlugin,
  fileStreamSinkPlugin,
];
