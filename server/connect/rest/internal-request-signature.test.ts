import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorConfig } from "../../../lib/connect/schemas";
import { AuditLog } from "../../security/audit-log";
import { formatUsersFile, hashPassword, UserStore } from "../../security/credentials";
import { ConnectRestError } from "../api/errors";
import { INTERNAL_CALLER, withRestAuth } from "./auth";
import { FakeHerder } from "./fake-herder";
import {
  currentInternalRequest,
  EXPIRED_KEY_MESSAGE,
  generateSessionKey,
  INVALID_SIGNATURE_MESSAGE,
  MISSING_SIGNATURE_MESSAGE,
  NO_SESSION_KEY_MESSAGE,
  SIGNATURE_ALGORITHM_HEADER,
  SIGNATURE_HEADER,
  sign,
  signatureHeaders,
  verifyInternalRequest,
  type InternalRequest,
  type SessionKey,
  type VerificationOptions,
} from "./internal-request-signature";
import { createRestApi } from "./rest-api";

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const key: SessionKey = generateSessionKey("HmacSHA256", undefined, NOW - 1000);
const options: VerificationOptions = { sessionKey: key, verificationAlgorithms: ["HmacSHA256"], ttlMs: HOUR, now: NOW };
const BODY = JSON.stringify([{ "task.class": "T", file: "a.txt" }]);

function signed(body: string, withKey: SessionKey = key, algorithm = "HmacSHA256"): InternalRequest {
  return { body: Buffer.from(body), signature: sign(withKey.key, body, algorithm), algorithm };
}

/** The REST error a verification throws, or undefined when the request is accepted. */
function refusal(request: InternalRequest, opts: VerificationOptions = options): { status: number; message: string } | undefined {
  try {
    verifyInternalRequest(request, opts);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConnectRestError)) throw err;
    return { status: err.status, message: err.message };
  }
}

