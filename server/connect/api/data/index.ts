export { BigDecimal, NumberFormatError } from "./big-decimal";
export { deepEquals, describeValue, isPlainObject } from "./equality";
export { ConnectDate, Decimal, MILLIS_PER_DAY, Time, Timestamp, bigIntToBytes, bytesToBigInt } from "./logical-types";
export { formatDouble, formatFloat } from "./number-format";
export {
  ALL_SCHEMA_TYPES,
  ConnectSchema,
  Field,
  INT64_MAX,
  INT64_MIN,
  Schema,
  SchemaType,
  isPrimitiveType,
  isSchema,
  isStruct,
  isValueOfType,
  mapEntries,
  schemaEquals,
  schemaTypeName,
  validateValue,
  type ConnectSchemaOptions,
} from "./schema";
export { SchemaAndValue } from "./schema-and-value";
export { SchemaBuilder } from "./schema-builder";
export { Struct } from "./struct";
export { toJavaString } from "./to-java-string";
export { Values } from "./values";
