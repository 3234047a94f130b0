import { describe, expect, it } from "vitest";
import { Schema, SchemaBuilder, Struct } from "../../api";
import { StringConverter, stringConverterPlugin } from "./string-converter";
import { candidateAliases } from "../registry";

describe("StringConverter", () => {
  it("writes the string form in UTF-8 by default", () => {
    const c = new StringConverter();
    c.configure({}, false);
    expect(c.fromConnectData("t", null, Schema.STRING_SCHEMA, "héllo")?.toString("hex")).toBe("68c3a96c6c6f");
    expect(c.fromConnectData("t", null, Schema.INT64_SCHEMA, 12n)?.toString()).toBe("12");
    expect(c.fromConnectData("t", null, Schema.FLOAT64_SCHEMA, 1)?.toString()).toBe("1.0");
    const schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    expect(c.fromConnectData("t", null, schema, new Struct(schema).put("a", 1))?.toString()).toBe("Struct{a=1}");
    expect(c.fromConnectData("t", null, null, null)).toBeNull();
  });

  it("reads an optional string", () => {
    const c = new StringConverter();
    c.configure({}, true);
    const r = c.toConnectData("t", null, Buffer.from("héllo"));
    expect(r.schema).toBe(Schema.OPTIONAL_STRING_SCHEMA);
    expect(r.value).toBe("héllo");
    expect(c.toConnectData("t", null, null).value).toBeNull();
  });

  it("honours converter.encoding", () => {
    const c = new StringConverter();
    c.configure({ "converter.encoding": "UTF-16" }, false);
    expect(c.fromConnectData("t", null, null, "é")?.toString("hex")).toBe("feff00e9");
    expect(c.toConnectData("t", null, Buffer.from("feff00e9", "hex")).value).toBe("é");
    const latin = new StringConverter();
    latin.configure({ "converter.encoding": "iso-8859-1" }, false);
    expect(latin.fromConnectData("t", null, null, "é€")?.toString("hex")).toBe("e93f");
    expect(() => new StringConverter().configure({ "converter.encoding": "EBCDIC-XYZ" }, false)).toThrow("Unsupported encoding EBCDIC-XYZ");
  });

  it("has Kafka's config and aliases", () => {
    const info = new StringConverter().config().configKeys().get("converter.encoding");
    expect(info).toMatchObject({ defaultValue: "UTF-8", importance: "HIGH", width: "MEDIUM", displayName: "Encoding", group: null });
    expect(candidateAliases(stringConverterPlugin.className, stringConverterPlugin.types)).toEqual(["StringConverter", "String"]);
  });
});
