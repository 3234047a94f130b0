import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { isRole, type Role } from "../../lib/auth/roles";

/**
 * The users file: one user per line, as Kafka's PropertyFileLoginModule reads `name: password,role`,
 * except that the password is a salted scrypt hash (Ferry never stores or accepts a plain-text one):
 *
 *   # ferry users add alice --role admin
 *   alice: scrypt$16384$8$1$<salt, base64>$<hash, base64>, admin
 *
 * Blank lines and lines starting with `#` or `!` are comments.
 */

export interface Principal {
  name: string;
  role: Role;
}

export interface UserEntry extends Principal {
  hash: string;
}

export class CredentialsError extends Error {
  override name = "CredentialsError";
}

const SCRYPT_PREFIX = "scrypt";
/** OWASP's minimum for scrypt; ~50 ms per hash on a small machine. */
const DEFAULT_COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function scrypt(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` of a new random salt. */
export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = DEFAULT_COST): Promise<string> {
  if (password.length === 0) throw new CredentialsError("the password is empty");
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return [SCRYPT_PREFIX, cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

interface ParsedHash {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(hash: string): ParsedHash | undefined {
  const parts = hash.split("$");
  if (parts.length !== 6 || parts[0] !== SCRYPT_PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || (N & (N - 1)) !== 0 || N > 1 << 20 || r > 32 || p > 16) return undefined;
  const salt = Buffer.from(parts[4] as string, "base64");
  const key = Buffer.from(parts[5] as string, "base64");
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { cost: { N, r, p }, salt, key };
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/** Parses a users file; errors name the source and line. */
export function parseUsersFile(text: string, source = "users file"): Map<string, UserEntry> {
  const users = new Map<string, UserEntry>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) return;
    const where = `${source}, line ${index + 1}`;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new CredentialsError(`${where}: expected 'name: hash, role'`);
    const name = line.slice(0, colon).trim();
    if (!USER_NAME.test(name)) throw new CredentialsError(`${where}: '${name}' is not a valid user name (letters, digits, '.', '_', '@', '-')`);
    const [hash = "", role = "", ...rest] = line
      .slice(colon + 1)
      .split(",")
      .map((s) => s.trim());
    if (rest.length > 0) throw new CredentialsError(`${where}: a user has exactly one role`);
    if (!parseHash(hash)) {
      throw new CredentialsError(`${where}: the password of '${name}' is not a Ferry password hash; set it with 'ferry users add ${name} --role ROLE'`);
    }
    if (!isRole(role)) throw new CredentialsError(`${where}: '${role}' is not a role (viewer, operator or admin)`);
    if (users.has(name)) throw new CredentialsError(`${where}: the user '${name}' is defined twice`);
    users.set(name, { name, hash, role });
  });
  return users;
}

export function formatUsersFile(users: Iterable<UserEntry>): string {
  const lines = ["# Ferry users: name: scrypt hash, role (viewer, operator or admin). Edit with 'ferry users'."];
  for (const u of users) lines.push(`${u.name}: ${u.hash}, ${u.role}`);
  return `${lines.join("\n")}\n`;
}

/** `Authorization: Basic base64(user:password)` → its parts; undefined when absent or malformed. */
export function parseBasicAuthorization(header: string | null | undefined): { user: string; password: string } | undefined {
  const m = header ? /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The users of a file, re-read when the file changes (so `ferry users add` takes effect without a
 * restart). Successful checks are remembered by a digest of name, password and stored hash, so a
 * client sending Basic credentials on every request pays the scrypt cost once, not per request.
 */
export class UserStore {
  readonly #path: string;
  #users = new Map<string, UserEntry>();
  #version = "";
  #verified = new Set<string>();
  #loading: Promise<void> | undefined;

  private constructor(path: string) {
    this.#path = path;
  }

  /** Reads the file now, so a broken file stops the start with its error. */
  static async open(path: string): Promise<UserStore> {
    const store = new UserStore(path);
    await store.#reload();
    return store;
  }

  get path(): string {
    return this.#path;
  }

  get size(): number {
    return this.#users.size;
  }

  async #reload(): Promise<void> {
    let info;
    try {
      info = await stat(this.#path);
    } catch (err) {
      throw new CredentialsError(`cannot read the users file ${this.#path}: ${(err as Error).message}`);
    }
    const version = `${info.mtimeMs}:${info.size}:${info.ino}`;
    if (version === this.#version) return;
    const users = parseUsersFile(await readFile(this.#path, "utf8"), this.#path);
    this.#users = users;
    this.#version = version;
    this.#verified.clear();
  }

  async #fresh(): Promise<void> {
    this.#loading ??= this.#reload().finally(() => (this.#loading = undefined));
    try {
      await this.#loading;
    } catch {
      // A file broken while running keeps the last good users (the error was reported at open).
    }
  }

  async authenticate(name: string, password: string): Promise<Principal | undefined> {
    await this.#fresh();
    const user = this.#users.get(name);
    if (!user) {
      // Same cost as a real check, so timing does not tell which names exist.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    const digest = createHash("sha256").update(name).update("\0").update(password).update("\0").update(user.hash).digest("base64");
    if (this.#verified.has(digest)) return { name: user.name, role: user.role };
    if (!(await verifyPassword(password, user.hash))) return undefined;
    if (this.#verified.size > 10_000) this.#verified.clear();
    this.#verified.add(digest);
    return { name: user.name, role: user.role };
  }
}

const DUMMY_HASH = `${SCRYPT_PREFIX}$${DEFAULT_COST.N}$${DEFAULT_COST.r}$${DEFAULT_COST.p}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEY_BYTES).toString("base64")}`;
