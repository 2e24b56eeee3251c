/** The local emulator of OpenAI's (and Azure OpenAI's) authentication layer. */
export { startEmulator, type Emulator, type EmulatorOptions } from './server.js';
export { normalizeConfig, ConfigError, type EmulatorConfig, type KeyConfig, type OrganizationConfig, type ProjectConfig, type AzureResourceConfig, type FaultConfig } from './config.js';
export { maskLikeOpenAI } from './shapes.js';
