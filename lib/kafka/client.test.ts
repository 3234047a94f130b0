import { describe, expect, it } from "vitest";
import { readServerSentEvents, type ServerSentEvent } from "./client";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

async function all(chunks: string[]): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  for await (const e of readServerSentEvents(streamOf(chunks))) out.push(e);
  return out;
}

describe("readServerSentEvents", () => {
  it("splits frames wherever the chunks are cut", async () => {
    const text = 'event: records\ndata: [{"a":1}]\n\n: comment\n\nevent: done\ndata: {"reason":"caught-up"}\n\ndata: line1\ndata: line2\n\n';
    const expected = [
      { event: "records", data: '[{"a":1}]' },
      { event: "done", data: '{"reason":"caught-up"}' },
      { event: "message", data: "line1\nline2" },
    ];
    expect(await all([text])).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(await all([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    expect(await all(text.split(""))).toEqual(expected);
  });

  it("accepts CRLF line ends and a last frame without its blank line", async () => {
    expect(await all(["event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2"])).toEqual([
      { event: "a", data: "1" },
      { event: "b", data: "2" },
    ]);
  });
});
