import { describe, expect, it } from "vitest";
import { parseAliasList, parseTransformChain, shortClassName } from "./transform-chain";

describe("parseAliasList", () => {
  it("splits on commas and drops blanks", () => {
    expect(parseAliasList(" a, b,,c ,")).toEqual(["a", "b", "c"]);
    expect(parseAliasList("")).toEqual([]);
    expect(parseAliasList(undefined)).toEqual([]);
  });
});

describe("parseTransformChain", () => {
  it("is empty without transforms", () => {
    expect(parseTransformChain({ "connector.class": "FileStreamSource" })).toEqual([]);
  });

  it("resolves aliases in order with their settings, predicate and negate", () => {
    const chain = parseTransformChain({
      transforms: "addSource, route ,dropTombstones",
      "transforms.addSource.type": "org.apache.kafka.connect.transforms.InsertField$Value",
      "transforms.addSource.static.field": "source",
      "transforms.addSource.static.value": "ferry",
      "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
      "transforms.route.regex": "(.*)",
      "transforms.route.replacement": "copy-$1",
      "transforms.route.predicate": "isOrders",
      "transforms.dropTombstones.type": "org.apache.kafka.connect.transforms.Filter",
      "transforms.dropTombstones.predicate": "isTombstone",
      "transforms.dropTombstones.negate": "TRUE",
      predicates: "isOrders,isTombstone",
      "predicates.isOrders.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
      "predicates.isOrders.pattern": "orders.*",
      "predicates.isTombstone.type": "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
      // a key of another alias that only shares a prefix
      "transforms.routeX.regex": "no",
    });
    expect(chain).toEqual([
      {
        alias: "addSource",
        type: "org.apache.kafka.connect.transforms.InsertField$Value",
        settings: { "static.field": "source", "static.value": "ferry" },
        predicate: undefined,
        negate: false,
        problems: [],
      },
      {
        alias: "route",
        type: "org.apache.kafka.connect.transforms.RegexRouter",
        settings: { regex: "(.*)", replacement: "copy-$1" },
        predicate: { alias: "isOrders", type: "org.apache.kafka.connect.transforms.predicates.TopicNameMatches", settings: { pattern: "orders.*" }, declared: true },
        negate: false,
        problems: [],
      },
      {
        alias: "dropTombstones",
        type: "org.apache.kafka.connect.transforms.Filter",
        settings: {},
        predicate: { alias: "isTombstone", type: "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone", settings: {}, declared: true },
        negate: true,
        problems: [],
      },
    ]);
  });

  it("notes a missing type, an undeclared predicate and a negate without predicate", () => {
    const chain = parseTransformChain({
      transforms: "a,b,c",
      "transforms.b.type": "Filter",
      "transforms.b.predicate": "ghost",
      "transforms.c.type": "HoistField$Value",
      "transforms.c.negate": "true",
      predicates: "declaredOnly",
    });
    expect(chain.map((s) => [s.alias, s.problems])).toEqual([
      ["a", ["transforms.a.type is not set"]],
      ["b", ["predicate 'ghost' is not listed in predicates"]],
      ["c", ["negate is set without a predicate"]],
    ]);
    expect(chain[1]?.predicate).toEqual({ alias: "ghost", type: undefined, settings: {}, declared: false });
  });

  it("notes a declared predicate without a type", () => {
    const chain = parseTransformChain({ transforms: "f", "transforms.f.type": "Filter", "transforms.f.predicate": "p", predicates: "p" });
    expect(chain[0]?.problems).toEqual(["predicates.p.type is not set"]);
  });
});

describe("shortClassName", () => {
  it("drops the package", () => {
    expect(shortClassName("org.apache.kafka.connect.transforms.InsertField$Value")).toBe("InsertField$Value");
    expect(shortClassName("FileStreamSource")).toBe("FileStreamSource");
  });
});
