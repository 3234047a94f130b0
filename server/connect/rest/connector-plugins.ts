import { configBodySchema, type ConnectorConfig } from "../../../lib/connect/schemas";
import { BadRequestError } from "../api/errors";
import { json } from "./responses";
import { javaBoolean, route, routeWithBody, type Route } from "./router";

/** Kafka's ConnectorPluginsResource. */
export function connectorPluginRoutes(): Route[] {
  return [
    // GET /connector-plugins[?connectorsOnly=false]
    route("GET", "/connector-plugins", async ({ herder, url }) =>
      json(200, herder.plugins(javaBoolean(url.searchParams.get("connectorsOnly"), true))),
    ),

    // GET /connector-plugins/{plugin}/config
    route("GET", "/connector-plugins/{plugin}/config", async ({ herder, params }) => json(200, herder.pluginConfig(params.plugin))),

    // PUT /connector-plugins/{plugin}/config/validate → 200 ConfigInfos. Kafka does not unwrap
    // exceptions raised during validation, so e.g. a missing connector.class is a 500
    // "<exception class>: <message>"; Ferry answers the error's own status and message (a 400 here),
    // per DESIGN.md's rule on Kafka quirks.
    routeWithBody("PUT", "/connector-plugins/{plugin}/config/validate", configBodySchema, async ({ herder, params, body }) => {
      const included = body["connector.class"];
      if (typeof included === "string" && !normalizedPluginName(included).endsWith(normalizedPluginName(params.plugin))) {
        throw new BadRequestError(`Included connector type ${included} does not match request type ${params.plugin}`);
      }
      // Kafka reports each JSON null as a validation error; the herder takes string maps only, so
      // nulls are dropped here and a missing required key is reported by validation instead.
      const config: ConnectorConfig = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => e[1] !== null));
      return json(200, await herder.validateConnectorConfig(config));
    }),
  ];
}

/** ConnectorPluginsResource#normalizedPluginName: a trailing `Connector` is not significant. */
function normalizedPluginName(name: string): string {
  return name.endsWith("Connector") && name.length > "Connector".length ? name.slice(0, -"Connector".length) : name;
}
