import { describe, expect, it } from "vitest";
import { MASKED_VALUE } from "./config-diff";
import {
  buildFormModel,
  fieldId,
  localErrors,
  maskSecrets,
  maskedSecretsIn,
  renameDraftKey,
  restoreSecrets,
  sameDraft,
  setDraftValue,
  type FormModel,
} from "./config-form";
import { EVERY_TYPE_DEFINITION, everyTypeValidation } from "./config-form.fixtures";
import type { ConfigKeyInfoJson } from "./schemas";

const field = (model: FormModel, key: string) => model.groups.flatMap((g) => g.fields).find((f) => f.key === key);

describe("buildFormModel", () => {
  it("groups keys in definition order with ungrouped keys in Common first, and keys by order", () => {
    const model = buildFormModel(EVERY_TYPE_DEFINITION, undefined, {});
    expect(model.groups.map((g) => g.name)).toEqual(["Common", "Connection", "Tuning"]);
    expect(model.groups[1]?.fields.map((f) => f.key)).toEqual(["connection.url", "connection.user", "connection.password"]);
    expect(model.groups[0]?.fields.map((f) => f.key)).toEqual(["tables", "mode", "dialect.class", "enabled"]);
  });

  it("picks a control per type", () => {
    const model = buildFormModel(EVERY_TYPE_DEFINITION, undefined, {}, { showAdvanced: true });
    const kinds = Object.fromEntries(model.groups.flatMap((g) => g.fields).map((f) => [f.key, f.kind]));
    expect(kinds).toEqual({
      tables: "list",
      mode: "text",
      "dialect.class": "class",
      enabled: "boolean",
      "connection.url": "text",
      "connection.user": "text",
      "connection.password": "password",
      "batch.size": "integer",
      "poll.ratio": "float",
      "max.rows": "integer",
      port: "integer",
      "debug.trace": "boolean",
    });
    expect(model.secretKeys).toEqual(["connection.password"]);
  });

  it("uses the validation answer's recommended values as selects with a custom escape", () => {
    const draft = { mode: "bulk" };
    const model = buildFormModel(EVERY_TYPE_DEFINITION, { draft, infos: everyTypeValidation() }, draft);
    expect(field(model, "mode")).toMatchObject({ kind: "select", options: ["bulk", "incrementing", "timestamp"], allowCustom: true, value: "bulk" });
    expect(field(model, "dialect.class")?.kind).toBe("select");
  });

  it("hides LOW importance keys unless advanced is on, they are set, or in error", () => {
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, undefined, {}), "debug.trace")).toBeUndefined();
    const hidden = buildFormModel(EVERY_TYPE_DEFINITION, undefined, {});
    expect(hidden.hiddenAdvanced).toBe(1);
    expect(hidden.groups.find((g) => g.name === "Tuning")?.hiddenAdvanced).toBe(1);
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, undefined, {}, { showAdvanced: true }), "debug.trace")).toBeDefined();
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, undefined, { "debug.trace": "true" }), "debug.trace")?.value).toBe("true");
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, undefined, { "debug.trace": "maybe" }), "debug.trace")?.errors).toEqual(["Must be true or false."]);
  });

  it("offers typing suggestions only for fields without recommended values", () => {
    const suggestions = { "dialect.class": ["a.B"], "connection.user": ["admin"] };
    const draft = {};
    const model = buildFormModel(EVERY_TYPE_DEFINITION, { draft, infos: everyTypeValidation() }, draft, { suggestions });
    expect(field(model, "connection.user")?.suggestions).toEqual(["admin"]);
    expect(field(model, "dialect.class")?.suggestions).toEqual([]);
  });

  it("marks required keys and carries defaults for placeholders", () => {
    const model = buildFormModel(EVERY_TYPE_DEFINITION, undefined, {});
    expect(field(model, "connection.url")).toMatchObject({ required: true, label: "Connection URL" });
    expect(field(model, "batch.size")).toMatchObject({ defaultValue: "100", value: undefined });
  });

  it("keeps draft keys unknown to the definition as other keys", () => {
    const model = buildFormModel(EVERY_TYPE_DEFINITION, undefined, { mode: "bulk", "custom.setting": "x", "zz.other": "y" });
    expect(model.otherKeys).toEqual([
      { key: "custom.setting", value: "x" },
      { key: "zz.other", value: "y" },
    ]);
  });

  it("prefers the validate answer's definitions and group order, falling back to the plugin's", () => {
    const frameworkKey = { ...EVERY_TYPE_DEFINITION[0], name: "tasks.max", type: "INT", group: "Common", order: 3, display_name: "Tasks max" } as ConfigKeyInfoJson;
    const transformKey = { ...frameworkKey, name: "transforms.a.type", type: "CLASS", group: "Transforms: a", order: 0, display_name: "transforms.a.type" } as ConfigKeyInfoJson;
    const infos = everyTypeValidation();
    infos.groups = ["Common", "Transforms: a", "Connection", "Tuning"];
    infos.configs.unshift({ definition: frameworkKey, value: null }, { definition: transformKey, value: null });
    const draft = { "transforms.a.type": "x" };
    const model = buildFormModel(EVERY_TYPE_DEFINITION, { draft, infos }, draft);
    expect(model.groups.map((g) => g.name)).toEqual(["Common", "Transforms: a", "Connection", "Tuning"]);
    expect(field(model, "tasks.max")?.kind).toBe("integer");
    expect(model.otherKeys).toEqual([]);
  });

  it("drops keys the server marks invisible unless they hold a value", () => {
    const infos = everyTypeValidation();
    for (const c of infos.configs) if (c.value && c.value.name === "connection.user") c.value.visible = false;
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, { draft: {}, infos }, {}), "connection.user")).toBeUndefined();
    const draft = { "connection.user": "me" };
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, { draft, infos }, draft), "connection.user")?.value).toBe("me");
  });

  it("shows server errors for the validated value, local checks once the draft moved on, and a summary", () => {
    const validated = { "batch.size": "abc", "connection.url": "" };
    const infos = everyTypeValidation({ "batch.size": ["Invalid value abc for configuration batch.size: Not a number of type INT"], "connection.url": ["Missing required configuration"] });
    const now = buildFormModel(EVERY_TYPE_DEFINITION, { draft: validated, infos }, validated);
    expect(field(now, "batch.size")?.errors).toEqual(["Invalid value abc for configuration batch.size: Not a number of type INT"]);
    expect(now.errors.map((e) => e.key)).toEqual(["connection.url", "batch.size"]);
    expect(now.errorCount).toBe(2);
    const edited = { ...validated, "batch.size": "99999999999" };
    expect(field(buildFormModel(EVERY_TYPE_DEFINITION, { draft: validated, infos }, edited), "batch.size")?.errors).toEqual(["Must be between -2147483648 and 2147483647 (INT)."]);
  });

  it("keeps excluded keys out of the form but in the error summary", () => {
    const def = [...EVERY_TYPE_DEFINITION, { ...EVERY_TYPE_DEFINITION[0], name: "name", group: "Common", order: 1, display_name: "Connector name" } as ConfigKeyInfoJson];
    const infos = everyTypeValidation();
    infos.configs.push({ definition: def[def.length - 1] ?? null, value: { name: "name", value: null, recommended_values: [], errors: ["Name is taken"], visible: true } });
    const draft = { name: "x" };
    const model = buildFormModel(def, { draft, infos }, draft, { exclude: ["name"] });
    expect(field(model, "name")).toBeUndefined();
    expect(model.otherKeys).toEqual([]);
    expect(model.errors).toEqual([{ key: "name", label: "Connector name", messages: ["Name is taken"] }]);
  });
});

