import { readFile, stat } from "node:fs/promises";
import type { Role } from "../../lib/auth/roles";
import { parseUsersFile } from "../security/credentials";
import type { SessionUser } from "./session";

/**
 * Whether a session's user still exists, and with which role: a session names its user and the role
 * it had at login, but `ferry users remove` must end it and a changed role must apply at once. The
 * users file is read again only when it changed (size, time or inode); a file broken while running
 * keeps the last good users.
 */

const CACHE_KEY = Symbol.for("ferry.console.sessionUsers");

interface Cached {
  version: string;
  roles: Map<string, Role>;
}

function cache(): Map<string, Cached> {
  const holder = globalThis as { [CACHE_KEY]?: Map<string, Cached> };
  return (holder[CACHE_KEY] ??= new Map());
}

async function currentRoles(path: string): Promise<Map<string, Role>> {
  const known = cache().get(path);
  let version: string;
  try {
    const info = await stat(path);
    version = `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return new Map(); // no users file: nobody is signed in
  }
  if (known?.version === version) return known.roles;
  try {
    const users = parseUsersFile(await readFile(path, "utf8"), path);
    const roles = new Map([...users.values()].map((u) => [u.name, u.role]));
    cache().set(path, { version, roles });
    return roles;
  } catch {
    return known?.roles ?? new Map();
  }
}

/** The session's user with the role the users file gives it now; undefined when the user is gone. */
export async function revalidate(session: SessionUser, usersFile: string): Promise<SessionUser | undefined> {
  const role = (await currentRoles(usersFile)).get(session.user);
  return role ? { user: session.user, role } : undefined;
}
