/**
 * Heavy parsers, loaded on first use: a run that meets no YAML, TOML or JavaScript to parse never
 * pays for them (together they are most of keydoctor's start-up time). All three ship CommonJS
 * entry points, so a synchronous require keeps their callers synchronous.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type * as Babel from '@babel/parser';
import type * as Toml from 'smol-toml';

const require = createRequire(import.meta.url);

let yaml: typeof Yaml | undefined;
let babel: typeof Babel | undefined;
let toml: typeof Toml | undefined;

export const lazyYaml = (): typeof Yaml => (yaml ??= require('yaml') as typeof Yaml);
export const lazyBabel = (): typeof Babel => (babel ??= require('@babel/parser') as typeof Babel);
export const lazyToml = (): typeof Toml => (toml ??= require('smol-toml') as typeof Toml);
