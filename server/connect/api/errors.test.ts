import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  BadRequestError,
  ConfigError,
  ConflictError,
  ConnectError,
  ConnectRestError,
  DataError,
  NotFoundError,
  RetriableError,
  SchemaBuilderError,
  isConnectError,
} from "./errors";

describe("errors", () => {
  it("carry the status the REST mapper uses", () => {
    const cases: [ConnectError, number, string][] = [
      [new ConnectError("x"), 500, "org.apache.kafka.connect.errors.ConnectException"],
      [new DataError("x"), 500, "org.apache.kafka.connect.errors.DataException"],
      [new SchemaBuilderError("x"), 500, "org.apache.kafka.connect.errors.SchemaBuilderException"],
      [new RetriableError("x"), 500, "org.apache.kafka.connect.errors.RetriableException"],
      [new ConfigError("x"), 400, "org.apache.kafka.common.config.ConfigException"],
      [new NotFoundError("x"), 404, "org.apache.kafka.connect.errors.NotFoundException"],
      [new AlreadyExistsError("x"), 409, "org.apache.kafka.connect.errors.AlreadyExistsException"],
      [new BadRequestError("x"), 400, "org.apache.kafka.connect.runtime.rest.errors.BadRequestException"],
      [new ConflictError("x"), 409, "org.apache.kafka.connect.runtime.rest.errors.ConnectRestException"],
      [new ConnectRestError(415, "HTTP 415 Unsupported Media Type"), 415, "org.apache.kafka.connect.runtime.rest.errors.ConnectRestException"],
    ];
    for (const [err, status, exceptionClass] of cases) {
      expect(err).toBeInstanceOf(ConnectError);
      expect(isConnectError(err)).toBe(true);
      expect([err.status, err.errorCode, err.exceptionClass]).toEqual([status, status, exceptionClass]);
    }
    expect(new SchemaBuilderError("x")).toBeInstanceOf(DataError);
    expect(new ConnectRestError(500, "m", { errorCode: 42 }).errorCode).toBe(42);
    expect(new DataError("x").name).toBe("DataError");
  });

  it("keep causes and config keys", () => {
    const cause = new Error("inner");
    expect(new DataError("outer", { cause }).cause).toBe(cause);
    const err = ConfigError.invalidValue("tasks.max", "0", "Value must be at least 1");
    expect(err.message).toBe("Invalid value 0 for configuration tasks.max: Value must be at least 1");
    expect(err.key).toBe("tasks.max");
    expect(ConfigError.missing("topic").message).toBe('Missing required configuration "topic" which has no default value.');
  });
});
