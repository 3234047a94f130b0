import { z } from "zod";
import { join } from "node:path";
import { startBroker } from "../broker/broker";
import { listenAddress, parseOptions, untilSignal } from "./options";
import { UsageError } from "./usage-error";

const usage = `Usage: ferry start [options]

Starts Ferry on one machine: the embedded Kafka-protocol broker, with all state under --data-dir.
The Connect worker (REST API on :8083) and the console (:3000) are not part of Ferry yet.

Options:
  --data-dir DIR          where all state is kept (default ./data)
  --broker-listen HOST:PORT  embedded broker address (default 127.0.0.1:9092)`;

const schema = z.object({
  "data-dir": z.string().min(1).default("./data"),
  "broker-listen": listenAddress.prefault("127.0.0.1:9092"),
});

export const startCommand = {
  summary: "start Ferry on the embedded broker (what `npm start` runs)",
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseOptions(args, Object.keys(schema.shape), schema);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const broker = await startBroker({
      host: values["broker-listen"].host,
      port: values["broker-listen"].port,
      dataDir: join(values["data-dir"], "broker"),
    });
    console.log(`Ferry embedded broker listening on ${broker.host}:${broker.port} (data in ${broker.dataDir})`);
    console.log("The Connect worker and the console are not part of this build yet; point Kafka clients at the broker above.");
    const signal = await untilSignal();
    console.log(`ferry: ${signal} received, shutting down`);
    await broker.close();
    return 0;
  },
};
