import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildFormModel, fieldId, type ConfigDraft } from "@/lib/connect/config-form";
import { EVERY_TYPE_DEFINITION, everyTypeValidation } from "@/lib/connect/config-form.fixtures";
import { ConfigForm } from "./config-form";
import { JsonConfigEditor } from "./json-config-editor";

/**
 * The generated form from a definition with every ConfigDef type, rendered to static HTML in node:
 * what controls come out for each key, in which groups and order.
 */

function render(draft: ConfigDraft, { showAdvanced = false, errors = {} as Record<string, string[]> } = {}): string {
  const model = buildFormModel(EVERY_TYPE_DEFINITION, { draft, infos: everyTypeValidation(errors) }, draft, { showAdvanced });
  return renderToStaticMarkup(
    <ConfigForm model={model} onChange={() => {}} onRename={() => {}} showAdvanced={showAdvanced} onShowAdvancedChange={() => {}} />,
  );
}

/** The opening tag of the element with this id. */
function tagOf(html: string, id: string): string {
  const m = new RegExp(`<(input|select|textarea)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!m) throw new Error(`no control with id ${id}`);
  return m[0];
}

const DRAFT: ConfigDraft = { "connection.url": "jdbc:x", "connection.password": "pw", mode: "bulk", "custom.override": "kept" };

describe("ConfigForm (static render)", () => {
  const html = render(DRAFT);

  it("renders the groups as headed sections in definition order", () => {
    const legends = [...html.matchAll(/<fieldset[^>]*data-group="([^"]+)"/g)].map((m) => m[1]);
    expect(legends).toEqual(["Common", "Connection", "Tuning"]);
    const connection = html.slice(html.indexOf('data-group="Connection"'), html.indexOf('data-group="Tuning"'));
    const order = [...connection.matchAll(/data-config-key="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["connection.url", "connection.user", "connection.password"]);
  });

  it("gives every type its control", () => {
    expect(tagOf(html, fieldId("connection.url"))).toMatch(/type="text"/);
    expect(tagOf(html, fieldId("connection.url"))).toMatch(/aria-required="true"/);
    expect(tagOf(html, fieldId("batch.size"))).toMatch(/inputMode="numeric"/);
    expect(tagOf(html, fieldId("batch.size"))).toMatch(/placeholder="Default: 100"/);
    expect(tagOf(html, fieldId("max.rows"))).toMatch(/inputMode="numeric"/);
    expect(tagOf(html, fieldId("port"))).toMatch(/inputMode="numeric"/);
    expect(tagOf(html, fieldId("poll.ratio"))).toMatch(/inputMode="decimal"/);
    expect(tagOf(html, fieldId("enabled"))).toMatch(/type="checkbox"/);
    expect(tagOf(html, fieldId("enabled"))).toMatch(/checked=""/);
    expect(tagOf(html, fieldId("tables"))).toMatch(/placeholder="Comma-separated values"/);
    expect(html).toMatch(/data-config-key="tables" data-kind="list"/);
  });

  it("renders PASSWORD as a secret input", () => {
    const tag = tagOf(html, fieldId("connection.password"));
    expect(tag).toMatch(/type="password"/);
    expect(tag).toMatch(/autoComplete="new-password"|autocomplete="new-password"/);
  });

  it("renders recommended values as a select with a custom escape; CLASS too", () => {
    const select = html.slice(html.indexOf(`id="${fieldId("mode")}"`), html.indexOf("</select>", html.indexOf(`id="${fieldId("mode")}"`)));
    const options = [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
    expect(options).toEqual(["Default (bulk)", "bulk", "incrementing", "timestamp", "Custom value…"]);
    expect(select).toMatch(/<option value="bulk" selected="">bulk<\/option>/);
    expect(tagOf(html, fieldId("dialect.class"))).toMatch(/^<select/);
  });

  it("marks required keys", () => {
    const url = html.slice(html.indexOf('data-config-key="connection.url"'), html.indexOf('data-config-key="connection.user"'));
    expect(url).toContain("(required)");
    const user = html.slice(html.indexOf('data-config-key="connection.user"'), html.indexOf('data-config-key="connection.password"'));
    expect(user).not.toContain("(required)");
  });

  it("hides LOW importance keys behind the advanced toggle", () => {
    expect(html).not.toContain('data-config-key="debug.trace"');
    expect(html).toContain("Show advanced settings");
    expect(html).toContain("(1 hidden)");
    const advanced = render(DRAFT, { showAdvanced: true });
    expect(tagOf(advanced, fieldId("debug.trace"))).toMatch(/type="checkbox"/);
    expect(advanced).toMatch(/data-config-key="debug.trace"[\s\S]*?advanced<\/span>/);
  });

  it("keeps a draft key the definition does not know, editable and removable", () => {
    const other = html.slice(html.indexOf('data-testid="other-keys"'));
    expect(other).toContain("Other keys");
    expect(other).toMatch(/<input aria-label="Key name of custom.override"[^>]*value="custom.override"/);
    expect(other).toMatch(/<input aria-label="Value of custom.override"[^>]*value="kept"/);
    expect(other).toContain('aria-label="Remove custom.override"');
  });

  it("shows errors on the field (aria-invalid, aria-describedby) and in a summary linking to it", () => {
    const draft = { ...DRAFT, "batch.size": "abc" };
    const out = render(draft, { errors: { "batch.size": ["Invalid value abc for configuration batch.size: Not a number of type INT"] } });
    const id = fieldId("batch.size");
    expect(tagOf(out, id)).toMatch(/aria-invalid="true"/);
    expect(tagOf(out, id)).toMatch(new RegExp(`aria-describedby="${id}-errors ${id}-doc"`));
    expect(out).toMatch(new RegExp(`<ul id="${id}-errors"[^>]*>[\\s\\S]*Not a number of type INT`));
    expect(out).toMatch(new RegExp(`data-testid="error-summary"[\\s\\S]*href="#${id}"`));
    expect(out).toContain("1 validation error");
  });

  it("shows a secret the server returned masked as unchanged (kept), without showing the mask", () => {
    const out = render({ ...DRAFT, "connection.password": "[hidden]" });
    const tag = tagOf(out, fieldId("connection.password"));
    expect(tag).toMatch(/type="password"/);
    expect(tag).toMatch(/value=""/);
    expect(tag).toMatch(/placeholder="Unchanged \(kept\): type to replace"/);
    expect(out).toContain("the stored secret stays as it is unless you type a new one");
  });
});

describe("JsonConfigEditor (static render)", () => {
  it("shows the draft as JSON with line numbers and secrets masked", () => {
    const out = renderToStaticMarkup(<JsonConfigEditor value={{ "connection.password": "s3cret", mode: "bulk" }} secretKeys={["connection.password"]} onChange={() => {}} />);
    expect(out).toContain("&quot;connection.password&quot;: &quot;[hidden]&quot;");
    expect(out).not.toContain("s3cret");
    expect(out).toMatch(/<div>1<\/div><div>2<\/div><div>3<\/div><div>4<\/div>/);
  });
});
