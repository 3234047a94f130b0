import type { ConverterPlugin } from "../../api";
import { booleanConverterPlugin } from "./boolean-converter";
import { byteArrayConverterPlugin } from "./byte-array-converter";
import { doubleConverterPlugin } from "./double-converter";
import { floatConverterPlugin } from "./float-converter";
import { integerConverterPlugin } from "./integer-converter";
import { jsonConverterPlugin } from "./json-converter";
import { longConverterPlugin } from "./long-converter";
import { shortConverterPlugin } from "./short-converter";
import { simpleHeaderConverterPlugin } from "./simple-header-converter";
import { stringConverterPlugin } from "./string-converter";

/** The built-in converters and header converters, one line each. */
export const converterRegistry: readonly ConverterPlugin[] = [
  jsonConverterPlugin,
  stringConverterPlugin,
  byteArrayConverterPlugin,
  booleanConverterPlugin,
  shortConverterPlugin,
  integerConverterPlugin,
  longConverterPlugin,
  floatConverterPlugin,
  doubleConverterPlugin,
  simpleHeaderConverterPlugin,
];

export { BooleanConverter } from "./boolean-converter";
export { ByteArrayConverter } from "./byte-array-converter";
export { DoubleConverter } from "./double-converter";
export { FloatConverter } from "./float-converter";
export { IntegerConverter } from "./integer-converter";
export { JsonConverter } from "./json-converter";
export { LongConverter } from "./long-converter";
export { ShortConverter } from "./short-converter";
export { SimpleHeaderConverter } from "./simple-header-converter";
export { StringConverter } from "./string-converter";