describe("localErrors", () => {
  it("checks integer syntax and Java ranges, doubles and booleans", () => {
    expect(localErrors("INT", "12")).toEqual([]);
    expect(localErrors("INT", "abc")).toEqual(["Must be a whole number (INT)."]);
    expect(localErrors("SHORT", "40000")).toEqual(["Must be between -32768 and 32767 (SHORT)."]);
    expect(localErrors("LONG", "9223372036854775807")).toEqual([]);
    expect(localErrors("LONG", "9223372036854775808")).toHaveLength(1);
    expect(localErrors("DOUBLE", "1.5e3")).toEqual([]);
    expect(localErrors("DOUBLE", "1.2.3")).toEqual(["Must be a number (DOUBLE)."]);
    expect(localErrors("BOOLEAN", "TRUE")).toEqual([]);
    expect(localErrors("STRING", "anything")).toEqual([]);
  });
});

describe("draft helpers", () => {
  it("sets, removes and renames keys in place", () => {
    expect(setDraftValue({ a: "1" }, "b", "2")).toEqual({ a: "1", b: "2" });
    expect(setDraftValue({ a: "1", b: "2" }, "a", undefined)).toEqual({ b: "2" });
    expect(Object.keys(renameDraftKey({ a: "1", b: "2", c: "3" }, "b", "z"))).toEqual(["a", "z", "c"]);
  });

  it("masks secrets for the JSON view and restores them when left masked", () => {
    const draft = { pw: "s3cret", user: "me" };
    const shown = maskSecrets(draft, ["pw"]);
    expect(shown).toEqual({ pw: MASKED_VALUE, user: "me" });
    expect(restoreSecrets({ ...shown, user: "you" }, draft, ["pw"])).toEqual({ pw: "s3cret", user: "you" });
    expect(restoreSecrets({ pw: "typed" }, draft, ["pw"])).toEqual({ pw: "typed" });
  });

  it("compares drafts by content", () => {
    expect(sameDraft({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameDraft({ a: "1" }, { a: "1", b: "2" })).toBe(false);
    expect(sameDraft({ a: "1" }, { a: "2" })).toBe(false);
  });

  it("finds values that are still the server's mask", () => {
    expect(maskedSecretsIn({ a: MASKED_VALUE, b: "x" })).toEqual(["a"]);
  });

  it("makes DOM-safe field ids", () => {
    expect(fieldId("transforms.a$b")).toBe("config-field-transforms_2ea_24b");
  });
});
