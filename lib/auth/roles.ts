/**
 * Who may do what, in one table read by the REST API's authentication, the console's routes and the
 * console's controls (a control the user may not use is shown disabled with the role it needs).
 *
 *   viewer    reads everything except secret values (PASSWORD keys are masked for it)
 *   operator  + pause, resume, stop and restart connectors and tasks
 *   admin     + create, edit and delete connectors, offsets, topics, loggers; sees secrets
 */

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` includes every permission of `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Whether values of secret (PASSWORD) keys may be shown to this role. */
export function seesSecrets(role: Role): boolean {
  return role === "admin";
}

/** The sentence a refused request or a disabled control gives. */
export function missingRoleMessage(needed: Role): string {
  return `This action needs the ${needed} role`;
}

/**
 * The role a Kafka Connect REST request needs, by method and path (path segments decoded, without
 * the query). Reads are open to viewers; the operational verbs to operators; everything that
 * changes what runs or where data goes is admin only. Unknown paths need admin when they are not
 * reads, so a new endpoint is closed until it is classified.
 */
export function connectRequestRole(method: string, segments: readonly string[]): Role {
  const m = method.toUpperCase();
  const [first, name, sub, taskId, taskSub] = segments;
  // Validation runs connector code (it may connect to external systems) and only serves creating
  // or editing a connector, which is admin work.
  if (first === "connector-plugins" && m === "PUT" && segments.at(-1) === "validate") return "admin";
  if (m === "GET" || m === "HEAD" || m === "OPTIONS") return "viewer";
  if (first === "connectors" && name !== undefined) {
    if (m === "PUT" && segments.length === 3 && (sub === "pause" || sub === "resume" || sub === "stop")) return "operator";
    if (m === "POST" && segments.length === 3 && sub === "restart") return "operator";
    if (m === "POST" && segments.length === 5 && sub === "tasks" && taskId !== undefined && taskSub === "restart") return "operator";
  }
  return "admin";
}

/** The console's own actions that do not go through the Connect REST API. */
export const CONSOLE_ACTIONS = {
  "topic.create": "admin",
  "topic.delete": "admin",
  "topic.produce": "operator",
  "audit.read": "operator",
} as const satisfies Record<string, Role>;
export type ConsoleAction = keyof typeof CONSOLE_ACTIONS;

export function consoleActionRole(action: ConsoleAction): Role {
  return CONSOLE_ACTIONS[action];
}

/**
 * A short name for a Connect request in the audit log ("connector.pause", "connector.create"…);
 * the method and path are recorded next to it.
 */
export function connectActionName(method: string, segments: readonly string[]): string {
  const m = method.toUpperCase();
  const [first, name, sub, , taskSub] = segments;
  if (first === "connectors") {
    if (name === undefined) return m === "POST" ? "connector.create" : `connectors.${m.toLowerCase()}`;
    if (sub === undefined) return m === "DELETE" ? "connector.delete" : `connector.${m.toLowerCase()}`;
    if (sub === "config") return m === "PATCH" ? "connector.config.patch" : "connector.config.put";
    if (sub === "offsets") return m === "DELETE" ? "connector.offsets.reset" : "connector.offsets.alter";
    if (sub === "topics") return "connector.topics.reset";
    if (sub === "tasks" && taskSub === "restart") return "task.restart";
    if (sub === "tasks") return "connector.tasks.put";
    return `connector.${sub}`;
  }
  if (first === "connector-plugins") return "plugin.validate";
  if (first === "admin" && name === "loggers") return "logger.set";
  return `${m.toLowerCase()} /${segments.join("/")}`;
}
