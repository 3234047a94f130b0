import { describe, expect, it } from "vitest";
import { bulkActionSchema } from "@/lib/connect/bulk";
import { BULK_ACTION_EFFECTS, confirmTitle, connectorCount } from "./bulk-copy";

describe("bulk action wording", () => {
  it("names the count in the confirmation title", () => {
    expect(confirmTitle("pause", 12)).toBe("Pause 12 connectors?");
    expect(confirmTitle("delete", 1)).toBe("Delete 1 connector?");
    expect(confirmTitle("restart-failed", 3)).toBe("Restart failed tasks of 3 connectors?");
    expect(connectorCount(0)).toBe("0 connectors");
  });

  it("explains every action", () => {
    for (const action of bulkActionSchema.options) expect(BULK_ACTION_EFFECTS[action]).toMatch(/\w/);
  });
});
