import { parseArgs } from "node:util";
import { z } from "zod";
import { UsageError } from "./usage-error";

/** `HOST:PORT` (IPv6 hosts in brackets). */
export const listenAddress = z.string().transform((s, ctx) => {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    ctx.addIssue({ code: "custom", message: `expected HOST:PORT, got '${s}'` });
    return z.NEVER;
  }
  return { host: (m[1] as string).replace(/^\[|\]$/g, ""), port };
});

export const booleanFlag = z.enum(["true", "false"]).transform((v) => v === "true");
export const intFlag = (min: number) => z.coerce.number().int().min(min);

/** Parses `--name value` options with node's parser, then validates them with a zod schema. */
export function parseOptions<S extends z.ZodType>(args: string[], names: string[], schema: S): { values: z.output<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(names.map((n) => [n, { type: "string" as const }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`);
  }
  return { values: result.data, positionals: parsed.positionals };
}

/** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
