import { brokerCommand } from "./broker-command";
import { pluginCommand } from "./plugin-command";
import { consoleCommand } from "./console-command";
import { distributedCommand } from "./distributed-command";
import { standaloneCommand } from "./standalone-command";
import { startCommand } from "./start-command";
import { UsageError } from "./usage-error";
import { usersCommand } from "./users-command";

interface Command {
  summary: string;
  usage: string;
  /** Exit code after printing the usage (`--help` or a usage error); Kafka's connect CLIs use 1. */
  usageExitCode?: number;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  start: startCommand,
  standalone: standaloneCommand,
  distributed: distributedCommand,
  broker: brokerCommand,
  plugin: pluginCommand,
  console: consoleCommand,
  users: usersCommand,
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "Usage: ferry <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `ferry <command> --help` for a command's options.",
  ].join("\n");
}

/** The `ferry` command line. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`ferry: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage);
    return command.usageExitCode ?? 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`ferry ${name}: ${err.message}\n\n${command.usage}`);
      return command.usageExitCode ?? 2;
    }
    console.error(`ferry ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
