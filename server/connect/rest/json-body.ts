import type { z, ZodType } from "zod";
import { RequestBodyError } from "./error-mapper";

/** Parses a JSON request body; an empty body is JSON `null`, which the schema then judges. */
export function parseJsonBody<S extends ZodType>(text: string, schema: S): z.output<S> {
  let value: unknown = null;
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new RequestBodyError(err instanceof SyntaxError ? err : String(err));
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestBodyError(result.error);
  return result.data;
}
