#!/usr/bin/env node
// Writes docs/findings.md from the finding catalog (each check's metadata), so docs cannot drift.
// `node scripts/gen-docs.mjs --check` exits 1 when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dist = process.env.KD_DIST ?? 'dist';
const { renderFindingsDoc } = await import(pathToFileURL(resolve(dist, 'src/report/docs.js')).href);

const path = 'docs/findings.md';
const text = renderFindingsDoc();
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    /* missing */
  }
  if (old !== text) {
    console.error(`${path} is out of date: run npm run docs`);
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
