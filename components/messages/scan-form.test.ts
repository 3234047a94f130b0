import { describe, expect, it } from "vitest";
import { scanQuerySchema, scanSearchParams } from "@/lib/kafka/schemas";
import { DEFAULT_SCAN_FORM, scanParams } from "./scan-form";

const auto = { keyEncoding: "auto", valueEncoding: "auto" } as const;
const parse = (params: ReturnType<typeof scanParams>) => scanQuerySchema.parse(Object.fromEntries(scanSearchParams(params)));

describe("scanParams", () => {
  it("asks for the newest max-results records by default", () => {
    const q = parse(scanParams(DEFAULT_SCAN_FORM, auto, []));
    expect(q).toMatchObject({ from: "newest", count: 500, limit: 500, live: false });
  });

  it("sends per-partition offsets, an end bound, partitions and filters", () => {
    const params = scanParams(
      { ...DEFAULT_SCAN_FORM, from: "offset", offsets: "0:10, 1:20", end: "offset", endOffset: "30", partitions: "0,1", limit: "50" },
      { keyEncoding: "text", valueEncoding: "json" },
      [{ type: "text", target: "value", op: "contains", value: "x", caseSensitive: false }],
    );
    const q = parse(params);
    expect(q.offsets).toEqual(new Map([[0, 10n], [1, 20n]]));
    expect(q.endOffset).toBe(30n);
    expect(q.partitions).toEqual([0, 1]);
    expect(q.valueEncoding).toBe("json");
    expect(q.filters).toHaveLength(1);
  });

  it("turns a local date-time into epoch milliseconds", () => {
    const q = parse(scanParams({ ...DEFAULT_SCAN_FORM, from: "timestamp", timestamp: "2026-01-02T03:04" }, auto, []));
    expect(q.timestamp).toBe(new Date("2026-01-02T03:04").getTime());
  });
});
