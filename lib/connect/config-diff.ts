/**
 * The running config against a draft: which keys a PUT /connectors/{name}/config would add, remove
 * or change. Secrets never appear in clear: values of PASSWORD keys, and values the server already
 * masked, are shown as a mask (with whether they changed).
 */

/** What Kafka Connect prints in place of a PASSWORD value (`Password.HIDDEN`). */
export const MASKED_VALUE = "[hidden]";
/** What the console shows for a secret. */
export const SECRET_MASK = "••••••";

export type DiffKind = "added" | "removed" | "changed";

export interface ConfigDiffEntry {
  key: string;
  kind: DiffKind;
  /** As displayed: masked when secret. Absent for added keys. */
  before?: string;
  /** As displayed: masked when secret. Absent for removed keys. */
  after?: string;
  secret: boolean;
}

export interface ConfigDiff {
  entries: ConfigDiffEntry[];
  added: number;
  removed: number;
  changed: number;
}

export function isMaskedValue(value: string | undefined): boolean {
  return value === MASKED_VALUE;
}

/** Entries sorted by key so a reviewer can scan them; unchanged keys are left out. */
export function diffConfigs(running: Readonly<Record<string, string>>, draft: Readonly<Record<string, string>>, secretKeys: Iterable<string> = []): ConfigDiff {
  const secrets = new Set(secretKeys);
  const keys = [...new Set([...Object.keys(running), ...Object.keys(draft)])].sort();
  const entries: ConfigDiffEntry[] = [];
  for (const key of keys) {
    const before = Object.hasOwn(running, key) ? running[key] : undefined;
    const after = Object.hasOwn(draft, key) ? draft[key] : undefined;
    if (before === after) continue;
    const secret = secrets.has(key) || isMaskedValue(before) || isMaskedValue(after);
    const show = (v: string | undefined) => (v === undefined ? undefined : secret ? SECRET_MASK : v);
    const kind: DiffKind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    entries.push({ key, kind, ...(before !== undefined ? { before: show(before) } : {}), ...(after !== undefined ? { after: show(after) } : {}), secret });
  }
  return {
    entries,
    added: entries.filter((e) => e.kind === "added").length,
    removed: entries.filter((e) => e.kind === "removed").length,
    changed: entries.filter((e) => e.kind === "changed").length,
  };
}
