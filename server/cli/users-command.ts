import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { isRole, ROLES } from "../../lib/auth/roles";
import { CredentialsError, formatUsersFile, hashPassword, parseUsersFile, type UserEntry } from "../security/credentials";
import { UsageError } from "./usage-error";

const DEFAULT_FILE = join("data", "users");

const usage = `Usage: ferry users add NAME --role ROLE [--file FILE] [--password-stdin]
       ferry users remove NAME [--file FILE]
       ferry users list [--file FILE]

Manages the users file of the REST API and the console: one user per line with a salted scrypt
hash of the password (never the password itself) and a role:
  viewer    reads everything except secret values
  operator  + pause, resume, stop and restart connectors and tasks
  admin     + create, edit and delete connectors, offsets, topics; sees secrets

\`ferry start\` uses DATA-DIR/users when it exists (or --users-file); standalone and distributed
workers use the worker setting rest.auth.users.file. Changes apply without a restart.

Options:
  --file FILE         the users file (default ./data/users, ferry start's default data dir)
  --role ROLE         viewer, operator or admin
  --password-stdin    read the password from standard input (first line) instead of a prompt`;

export interface UsersDeps {
  print?: (line: string) => void;
  /** Where --password-stdin reads from (default process.stdin). */
  stdin?: Readable;
  /** The interactive no-echo prompt (default: on the terminal; fails when stdin is no terminal). */
  promptPassword?: (question: string) => Promise<string>;
}

/** `ferry users`; returns the process exit code. */
export async function runUsers(args: string[], deps: UsersDeps = {}): Promise<number> {
  const print = deps.print ?? ((line: string) => console.log(line));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { file: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const [action, name, ...extra] = positionals;
  const file = values.file ?? DEFAULT_FILE;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);

  switch (action) {
    case "add": {
      if (!name) throw new UsageError("add needs a user name");
      const role = values.role;
      if (role === undefined) throw new UsageError("add needs --role (viewer, operator or admin)");
      if (!isRole(role)) throw new UsageError(`--role: '${role}' is not a role (${ROLES.join(", ")})`);
      const users = await readUsers(file);
      const password = values["password-stdin"] ? await readFirstLine(deps.stdin ?? process.stdin) : await askTwice(name, deps.promptPassword ?? promptOnTerminal);
      if (password === "") throw new CredentialsError("the password is empty");
      const entry: UserEntry = { name, role, hash: await hashPassword(password) };
      // Checks the name the way the server will read it.
      parseUsersFile(formatUsersFile([entry]));
      const existed = users.has(name);
      users.set(name, entry);
      await writeUsers(file, users);
      print(`${existed ? "Updated" : "Added"} user ${name} (${role}) in ${file}`);
      return 0;
    }
    case "remove": {
      if (!name) throw new UsageError("remove needs a user name");
      const users = await readUsers(file);
      if (!users.delete(name)) {
        console.error(`ferry users: no user '${name}' in ${file}`);
        return 1;
      }
      await writeUsers(file, users);
      print(`Removed user ${name} from ${file}`);
      return 0;
    }
    case "list": {
      if (name) throw new UsageError(`unexpected argument '${name}'`);
      const users = await readUsers(file);
      if (users.size === 0) print(`No users in ${file}`);
      const width = Math.max(4, ...[...users.keys()].map((n) => n.length));
      if (users.size > 0) print(`${"USER".padEnd(width)}  ROLE`);
      for (const user of users.values()) print(`${user.name.padEnd(width)}  ${user.role}`);
      return 0;
    }
    default:
      throw new UsageError(action ? `unknown action '${action}'` : "missing action (add, remove or list)");
  }
}

async function readUsers(file: string): Promise<Map<string, UserEntry>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw err;
  }
  return parseUsersFile(text, file);
}

/** Written to a temporary file then renamed, so a running worker never reads half a file; owner-only. */
async function writeUsers(file: string, users: Map<string, UserEntry>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, formatUsersFile(users.values()), { mode: 0o600 });
  await rename(temporary, file);
}

async function readFirstLine(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return (Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "").trimEnd();
}

async function askTwice(name: string, prompt: (question: string) => Promise<string>): Promise<string> {
  const first = await prompt(`Password for ${name}: `);
  const second = await prompt("Repeat the password: ");
  if (first !== second) throw new CredentialsError("the passwords do not match");
  return first;
}

/** Reads a line from the terminal without echoing it. */
function promptOnTerminal(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(new CredentialsError("standard input is not a terminal: give the password with --password-stdin"));
  }
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let value = "";
    const done = (result: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      result();
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done(() => resolve(value));
        if (ch === "\u0003") return done(() => reject(new CredentialsError("cancelled")));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

export const usersCommand = {
  summary: "add, remove and list the users of the REST API and the console",
  usage,
  run: (args: string[]) => runUsers(args),
};
