import { describe, expect, it } from "vitest";
import { csvCell, exportRecords, toCsv, toJsonLines } from "./export";
import type { WireRecord } from "./schemas";

const records: WireRecord[] = [
  {
    partition: 0,
    offset: "7",
    timestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
    timestampType: "CreateTime",
    key: { encoding: "text", data: "k,1", size: 3 },
    value: { encoding: "connect-json", data: '{"id":9223372036854775807}', schema: '{"type":"struct"}', size: 60 },
    headers: [
      { key: "h", value: "a", encoding: "text" },
      { key: "h", value: "b", encoding: "text" },
    ],
    size: 65,
  },
  {
    partition: 1,
    offset: "9223372036854775806",
    timestamp: 0,
    timestampType: "LogAppendTime",
    key: null,
    value: { encoding: "text", data: '=cmd|"x"\nline', size: 13, truncated: true },
    headers: [],
    size: 13,
  },
];

describe("export", () => {
  it("JSON lines embed JSON exactly and keep text as strings", () => {
    const lines = toJsonLines(records, { topic: "t" }).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines[0]).toContain('"value":{"id":9223372036854775807}');
    expect(lines[0]).toContain('"offset":7');
    const first = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(first).toMatchObject({ topic: "t", partition: 0, key: "k,1", keyEncoding: "text", valueEncoding: "connect-json", valueSchema: { type: "struct" }, headers: { h: ["a", "b"] } });
    expect(lines[1]).toContain('"offset":9223372036854775806');
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ key: null, keyEncoding: null, value: '=cmd|"x"\nline', truncated: true, headers: {} });
  });

  it("CSV quotes what needs quoting and defuses formulas", () => {
    const csv = toCsv(records);
    const rows = csv.split("\r\n");
    expect(rows[0]).toBe("partition,offset,timestamp,key,value,headers,keyEncoding,valueEncoding,truncated");
    expect(rows[1]).toBe('0,7,2026-01-02T03:04:05.000Z,"k,1","{""id"":9223372036854775807}","{""h"":[""a"",""b""]}",text,connect-json,');
    expect(csv).toContain(`1,9223372036854775806,1970-01-01T00:00:00.000Z,,"'=cmd|""x""\nline",,,text,true\r\n`);
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-5")).toBe("-5");
  });

  it("names the format", () => {
    expect(exportRecords(records, "csv")).toMatchObject({ extension: "csv", mimeType: expect.stringContaining("text/csv") });
    expect(exportRecords([], "jsonl")).toEqual({ text: "", mimeType: "application/x-ndjson;charset=utf-8", extension: "jsonl" });
  });
});
