import { CONNECT_VERSION, Schema, type ConverterPlugin } from "../../api";
import { NUMBER_CONVERTER_TYPES, NumberConverter } from "./number-converter";

/** org.apache.kafka.connect.converters.DoubleConverter: FLOAT64 as 8 big-endian IEEE-754 bytes. */
const CLASS_NAME = "org.apache.kafka.connect.converters.DoubleConverter";

export class DoubleConverter extends NumberConverter {
  constructor() {
    super({
      typeName: "double",
      schema: Schema.OPTIONAL_FLOAT64_SCHEMA,
      size: 8,
      deserializerName: "Deserializer",
      accepts: (v) => typeof v === "number",
      write: (view, v) => view.setFloat64(0, v as number),
      read: (view) => view.getFloat64(0),
    });
  }
}

export const doubleConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: NUMBER_CONVERTER_TYPES,
  version: CONNECT_VERSION,
  create: () => new DoubleConverter(),
};
