/** `key=value` lines (blank lines and # comments skipped) as a config map, or the first bad line. */
export function parseConfigLines(text: string): { configs: Record<string, string> } | { error: string } {
  const configs: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { error: `Line ${i + 1}: expected key=value` };
    configs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { configs };
}
