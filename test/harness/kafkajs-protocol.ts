import { createRequire } from "node:module";

/**
 * Typed access to kafkajs's own protocol encoders and decoders, so codec tests check Ferry's wire
 * format against a client nobody here wrote. kafkajs ships these as untyped CommonJS modules.
 */
const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}
type RequestFactory = (args: Record<string, unknown>) => { encode(): Promise<KafkajsEncoder> | KafkajsEncoder };
interface ResponseModule {
  decode(raw: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

/** Body bytes (no size prefix, no header) of a request as kafkajs encodes it. */
export async function kafkajsRequestBody(api: string, version: number, args: Record<string, unknown>): Promise<Buffer> {
  const factory = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as RequestFactory;
  const encoder = await factory(args).encode();
  return encoder.buffer;
}

/** A response body decoded by kafkajs (`decode` only: `parse` throws on protocol errors). */
export async function kafkajsDecodeResponse<T = Record<string, unknown>>(api: string, version: number, body: Buffer): Promise<T> {
  const mod = require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`) as ResponseModule;
  return (await mod.decode(body)) as T;
}
