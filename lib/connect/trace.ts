/**
 * The one line worth reading in a Java-style failure trace: the message of the last "Caused by"
 * (the root cause), else the first line (the exception and its message).
 */
export function rootCause(trace: string | undefined | null): string | undefined {
  if (!trace?.trim()) return undefined;
  const lines = trace.split(/\r?\n/);
  let cause: string | undefined;
  for (const line of lines) {
    const m = /^\s*Caused by:\s*(.+)$/.exec(line);
    if (m) cause = m[1];
  }
  const line = (cause ?? lines.find((l) => l.trim()) ?? "").trim();
  return stripExceptionClass(line);
}

/** "org.x.ConnectException: boom" → "ConnectException: boom" (the package adds nothing for a reader). */
function stripExceptionClass(line: string): string {
  const m = /^((?:[a-z_$][\w$]*\.)+)([A-Z][\w$]*(?:Exception|Error|Throwable)?)(:\s.*|$)/.exec(line);
  return m ? `${m[2]}${m[3]}` : line;
}
