/**
 * Heavy parsers, loaded on first use: a run that meets no YAML, TOML or JavaScript to parse never
 * pays for them (together they are most of keydoctor's start-up time). All three ship CommonJS
 * entry points, so a synchronous require keeps their callers synchronous.
 */
import { nodeRequire } from './require.js';
import type * as Yaml from 'yaml';
import type * as Babel from '@babel/parser';
import type * as Toml from 'smol-toml';
import type * as Jsonc from 'jsonc-parser';
import type * as Properties from 'dot-properties';

const require = nodeRequire();

let yaml: typeof Yaml | undefined;
let babel: typeof Babel | undefined;
let toml: typeof Toml | undefined;
let jsonc: typeof Jsonc | undefined;
let properties: typeof Properties | undefined;

export const lazyYaml = (): typeof Yaml => (yaml ??= require('yaml') as typeof Yaml);
export const lazyBabel = (): typeof Babel => (babel ??= require('@babel/parser') as typeof Babel);
export const lazyToml = (): typeof Toml => (toml ??= require('smol-toml') as typeof Toml);
/** JSON with comments and trailing commas (.NET appsettings*.json), with node offsets. */
export const lazyJsonc = (): typeof Jsonc => (jsonc ??= require('jsonc-parser') as typeof Jsonc);
/** Java .properties files (Spring application.properties), with line ranges. */
export const lazyProperties = (): typeof Properties => (properties ??= require('dot-properties') as typeof Properties);
