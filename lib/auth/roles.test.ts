import { describe, expect, it } from "vitest";
import { connectActionName, connectRequestRole, hasRole } from "./roles";

const role = (method: string, path: string) => connectRequestRole(method, path.split("/").filter(Boolean));

describe("connectRequestRole", () => {
  it("lets viewers read, operators operate and admins change", () => {
    expect(role("GET", "/connectors")).toBe("viewer");
    expect(role("GET", "/connectors/a/config")).toBe("viewer");
    expect(role("GET", "/")).toBe("viewer");
    expect(role("PUT", "/connectors/a/pause")).toBe("operator");
    expect(role("PUT", "/connectors/a/resume")).toBe("operator");
    expect(role("PUT", "/connectors/a/stop")).toBe("operator");
    expect(role("POST", "/connectors/a/restart")).toBe("operator");
    expect(role("POST", "/connectors/a/tasks/0/restart")).toBe("operator");
    expect(role("POST", "/connectors")).toBe("admin");
    expect(role("PUT", "/connectors/a/config")).toBe("admin");
    expect(role("PATCH", "/connectors/a/config")).toBe("admin");
    expect(role("DELETE", "/connectors/a")).toBe("admin");
    expect(role("PATCH", "/connectors/a/offsets")).toBe("admin");
    expect(role("DELETE", "/connectors/a/offsets")).toBe("admin");
    expect(role("PUT", "/connectors/a/topics/reset")).toBe("admin");
    expect(role("PUT", "/admin/loggers/root")).toBe("admin");
    expect(role("PUT", "/connector-plugins/FileStreamSource/config/validate")).toBe("admin");
    // Unclassified writes are closed.
    expect(role("POST", "/something/new")).toBe("admin");
    expect(role("PUT", "/connectors/pause")).toBe("admin");
  });

  it("orders roles", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "admin")).toBe(false);
    expect(hasRole("viewer", "viewer")).toBe(true);
  });

  it("names actions for the audit log", () => {
    const name = (method: string, path: string) => connectActionName(method, path.split("/").filter(Boolean));
    expect(name("POST", "/connectors")).toBe("connector.create");
    expect(name("DELETE", "/connectors/a")).toBe("connector.delete");
    expect(name("PUT", "/connectors/a/pause")).toBe("connector.pause");
    expect(name("POST", "/connectors/a/tasks/1/restart")).toBe("task.restart");
    expect(name("PUT", "/connectors/a/config")).toBe("connector.config.put");
    expect(name("DELETE", "/connectors/a/offsets")).toBe("connector.offsets.reset");
    expect(name("PUT", "/admin/loggers/root")).toBe("logger.set");
  });
});
