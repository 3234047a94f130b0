import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuditLog } from "./audit-log";

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

const base = { user: "alice", source: "rest", method: "PUT", status: 202, outcome: "success" } as const;

describe("AuditLog", () => {
  it("reads back the newest entries first, across chunk boundaries, skipping broken lines", async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-audit-"));
    const log = new AuditLog(join(dir, "nested", "audit.log"));
    expect(await log.read()).toEqual([]);
    const padding = "x".repeat(900);
    for (let i = 0; i < 600; i++) void log.record({ ...base, action: "connector.pause", target: `c${i}`, path: `/connectors/c${i}/pause`, message: padding });
    await log.record({ ...base, action: "connector.resume", target: "last", path: "/connectors/last/resume" });
    appendFileSync(log.path, "not json\n");

    const newest = await log.read({ limit: 3 });
    expect(newest.map((e) => e.target)).toEqual(["last", "c599", "c598"]);
    const all = await log.read({ limit: 10_000 });
    expect(all).toHaveLength(601);
    expect(all.at(-1)?.target).toBe("c0");
    expect(all[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("reports a failed write instead of throwing", async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-audit-"));
    const errors: unknown[] = [];
    // A directory cannot be appended to.
    const log = new AuditLog(dir, (err) => errors.push(err));
    await log.record({ ...base, action: "connector.pause", path: "/x" });
    expect(errors).toHaveLength(1);
  });
});
