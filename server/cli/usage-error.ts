/** Bad command-line input: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
