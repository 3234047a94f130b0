import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BadRequestError, ConnectRestError } from "../api/errors";

/**
 * Signed requests between distributed workers (Kafka's InternalRequestSignature, KIP-507). The
 * leader writes a session key to the config topic; a worker that sends task configs to the leader
 * signs the request body with it (HMAC, base64 in `X-Connect-Authorization`, the algorithm in
 * `X-Connect-Request-Signature-Algorithm`), and the worker that receives it checks the signature
 * with the same key before acting. Algorithms use Java's names (HmacSHA256…), as Kafka's workers do.
 */

export const SIGNATURE_HEADER = "X-Connect-Authorization";
export const SIGNATURE_ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";

export const MISSING_SIGNATURE_MESSAGE = "Internal request missing required signature";
export const INVALID_SIGNATURE_MESSAGE = "Internal request contained invalid signature.";
export const NO_SESSION_KEY_MESSAGE = "This worker has not read a session key from the config topic yet; the request cannot be verified";
export const EXPIRED_KEY_MESSAGE = "Internal request cannot be verified: the session key has expired and no newer one is known yet";

/** Java's Mac algorithm names → Node's digest, and the key size of Java's KeyGenerator for it. */
const HMAC_ALGORITHMS: Readonly<Record<string, { digest: string; defaultKeyBytes: number }>> = {
  HmacSHA1: { digest: "sha1", defaultKeyBytes: 64 },
  HmacSHA224: { digest: "sha224", defaultKeyBytes: 28 },
  HmacSHA256: { digest: "sha256", defaultKeyBytes: 32 },
  HmacSHA384: { digest: "sha384", defaultKeyBytes: 48 },
  HmacSHA512: { digest: "sha512", defaultKeyBytes: 64 },
};

export function isSupportedAlgorithm(algorithm: string): boolean {
  return Object.prototype.hasOwnProperty.call(HMAC_ALGORITHMS, algorithm);
}

export const SUPPORTED_ALGORITHMS: readonly string[] = Object.keys(HMAC_ALGORITHMS);

/** The cluster's shared secret, as the config topic's `session-key` record holds it. */
export interface SessionKey {
  key: Buffer;
  /** The key generation algorithm (`inter.worker.key.generation.algorithm`). */
  algorithm: string;
  creationTimestamp: number;
}

/** A fresh random key; `sizeBits` undefined: the algorithm's default size. */
export function generateSessionKey(algorithm: string, sizeBits: number | undefined, now: number): SessionKey {
  const spec = HMAC_ALGORITHMS[algorithm];
  if (!spec) throw new Error(`Algorithm ${algorithm} not available`);
  const bytes = sizeBits === undefined ? spec.defaultKeyBytes : Math.ceil(sizeBits / 8);
  return { key: randomBytes(bytes), algorithm, creationTimestamp: now };
}

/** Base64 of the HMAC of `body` under `key`. */
export function sign(key: Buffer, body: string | Buffer, algorithm: string): string {
  const spec = HMAC_ALGORITHMS[algorithm];
  if (!spec) throw new Error(`Algorithm ${algorithm} not available`);
  return createHmac(spec.digest, key).update(body).digest("base64");
}

/** The headers that carry the signature of `body`. */
export function signatureHeaders(key: Buffer, body: string | Buffer, algorithm: string): Record<string, string> {
  return { [SIGNATURE_HEADER]: sign(key, body, algorithm), [SIGNATURE_ALGORITHM_HEADER]: algorithm };
}

/** What an internal request brought: its raw body and its signature headers (null when absent). */
export interface InternalRequest {
  body: Buffer;
  signature: string | null;
  algorithm: string | null;
}

export function internalRequestOf(headers: Headers, body: Buffer): InternalRequest {
  return { body, signature: headers.get(SIGNATURE_HEADER), algorithm: headers.get(SIGNATURE_ALGORITHM_HEADER) };
}

/** True when a request carries both signature headers (checked later, by the herder). */
export function carriesSignature(headers: Headers): boolean {
  return headers.get(SIGNATURE_HEADER) !== null && headers.get(SIGNATURE_ALGORITHM_HEADER) !== null;
}

export interface VerificationOptions {
  /** The cluster's current session key; undefined before the first one was read. */
  sessionKey: SessionKey | undefined;
  /** `inter.worker.verification.algorithms`. */
  verificationAlgorithms: readonly string[];
  /** `inter.worker.key.ttl.ms`: a key older than that is not trusted any more. */
  ttlMs: number;
  now: number;
}

/**
 * Checks a request's signature as DistributedHerder#putTaskConfigs does: no signature → 400, an
 * algorithm this worker does not accept → 400, no session key read yet → 503, a signature that does
 * not match the session key (or a key past its TTL) → 403. Throws the REST error; returns when the request is genuine.
 */
export function verifyInternalRequest(request: InternalRequest, options: VerificationOptions): void {
  if (request.signature === null || request.algorithm === null) throw new BadRequestError(MISSING_SIGNATURE_MESSAGE);
  if (!isSupportedAlgorithm(request.algorithm)) throw new BadRequestError(`Algorithm ${request.algorithm} not available`);
  if (!options.verificationAlgorithms.includes(request.algorithm)) {
    throw new BadRequestError(
      `This worker does not support the '${request.algorithm}' key signing algorithm used by other workers. ` +
        `This worker is currently configured to use: [${options.verificationAlgorithms.join(", ")}]. ` +
        "Check that all workers' configuration files permit the same set of signature algorithms, and correct any misconfigured worker and restart it.",
    );
  }
  const key = options.sessionKey;
  if (!key) throw new ConnectRestError(503, NO_SESSION_KEY_MESSAGE);
  if (key.creationTimestamp + options.ttlMs <= options.now) throw new ConnectRestError(403, EXPIRED_KEY_MESSAGE);
  const expected = Buffer.from(sign(key.key, request.body, request.algorithm), "base64");
  const given = Buffer.from(request.signature, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ConnectRestError(403, INVALID_SIGNATURE_MESSAGE);
}

const storage = new AsyncLocalStorage<InternalRequest>();

/** Runs `work` (the herder call of an internal endpoint) with what the request brought. */
export function withInternalRequest<T>(request: InternalRequest, work: () => Promise<T>): Promise<T> {
  return storage.run(request, work);
}

/** The internal request being served; undefined for a call made in-process. */
export function currentInternalRequest(): InternalRequest | undefined {
  return storage.getStore();
}
