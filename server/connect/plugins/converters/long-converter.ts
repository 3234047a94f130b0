import { CONNECT_VERSION, Schema, isValueOfType, type ConverterPlugin } from "../../api";
import { NUMBER_CONVERTER_TYPES, NumberConverter } from "./number-converter";

/** org.apache.kafka.connect.converters.LongConverter: INT64 as 8 big-endian bytes; reads give a bigint. */
const CLASS_NAME = "org.apache.kafka.connect.converters.LongConverter";

export class LongConverter extends NumberConverter {
  constructor() {
    super({
      typeName: "long",
      schema: Schema.OPTIONAL_INT64_SCHEMA,
      size: 8,
      deserializerName: "LongDeserializer",
      accepts: (v) => isValueOfType("INT64", v),
      write: (view, v) => view.setBigInt64(0, BigInt(v as bigint | number)),
      read: (view) => view.getBigInt64(0),
    });
  }
}

export const longConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: NUMBER_CONVERTER_TYPES,
  version: CONNECT_VERSION,
  create: () => new LongConverter(),
};
