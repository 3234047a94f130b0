/**
 * The one error vocabulary of the Connect engine, its plugins and its REST layer.
 *
 * Every class carries the HTTP status the REST mapper answers with (`status`, and `errorCode`, which
 * Connect's error body repeats) and the Kafka exception class it stands for (`exceptionClass`), so the
 * places that must print Kafka's `<class>: <message>` form (task traces, the validate endpoint) can.
 */

export interface ConnectErrorOptions {
  cause?: unknown;
}

/** Root of the tree: anything the engine reports as "Connect failed". REST: 500. */
export class ConnectError extends Error {
  override name = "ConnectError";
  /** HTTP status used by the REST error mapper. */
  readonly status: number = 500;
  readonly exceptionClass: string = "org.apache.kafka.connect.errors.ConnectException";

  constructor(message: string, options?: ConnectErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }

  /** The `error_code` of Connect's error body; equal to the status except for custom REST errors. */
  get errorCode(): number {
    return this.status;
  }
}

/** Bad data: a value that does not fit its schema, bytes a converter cannot read. */
export class DataError extends ConnectError {
  override name = "DataError";
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.DataException";
}

/** A schema built inconsistently (field set twice, invalid default...). */
export class SchemaBuilderError extends DataError {
  override name = "SchemaBuilderError";
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.SchemaBuilderException";
}

/** A transient failure: the runtime retries the operation (errors.retry.timeout) instead of failing. */
export class RetriableError extends ConnectError {
  override name = "RetriableError";
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.RetriableException";
}

/** An operation called in a state where it makes no sense (e.g. a task used after stop). */
export class IllegalWorkerStateError extends ConnectError {
  override name = "IllegalWorkerStateError";
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.IllegalWorkerStateException";
}

export interface ConfigErrorOptions extends ConnectErrorOptions {
  /** The configuration key at fault, when there is one. */
  key?: string;
}

/**
 * An invalid configuration. Messages follow Kafka's ConfigException:
 * `Invalid value <v> for configuration <key>: <reason>` (see {@link ConfigError.invalidValue}).
 *
 * Status 400: Kafka lets ConfigException fall through to a 500; Ferry answers what the error is,
 * a bad request. The REST layer may still print `exceptionClass: message` where Kafka's quirk is kept.
 */
export class ConfigError extends ConnectError {
  override name = "ConfigError";
  override readonly status: number = 400;
  override readonly exceptionClass: string = "org.apache.kafka.common.config.ConfigException";
  readonly key: string | undefined;

  constructor(message: string, options?: ConfigErrorOptions) {
    super(message, options);
    this.key = options?.key;
  }

  /** Kafka's `new ConfigException(name, value, message)`; `renderedValue` is the value as Kafka prints it. */
  static invalidValue(key: string, renderedValue: string, reason?: string): ConfigError {
    const suffix = reason === undefined ? "" : `: ${reason}`;
    return new ConfigError(`Invalid value ${renderedValue} for configuration ${key}${suffix}`, { key });
  }

  static missing(key: string): ConfigError {
    return new ConfigError(`Missing required configuration "${key}" which has no default value.`, { key });
  }
}

/** REST: 404. */
export class NotFoundError extends ConnectError {
  override name = "NotFoundError";
  override readonly status: number = 404;
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.NotFoundException";
}

/** REST: 409. */
export class AlreadyExistsError extends ConnectError {
  override name = "AlreadyExistsError";
  override readonly status: number = 409;
  override readonly exceptionClass: string = "org.apache.kafka.connect.errors.AlreadyExistsException";
}

/** An error that chooses its own HTTP status (Kafka's ConnectRestException): 405, 415, 503... */
export class ConnectRestError extends ConnectError {
  override name = "ConnectRestError";
  override readonly status: number;
  override readonly exceptionClass: string = "org.apache.kafka.connect.runtime.rest.errors.ConnectRestException";
  readonly #errorCode: number;

  constructor(status: number, message: string, options?: ConnectErrorOptions & { errorCode?: number }) {
    super(message, options);
    this.status = status;
    this.#errorCode = options?.errorCode ?? status;
  }

  override get errorCode(): number {
    return this.#errorCode;
  }
}

/** REST: 400. */
export class BadRequestError extends ConnectRestError {
  override name = "BadRequestError";
  override readonly exceptionClass: string = "org.apache.kafka.connect.runtime.rest.errors.BadRequestException";

  constructor(message: string, options?: ConnectErrorOptions) {
    super(400, message, options);
  }
}

/** REST: 409 (rebalance in progress, conflicting operation). */
export class ConflictError extends ConnectRestError {
  override name = "ConflictError";

  constructor(message: string, options?: ConnectErrorOptions) {
    super(409, message, options);
  }
}

export function isConnectError(err: unknown): err is ConnectError {
  return err instanceof ConnectError;
}
