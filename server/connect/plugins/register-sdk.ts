import { registerSdkResolution } from "./loader";

/**
 * `node --import <tsx> --import <this file> ...`: makes `ferry/connect` and `ferry/testing` resolve to
 * this Ferry from any file, as they do inside a worker (`ferry plugin test` runs plugin tests so).
 */
registerSdkResolution();
