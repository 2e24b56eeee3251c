/** An emulator state (--config) that cannot be used: the message says what is wrong. */
export class ConfigError extends Error {}
