import type { ScanEvent } from "@/lib/kafka/schemas";
import { kafkaError } from "./errors";
import type { MessageScan } from "./message-service";

/**
 * A scan as a Server-Sent Events response: `event: records|progress|done|error`, `data:` one line
 * of JSON. The body is a pull stream: at most a few events are produced ahead of what the client
 * took, so a slow browser slows the scan instead of filling the server's memory. The scan
 * stops when the client goes away (the request's signal, or the stream being cancelled).
 */

const encoder = new TextEncoder();

export function sseEvent(event: ScanEvent): string {
  switch (event.type) {
    case "records":
      return `event: records\ndata: ${JSON.stringify(event.records)}\n\n`;
    case "progress":
      return `event: progress\ndata: ${JSON.stringify(event.progress)}\n\n`;
    case "done":
      return `event: done\ndata: ${JSON.stringify(event.done)}\n\n`;
    case "error":
      return `event: error\ndata: ${JSON.stringify(event.error)}\n\n`;
  }
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

export function scanResponse(scan: MessageScan, signal: AbortSignal | undefined, cluster: string): Response {
  const events = scan.events();
  const stop = () => {
    void events.return(undefined).catch(() => {});
    void scan.close();
  };
  signal?.addEventListener("abort", stop, { once: true });
  let finished = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) return;
        try {
          const next = await events.next();
          if (next.done) {
            finished = true;
            signal?.removeEventListener("abort", stop);
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(sseEvent(next.value)));
        } catch (err) {
          finished = true;
          signal?.removeEventListener("abort", stop);
          const mapped = kafkaError(err, { cluster });
          const status = typeof (mapped as { status?: unknown }).status === "number" ? (mapped as { status: number }).status : 500;
          const message = mapped instanceof Error ? mapped.message : String(mapped);
          controller.enqueue(encoder.encode(sseEvent({ type: "error", error: { message, status } })));
          controller.close();
          await scan.close();
        }
      },
      cancel() {
        finished = true;
        stop();
      },
    },
    // A few events ahead, so decoding the next batch overlaps the socket write of this one;
    // the scan still waits whenever the client does not keep up.
    { highWaterMark: 4 },
  );
  return new Response(body, { headers: SSE_HEADERS });
}
