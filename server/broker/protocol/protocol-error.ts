/** A request that cannot be decoded. The connection that sent it is closed; the broker goes on. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}
