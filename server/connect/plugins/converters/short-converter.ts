import { CONNECT_VERSION, Schema, isValueOfType, type ConverterPlugin } from "../../api";
import { NUMBER_CONVERTER_TYPES, NumberConverter } from "./number-converter";

/** org.apache.kafka.connect.converters.ShortConverter: INT16 as 2 big-endian bytes. */
const CLASS_NAME = "org.apache.kafka.connect.converters.ShortConverter";

export class ShortConverter extends NumberConverter {
  constructor() {
    super({
      typeName: "short",
      schema: Schema.OPTIONAL_INT16_SCHEMA,
      size: 2,
      deserializerName: "ShortDeserializer",
      accepts: (v) => isValueOfType("INT16", v),
      write: (view, v) => view.setInt16(0, v as number),
      read: (view) => view.getInt16(0),
    });
  }
}

export const shortConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: NUMBER_CONVERTER_TYPES,
  version: CONNECT_VERSION,
  create: () => new ShortConverter(),
};
