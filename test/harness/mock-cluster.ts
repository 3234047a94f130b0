import { spawn, type ChildProcess } from "node:child_process";

export interface MockCluster {
  bootstrapServers: string;
  stop(): void;
}

/**
 * librdkafka's mock cluster, started through Debian's kcat: a Kafka-protocol broker written by
 * others, used as a reference for the data path (it has no admin APIs). kcat keeps it alive while
 * it consumes a dummy topic; the bootstrap address is printed on stderr.
 */
export function startMockCluster(timeoutMs = 10000): Promise<MockCluster> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn("kcat", ["-b", "127.0.0.1:1", "-X", "test.mock.num.brokers=1", "-C", "-t", "__mock_keepalive", "-o", "end", "-q"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`mock cluster did not start: ${stderr}`));
    }, timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = /replaced with ([0-9.:,]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ bootstrapServers: m[1] as string, stop: () => void child.kill("SIGKILL") });
      }
    });
  });
}
