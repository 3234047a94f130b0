export { AbstractConfig } from "./abstract-config";
export {
  ConfigDef,
  ConfigKey,
  ConfigValue,
  NO_DEFAULT_VALUE,
  convertToString,
  parseType,
  type ConfigInput,
  type ConfigKeyDefinition,
  type ParseOptions,
  type ParsedConfig,
  type Recommender,
} from "./config-def";
export { toConfigKeyInfo, toConfigKeyInfos, toConfigValueInfo, type ConfigKeyInfo, type ConfigValueInfo } from "./config-info";
export { ConfigType, Importance, Password, Width, renderConfigValue, type ConfigValueTypes } from "./types";
export {
  CaseInsensitiveValidString,
  CompositeValidator,
  LambdaValidator,
  ListSize,
  NonEmptyString,
  NonEmptyStringWithoutControlChars,
  NonNullValidator,
  Range,
  ValidList,
  ValidString,
  type Validator,
} from "./validators";
