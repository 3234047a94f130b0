import { z } from "zod";
import { startConsoleServer } from "../console/console-server";
import { listenAddress, parseOptions, untilSignal } from "./options";
import { UsageError } from "./usage-error";

const usage = `Usage: ferry console [options]

Starts the Ferry console (web UI) alone, for a Connect cluster that runs elsewhere. \`ferry start\`
already runs it next to its worker. More clusters: FERRY_CONSOLE_CONFIG (a JSON file),
FERRY_CONNECT_CLUSTERS="name=url,…", FERRY_KAFKA_CLUSTERS="name=host:port,…;…" (see the README).

Options:
  --listen HOST:PORT          console address (default 127.0.0.1:3000)
  --connect-url URL           the default ("local") Connect cluster's REST API, e.g. http://127.0.0.1:8083
  --bootstrap-servers LIST    the default ("local") Kafka cluster
  --users-file FILE           require a login: users and roles from FILE (made with \`ferry users add\`)
  --audit-file FILE           record every change made through the console in FILE (JSON lines)`;

const schema = z.object({
  listen: listenAddress.prefault("127.0.0.1:3000"),
  "connect-url": z.url().optional(),
  "bootstrap-servers": z.string().trim().min(1).optional(),
  "users-file": z.string().trim().min(1).optional(),
  "audit-file": z.string().trim().min(1).optional(),
});

export const consoleCommand = {
  summary: "start the web console alone, for Connect clusters that run elsewhere",
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseOptions(args, Object.keys(schema.shape), schema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const console_ = await startConsoleServer({
      host: values.listen.host,
      port: values.listen.port,
      connectUrl: values["connect-url"],
      bootstrapServers: values["bootstrap-servers"],
      usersFile: values["users-file"],
      auditFile: values["audit-file"],
      print: (line) => console.log(line),
    });
    console.log(`Ferry console listening on ${console_.url}`);
    console.log(values["users-file"] ? `ferry: authentication on: users from ${values["users-file"]}` : "ferry: authentication off: anyone who can reach the console acts as admin");
    const reason = await untilSignal();
    console.log(`ferry: ${reason} received, shutting down`);
    await console_.close();
    return 0;
  },
};
