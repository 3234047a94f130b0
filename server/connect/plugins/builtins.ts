import type { PluginDescriptor } from "../api";
import { datagenPlugin } from "./connectors/datagen";
import { fileStreamSinkPlugin } from "./connectors/file-stream-sink";
import { fileStreamSourcePlugin } from "./connectors/file-stream-source";
import { httpSinkPlugin } from "./connectors/http-sink";
import { httpSourcePlugin } from "./connectors/http-source";
import { spoolDirPlugin } from "./connectors/spooldir";
import { converterRegistry } from "./converters";
import { hasHeaderKeyPlugin } from "./predicates/has-header-key";
import { recordIsTombstonePlugin } from "./predicates/record-is-tombstone";
import { topicNameMatchesPlugin } from "./predicates/topic-name-matches";
import { castPlugins } from "./transforms/cast";
import { dropHeadersPlugin } from "./transforms/drop-headers";
import { extractFieldPlugins } from "./transforms/extract-field";
import { filterPlugin } from "./transforms/filter";
import { flattenPlugins } from "./transforms/flatten";
import { headerFromPlugins } from "./transforms/header-from";
import { hoistFieldPlugins } from "./transforms/hoist-field";
import { insertFieldPlugins } from "./transforms/insert-field";
import { insertHeaderPlugin } from "./transforms/insert-header";
import { maskFieldPlugins } from "./transforms/mask-field";
import { regexRouterPlugin } from "./transforms/regex-router";
import { replaceFieldPlugins } from "./transforms/replace-field";
import { setSchemaMetadataPlugins } from "./transforms/set-schema-metadata";
import { timestampConverterPlugins } from "./transforms/timestamp-converter";
import { timestampRouterPlugin } from "./transforms/timestamp-router";
import { valueToKeyPlugin } from "./transforms/value-to-key";

/** Every plugin shipped with Ferry, one line each (transforms and predicates join here). */
export const builtinPlugins: readonly PluginDescriptor<unknown>[] = [
  ...converterRegistry,
  fileStreamSourcePlugin,
  fileStreamSinkPlugin,
  datagenPlugin,
  httpSinkPlugin,
  httpSourcePlugin,
  spoolDirPlugin,
  ...insertFieldPlugins,
  ...replaceFieldPlugins,
  ...maskFieldPlugins,
  valueToKeyPlugin,
  ...extractFieldPlugins,
  ...hoistFieldPlugins,
  ...castPlugins,
  ...timestampConverterPlugins,
  regexRouterPlugin,
  timestampRouterPlugin,
  ...flattenPlugins,
  ...setSchemaMetadataPlugins,
  filterPlugin,
  ...headerFromPlugins,
  insertHeaderPlugin,
  dropHeadersPlugin,
  topicNameMatchesPlugin,
  hasHeaderKeyPlugin,
  recordIsTombstonePlugin,
];
