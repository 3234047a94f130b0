import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TableHead } from "./table-head";

/** The header markup the console's tables had before they shared this component, and browser tests rely on. */

describe("TableHead", () => {
  it("renders plain labels as scoped header cells", () => {
    expect(renderToStaticMarkup(<TableHead columns={["Worker", "Role"]} />)).toBe(
      '<thead class="bg-surface-muted text-xs text-muted"><tr>' +
        '<th scope="col" class="px-3 py-2 font-medium">Worker</th>' +
        '<th scope="col" class="px-3 py-2 font-medium">Role</th>' +
        "</tr></thead>",
    );
  });

  it("adds alignment, title, width and screen-reader-only labels", () => {
    const html = renderToStaticMarkup(
      <TableHead
        className="border-b border-border"
        columns={[
          { label: "Problem", className: "w-1/2" },
          { label: "Size", align: "right", title: "On disk" },
          { label: "Actions", hidden: true },
        ]}
      />,
    );
    expect(html).toBe(
      '<thead class="border-b border-border bg-surface-muted text-xs text-muted"><tr>' +
        '<th scope="col" class="w-1/2 px-3 py-2 font-medium">Problem</th>' +
        '<th scope="col" class="px-3 py-2 text-right font-medium" title="On disk">Size</th>' +
        '<th scope="col" class="px-3 py-2 font-medium"><span class="sr-only">Actions</span></th>' +
        "</tr></thead>",
    );
  });
});
