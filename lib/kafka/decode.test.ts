import { describe, expect, it } from "vitest";
import { base64ToBytes, base64ToHex, bytesToBase64, bytesToHex, decodeHeaderValue, decodePayload, hexToBytes, payloadBytes, payloadJson } from "./decode";
import { JsonBigNumber } from "./json";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("decodePayload (auto)", () => {
  it("unwraps a Connect JSON envelope with a struct schema and keeps its big integers", () => {
    const envelope = '{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false},"payload":{"id":9223372036854775807}}';
    const p = decodePayload(bytes(envelope));
    expect(p).toEqual({ encoding: "connect-json", data: '{"id":9223372036854775807}', schema: '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"}],"optional":false}', size: envelope.length });
    expect(payloadJson(p)).toEqual({ id: new JsonBigNumber("9223372036854775807") });
    expect(decodePayload(bytes('{"schema":null,"payload":"x"}'))).toMatchObject({ encoding: "connect-json", data: '"x"', schema: "null" });
  });

  it("plain JSON stays as written, text is text, binary is base64", () => {
    expect(decodePayload(bytes('{"n":9223372036854775807}'))).toEqual({ encoding: "json", data: '{"n":9223372036854775807}', size: 25 });
    expect(decodePayload(bytes("42"))).toMatchObject({ encoding: "json" });
    expect(decodePayload(bytes("000123-abc"))).toMatchObject({ encoding: "text", data: "000123-abc" });
    expect(decodePayload(bytes("{not json}"))).toMatchObject({ encoding: "text" });
    expect(decodePayload(bytes("héllo"))).toEqual({ encoding: "text", data: "héllo", size: 6 });
    expect(decodePayload(new Uint8Array([0, 0, 0, 42]))).toEqual({ encoding: "base64", data: "AAAAKg==", size: 4 });
    expect(decodePayload(new Uint8Array([0xff, 0xfe]))).toMatchObject({ encoding: "base64" });
    expect(decodePayload(null)).toBeNull();
    expect(decodePayload(new Uint8Array())).toEqual({ encoding: "text", data: "", size: 0 });
  });
});

describe("decodePayload (forced)", () => {
  it("hex, base64, text and json as asked, with the reason when it does not fit", () => {
    expect(decodePayload(bytes("hi"), "hex")).toEqual({ encoding: "hex", data: "6869", size: 2 });
    expect(decodePayload(bytes("hi"), "base64")).toEqual({ encoding: "base64", data: "aGk=", size: 2 });
    expect(decodePayload(new Uint8Array([0x68, 0xff]), "text")).toMatchObject({ encoding: "text", data: "h\uFFFD", error: expect.stringMatching(/UTF-8/) });
    expect(decodePayload(bytes("plain"), "json")).toMatchObject({ encoding: "text", data: "plain", error: "not valid JSON" });
    expect(decodePayload(bytes("[1]"), "connect-json")).toMatchObject({ encoding: "json", error: expect.stringMatching(/envelope/) });
  });

  it("cuts long payloads, keeping whole characters, and says so", () => {
    const p = decodePayload(bytes("aé".repeat(10)), "auto", { maxBytes: 4 });
    expect(p).toEqual({ encoding: "text", data: "aéa", size: 30, truncated: true });
    expect(decodePayload(new Uint8Array(10).fill(1), "auto", { maxBytes: 3 })).toMatchObject({ encoding: "base64", data: "AQEB", truncated: true });
    expect(decodePayload(bytes("abcdef"), "hex", { maxBytes: 2 })).toMatchObject({ encoding: "hex", data: "6162", truncated: true });
    expect(payloadJson(decodePayload(bytes('{"a":1}'), "auto", { maxBytes: 3 }))).toBeUndefined();
  });
});

describe("headers and byte helpers", () => {
  it("header values are text when readable, else hex", () => {
    expect(decodeHeaderValue(bytes("v"))).toEqual({ value: "v", encoding: "text" });
    expect(decodeHeaderValue(new Uint8Array([0xff, 0]))).toEqual({ value: "ff00", encoding: "hex" });
    expect(decodeHeaderValue(null)).toEqual({ value: null, encoding: "text" });
  });

  it("hex and base64 round trip", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const n of [0, 1, 2, 3, 4, 255, 256]) {
      const b = all.subarray(0, n);
      expect(base64ToBytes(bytesToBase64(b))).toEqual(b);
      expect(hexToBytes(bytesToHex(b))).toEqual(b);
      expect(bytesToBase64(b)).toBe(btoa(String.fromCharCode(...b)));
    }
    expect(base64ToHex("3q2+7w==")).toBe("deadbeef");
    expect(() => hexToBytes("abc")).toThrow();
    expect(() => base64ToBytes("a$==")).toThrow();
  });

  it("payloadBytes inverts decoding (connect-json rebuilds the envelope)", () => {
    expect(new TextDecoder().decode(payloadBytes({ encoding: "connect-json", data: "1", schema: '{"type":"int8"}' }))).toBe('{"schema":{"type":"int8"},"payload":1}');
    expect(payloadBytes({ encoding: "hex", data: "00ff" })).toEqual(new Uint8Array([0, 255]));
  });
});
