/** Ferry's release (package.json "version"; a test keeps the two equal). */
export const FERRY_VERSION = "0.1.0";

/**
 * Sent on every response of Ferry's Connect REST API. Apache Kafka Connect does not send it, so the
 * console knows from `GET /` whether Ferry-only extras exist on a cluster.
 */
export const FERRY_VERSION_HEADER = "x-ferry-version";
