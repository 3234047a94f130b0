import { describe, expect, it } from "vitest";
import type { ConfigInfos } from "../../../lib/connect/schemas";
import { createPluginRegistry } from "../plugins/registry";
import { testTransformPlugins } from "../runtime/test-transforms";
import { validateConnectorConfig } from "./validation";

/** Validation of transforms.* / predicates.* as Kafka's ConnectorConfig#enrich (with test SMTs). */
const registry = createPluginRegistry(testTransformPlugins);
const sink = { "connector.class": "FileStreamSink", name: "v", file: "/tmp/v.txt", topics: "t" };
const errorsOf = (infos: ConfigInfos) => infos.configs.flatMap((c) => (c.value && c.value.errors.length > 0 ? c.value.errors.map((e) => `${c.value!.name}: ${e}`) : []));
const validate = (config: Record<string, string>) => validateConnectorConfig(registry, config);

describe("validation of transforms and predicates", () => {
  it("adds a group per alias with type (recommending the installed classes), predicate, negate and the SMT's own keys", async () => {
    const infos = await validate({ ...sink, transforms: "a", "transforms.a.type": "AppendValue", "transforms.a.suffix": "!", predicates: "p", "predicates.p.type": "test.ValueEquals", "predicates.p.value": "x" });
    expect(errorsOf(infos)).toEqual([]);
    expect(infos.groups).toEqual(expect.arrayContaining(["Transforms: a", "Predicates: p"]));
    const byName = new Map(infos.configs.map((c) => [c.definition!.name, { definition: c.definition!, value: c.value! }]));
    const type = byName.get("transforms.a.type")!;
    expect(type.definition).toMatchObject({ type: "CLASS", required: true, importance: "HIGH", group: "Transforms: a", order: 0, display_name: "Transformation type for a" });
    const installed = (kind: string) => registry.list(false).filter((p) => p.type === kind).map((p) => p.class);
    expect(type.value.recommended_values).toEqual(installed("transformation"));
    expect(type.value.recommended_values).toEqual(expect.arrayContaining(["test.AppendValue", "test.DropAll", "test.FailOn"]));
    expect(type.value.recommended_values).not.toContain("test.ValueEquals");
    expect(byName.get("transforms.a.predicate")?.definition.group).toBe("Transforms: a");
    expect(byName.get("transforms.a.negate")?.definition.default_value).toBe("false");
    expect(byName.get("transforms.a.suffix")?.value.value).toBe("!");
    expect(byName.get("predicates.p.type")?.value.recommended_values).toEqual(installed("predicate"));
    expect(byName.get("predicates.p.type")?.value.recommended_values).toContain("test.ValueEquals");
    expect(byName.get("predicates.p.type")?.definition.display_name).toBe("Predicate type for p");
    expect(byName.get("predicates.p.value")?.definition.group).toBe("Predicates: p");
  });

  const cases: [string, Record<string, string>, string[]][] = [
    ["duplicate transform alias", { transforms: "a, a", "transforms.a.type": "test.DropAll" }, ["transforms: Invalid value [a, a] for configuration transforms: Duplicate alias provided."]],
    ["missing transform type", { transforms: "a" }, ['transforms.a.type: Missing required configuration "transforms.a.type" which has no default value.']],
    ["unknown transform class", { transforms: "a", "transforms.a.type": "com.example.Nope" }, ["transforms.a.type: Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found."]],
    [
      "a class that is not a transformation",
      { transforms: "a", "transforms.a.type": "org.apache.kafka.connect.file.FileStreamSinkConnector" },
      ["transforms.a.type: Class class org.apache.kafka.connect.file.FileStreamSinkConnector does not implement the Transformation interface"],
    ],
    [
      "negate without predicate",
      { transforms: "a", "transforms.a.type": "test.DropAll", "transforms.a.negate": "true" },
      ["transforms.a.type: Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' defining a predicate to be negated."],
    ],
    [
      "a predicate referenced but not defined",
      { transforms: "a", "transforms.a.type": "test.DropAll", "transforms.a.predicate": "p" },
      ["transforms.a.predicate: Invalid value p for configuration transforms.a.predicate: Predicate 'p' is not defined in 'predicates'"],
    ],
    ["the SMT's own required key missing", { transforms: "a", "transforms.a.type": "test.AppendValue" }, ['transforms.a.suffix: Missing required configuration "transforms.a.suffix" which has no default value.']],
    ["duplicate predicate alias", { predicates: "p, p", "predicates.p.type": "test.ValueEquals", "predicates.p.value": "x" }, ["predicates: Invalid value [p, p] for configuration predicates: Duplicate alias provided."]],
    ["missing predicate type", { predicates: "p" }, ['predicates.p.type: Missing required configuration "predicates.p.type" which has no default value.']],
    [
      "a class that is not a predicate",
      { predicates: "p", "predicates.p.type": "org.apache.kafka.connect.json.JsonConverter" },
      ["predicates.p.type: Class class org.apache.kafka.connect.json.JsonConverter does not implement the Predicate interface"],
    ],
  ];
  for (const [what, config, errors] of cases) {
    it(`${what} → ${errors.length}`, async () => {
      const infos = await validate({ ...sink, ...config });
      expect(errorsOf(infos)).toEqual(errors);
      expect(infos.error_count).toBe(errors.length);
    });
  }
});