describe("session keys and request signatures", () => {
  it("generates keys of the algorithm's default size, or of inter.worker.key.size bits", () => {
    expect(key.key.length).toBe(32);
    expect(key.algorithm).toBe("HmacSHA256");
    expect(generateSessionKey("HmacSHA512", undefined, NOW).key.length).toBe(64);
    expect(generateSessionKey("HmacSHA256", 128, NOW).key.length).toBe(16);
    expect(generateSessionKey("HmacSHA256", undefined, NOW).key.equals(key.key)).toBe(false);
    expect(() => generateSessionKey("HmacMD2", undefined, NOW)).toThrow("Algorithm HmacMD2 not available");
  });

  it("signs with Kafka's headers: base64 HMAC of the body and the algorithm's Java name", () => {
    const headers = signatureHeaders(key.key, BODY, "HmacSHA256");
    expect(headers[SIGNATURE_ALGORITHM_HEADER]).toBe("HmacSHA256");
    expect(Buffer.from(headers[SIGNATURE_HEADER]!, "base64")).toHaveLength(32);
    // RFC 4231 test case 2: HMAC-SHA256 of "what do ya want for nothing?" under "Jefe".
    expect(Buffer.from(sign(Buffer.from("Jefe"), "what do ya want for nothing?", "HmacSHA256"), "base64").toString("hex")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("accepts a request signed with the current key", () => {
    expect(refusal(signed(BODY))).toBeUndefined();
  });

  it("refuses a tampered body with 403", () => {
    const request = signed(BODY);
    expect(refusal({ ...request, body: Buffer.from(BODY.replace("a.txt", "b.txt")) })).toEqual({ status: 403, message: INVALID_SIGNATURE_MESSAGE });
  });

  it("refuses a signature made with another key with 403", () => {
    const other = generateSessionKey("HmacSHA256", undefined, NOW);
    expect(refusal(signed(BODY, other))).toEqual({ status: 403, message: INVALID_SIGNATURE_MESSAGE });
    expect(refusal({ ...signed(BODY), signature: "not base64 at all!" })).toEqual({ status: 403, message: INVALID_SIGNATURE_MESSAGE });
  });

  it("refuses every request while this worker's key has expired, and while it knows no key", () => {
    expect(refusal(signed(BODY), { ...options, now: key.creationTimestamp + HOUR })).toEqual({ status: 403, message: EXPIRED_KEY_MESSAGE });
    expect(refusal(signed(BODY), { ...options, now: key.creationTimestamp + HOUR - 1 })).toBeUndefined();
    expect(refusal(signed(BODY), { ...options, sessionKey: undefined })).toEqual({ status: 503, message: NO_SESSION_KEY_MESSAGE });
  });

  it("refuses an unknown algorithm, or one this worker does not accept, with 400", () => {
    expect(refusal({ ...signed(BODY), algorithm: "HmacMD2" })).toEqual({ status: 400, message: "Algorithm HmacMD2 not available" });
    const sha512 = signed(BODY, key, "HmacSHA512");
    expect(refusal(sha512)?.status).toBe(400);
    expect(refusal(sha512)?.message).toContain("This worker does not support the 'HmacSHA512' key signing algorithm used by other workers");
    expect(refusal(sha512, { ...options, verificationAlgorithms: ["HmacSHA256", "HmacSHA512"] })).toBeUndefined();
  });

  it("refuses a request without signature with 400", () => {
    expect(refusal({ body: Buffer.from(BODY), signature: null, algorithm: null })).toEqual({ status: 400, message: MISSING_SIGNATURE_MESSAGE });
    expect(refusal({ ...signed(BODY), algorithm: null })).toEqual({ status: 400, message: MISSING_SIGNATURE_MESSAGE });
  });
});

/** A leader's herder: checks the internal request as the distributed herder does, then records the configs. */
class LeaderHerder extends FakeHerder {
  readonly written: ConnectorConfig[][] = [];

  override async putTaskConfigs(_name?: string, configs: ConnectorConfig[] = []): Promise<void> {
    const internal = currentInternalRequest();
    if (!internal) throw new Error("no internal request context");
    verifyInternalRequest(internal, { ...options, now: Date.now(), sessionKey: { ...key, creationTimestamp: Date.now() } });
    this.written.push(configs);
  }
}

describe("the internal endpoint behind REST authentication", () => {
  let dir: string;
  let users: UserStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-internal-request-"));
    writeFileSync(join(dir, "users"), formatUsersFile([{ name: "admin", role: "admin", hash: await hashPassword("a-pass", { N: 1024, r: 8, p: 1 }) }]));
    users = await UserStore.open(join(dir, "users"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function setup() {
    const herder = new LeaderHerder();
    const auditFile = join(dir, `audit-${Math.random().toString(36).slice(2)}.log`);
    const api = withRestAuth(createRestApi({ herder: () => herder }), { users, auditLog: new AuditLog(auditFile) });
    const post = async (path: string, headers: Record<string, string>, body = BODY) => {
      const res = await api(new Request(`http://127.0.0.1:8083${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
      const text = await res.text();
      return { status: res.status, message: text ? (JSON.parse(text) as { message?: string }).message : undefined };
    };
    const audit = () => {
      try {
        return readFileSync(auditFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { user: string; status: number });
      } catch {
        return [];
      }
    };
    return { herder, post, audit };
  }

  it("lets a validly signed request through without credentials, on the signature of the exact body bytes", async () => {
    const { herder, post, audit } = setup();
    // Spacing that JSON.stringify would not produce: the signature covers the bytes as sent.
    const body = `[ {"task.class" : "T", "file": "a.txt"} ]`;
    expect(await post("/connectors/c/tasks", signatureHeaders(key.key, body, "HmacSHA256"), body)).toEqual({ status: 204, message: undefined });
    expect(herder.written).toEqual([[{ "task.class": "T", file: "a.txt" }]]);
    expect(audit()).toEqual([]);
  });

  it("refuses forged, tampered and unsigned requests, and audits the forgeries", async () => {
    const { herder, post, audit } = setup();
    const other = generateSessionKey("HmacSHA256", undefined, NOW);
    expect(await post("/connectors/c/tasks", signatureHeaders(other.key, BODY, "HmacSHA256"))).toEqual({ status: 403, message: INVALID_SIGNATURE_MESSAGE });
    const tampered = signatureHeaders(key.key, BODY, "HmacSHA256");
    expect((await post("/connectors/c/tasks", tampered, BODY.replace("a.txt", "/etc/passwd"))).status).toBe(403);
    // Without signature headers the request needs credentials; with them, still a signature.
    expect((await post("/connectors/c/tasks", {})).status).toBe(401);
    expect(await post("/connectors/c/tasks", { authorization: `Basic ${Buffer.from("admin:a-pass").toString("base64")}` })).toEqual({
      status: 400,
      message: MISSING_SIGNATURE_MESSAGE,
    });
    expect(herder.written).toEqual([]);
    expect(audit().filter((e) => e.user === INTERNAL_CALLER).map((e) => e.status)).toEqual([403, 403]);
  });

  it("exempts only the internal endpoint: signature headers elsewhere do not replace credentials", async () => {
    const { post } = setup();
    const body = JSON.stringify({ name: "x", config: { "connector.class": "FileStreamSource" } });
    expect((await post("/connectors", signatureHeaders(key.key, body, "HmacSHA256"), body)).status).toBe(401);
  });
});
