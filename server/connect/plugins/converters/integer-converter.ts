import { CONNECT_VERSION, Schema, isValueOfType, type ConverterPlugin } from "../../api";
import { NUMBER_CONVERTER_TYPES, NumberConverter } from "./number-converter";

/** org.apache.kafka.connect.converters.IntegerConverter: INT32 as 4 big-endian bytes. */
const CLASS_NAME = "org.apache.kafka.connect.converters.IntegerConverter";

export class IntegerConverter extends NumberConverter {
  constructor() {
    super({
      typeName: "integer",
      schema: Schema.OPTIONAL_INT32_SCHEMA,
      size: 4,
      deserializerName: "IntegerDeserializer",
      accepts: (v) => isValueOfType("INT32", v),
      write: (view, v) => view.setInt32(0, v as number),
      read: (view) => view.getInt32(0),
    });
  }
}

export const integerConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: NUMBER_CONVERTER_TYPES,
  version: CONNECT_VERSION,
  create: () => new IntegerConverter(),
};
