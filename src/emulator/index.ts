/** The local emulator of OpenAI's (and Azure OpenAI's) authentication layer. */
export { startEmulator, type Emulator, type EmulatorOptions } from './server.js';
export { normalizeConfig, ConfigError } from './config.js';
export type {
  EmulatorConfig,
  KeyConfig,
  OrganizationConfig,
  ProjectConfig,
  AzureResourceConfig,
  FaultConfig,
} from './types.js';
export { maskLikeOpenAI } from './shapes.js';
