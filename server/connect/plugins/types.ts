import type { Connector, Converter, HeaderConverter, PluginDescriptor, PluginType } from "../api";
import type { PluginInfo } from "../../../lib/connect/schemas";

/** A connector plugin: its descriptor creates a fresh connector instance per use. */
export type ConnectorPlugin = PluginDescriptor<Connector> & { types: readonly ("source" | "sink")[] };

/**
 * Every installed plugin, addressed by full class name or alias as Kafka's `Plugins` does
 * (aliases claimed by two plugins are not registered). Transformations and predicates join
 * through `register` when they exist.
 */
export interface PluginRegistry {
  register(descriptor: PluginDescriptor<unknown>): void;
  /** Throws NotFoundError-like ConnectError with Kafka's message when no connector matches. */
  connector(classOrAlias: string): ConnectorPlugin;
  findConnector(classOrAlias: string): ConnectorPlugin | undefined;
  converter(classOrAlias: string): PluginDescriptor<Converter>;
  headerConverter(classOrAlias: string): PluginDescriptor<HeaderConverter>;
  /** Any plugin of one of these types, by class or alias. */
  find(classOrAlias: string, types?: readonly PluginType[]): PluginDescriptor<unknown> | undefined;
  /** GET /connector-plugins order: sinks, sources, then (all) transformations, predicates, converters, header converters. */
  list(connectorsOnly: boolean): PluginInfo[];
}
