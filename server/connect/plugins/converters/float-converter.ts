import { CONNECT_VERSION, Schema, type ConverterPlugin } from "../../api";
import { NUMBER_CONVERTER_TYPES, NumberConverter } from "./number-converter";

/** org.apache.kafka.connect.converters.FloatConverter: FLOAT32 as 4 big-endian IEEE-754 bytes. */
const CLASS_NAME = "org.apache.kafka.connect.converters.FloatConverter";

export class FloatConverter extends NumberConverter {
  constructor() {
    super({
      typeName: "float",
      schema: Schema.OPTIONAL_FLOAT32_SCHEMA,
      size: 4,
      deserializerName: "Deserializer",
      accepts: (v) => typeof v === "number",
      write: (view, v) => view.setFloat32(0, v as number),
      read: (view) => view.getFloat32(0),
    });
  }
}

export const floatConverterPlugin: ConverterPlugin = {
  className: CLASS_NAME,
  types: NUMBER_CONVERTER_TYPES,
  version: CONNECT_VERSION,
  create: () => new FloatConverter(),
};
