import { z } from "zod";
import { ConnectRestError } from "../api/errors";
import { connectorConfigSchema } from "../../../lib/connect/schemas";
import { internalRequestOf, withInternalRequest } from "./internal-request-signature";
import { parseJsonBody } from "./json-body";
import { empty } from "./responses";
import { isJsonContentType, route, type Route } from "./router";

/**
 * Kafka's InternalConnectResource: endpoints workers call on each other. `POST
 * /connectors/{name}/tasks` carries the task configs that the worker running a connector generated
 * to the leader, which alone writes them to the config topic (204). The request is signed with the
 * cluster's session key (internal-request-signature.ts); the raw body is read here, not by the REST
 * layer, because the signature covers its exact bytes. The herder checks the signature.
 */
const taskConfigsSchema = z.array(connectorConfigSchema);

export function internalRoutes(): Route[] {
  return [
    route("POST", "/connectors/{name}/tasks", async ({ herder, params, request }) => {
      if (!isJsonContentType(request.headers.get("content-type"))) throw new ConnectRestError(415, "HTTP 415 Unsupported Media Type");
      const raw = Buffer.from(await request.arrayBuffer());
      const configs = parseJsonBody(raw.toString("utf8"), taskConfigsSchema);
      await withInternalRequest(internalRequestOf(request.headers, raw), () => herder.putTaskConfigs(params.name, configs));
      return empty(204);
    }),
  ];
}
