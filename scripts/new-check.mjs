#!/usr/bin/env node
// Scaffolds a check: `npm run new-check ID [-- --family value|code|exposure|deploy|inventory|trace] [--dry-run]`.
// Writes src/checks/<family>/<ID>.ts (metadata, docs stub and a run function to fill in), its test
// test/checks/<family>/<ID>.test.ts (one bad and one good case) and regenerates the family's
// generated index (src/checks/<family>/index.ts, from the folder's check files). Nothing else is
// touched; then `npm run build && npm run docs` writes its section of docs/findings.md.
// --dry-run prints, as JSON, the files it would write ({ path: content }) and writes nothing.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { familyIndex, GENERATED_FAMILIES } from './gen-index.mjs';

/** The area of the doctor's screen a new check of each family reports in (its metadata can change it). */
const AREAS = {
  value: 'value',
  code: 'code',
  exposure: 'exposure',
  deploy: 'deploy',
  inventory: 'inventory',
  trace: 'sources',
};
/** The families the scaffold writes checks for: every generated one but live, whose checks are made from their answer rules (src/checks/live/_lib/precedence.ts). */
export const SCAFFOLD_FAMILIES = GENERATED_FAMILIES.filter((f) => f in AREAS);

export function planNewCheck(root, id, family = 'value') {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(id))
    throw new Error(`the id must be kebab-case words, like key-too-short (got ${id})`);
  if (!SCAFFOLD_FAMILIES.includes(family))
    throw new Error(`the scaffold writes checks of these families: ${SCAFFOLD_FAMILIES.join(', ')} (got ${family})`);
  const checks = join(root, 'src', 'checks');
  for (const f of readdirSync(checks, { withFileTypes: true })) {
    if (f.isDirectory() && existsSync(join(checks, f.name, `${id}.ts`)))
      throw new Error(`${id} exists already (src/checks/${f.name}/${id}.ts)`);
  }
  if (
    readFileSync(join(root, 'docs', 'findings.md'), 'utf8').includes(`\n## ${id}\n`) ||
    new RegExp(`id: '${id}'`).test(readFileSync(join(root, 'src', 'checks', 'registry.ts'), 'utf8'))
  )
    throw new Error(`${id} is a finding id already`);
  const title = id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const checkPath = `src/checks/${family}/${id}.ts`;
  const testPath = `test/checks/${family}/${id}.test.ts`;
  const check = `import type { FindingDraft } from '../../core/types.js';
import type { Check } from '../types.js';

/** TODO: what makes a value wrong for this check (replace this rule with the real one). */
export function isWrong(value: string): boolean {
  return value.includes('REPLACE-ME');
}

export const check: Check = {
  meta: {
    id: '${id}',
    title: '${title}',
    severity: 'warning',
    area: '${AREAS[family]}',
    docs: {
      what: 'TODO: what is wrong, in one or two sentences a user understands.',
      why: 'TODO: why the API call fails (or what it costs) because of it.',
      fix: 'TODO: what to change, and where.',
    },
  },
  run({ targets }) {
    const out: FindingDraft[] = [];
    for (const t of targets) {
      const res = t.vars[t.keyVar];
      if (res?.value === undefined || !isWrong(res.value)) continue;
      out.push({ id: '${id}', message: \`\${t.keyVar} for \${t.label} is wrong: TODO say how.\`, location: res.winner?.location, target: t.id, fix: { summary: 'TODO: the change that fixes it.' } });
    }
    return out;
  },
};
`;
  const test = `import { describe, it } from 'node:test';
import { check } from '../../../src/checks/${family}/${id}.js';
import { targetWith, testCheck } from '../../helpers/check-tester.js';
import { openaiKey } from '../../helpers/keys.js';

describe('${id}', () =>
  testCheck(
    check,
    {
      bad: [{ name: 'the key is wrong', targets: [targetWith('REPLACE-ME')], count: 1 }],
      good: [{ name: 'a real key', targets: [targetWith(openaiKey('proj', '${id}'))] }],
    },
    it,
  ));
`;
  const indexPath = `src/checks/${family}/index.ts`;
  const index = familyIndex(root, family, [`${id}.ts`]);
  return { [checkPath]: check, [testPath]: test, [indexPath]: index };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dry = args.includes('--dry-run');
  const fi = args.indexOf('--family');
  const family = fi >= 0 ? args[fi + 1] : 'value';
  const id = args.find((a, i) => !a.startsWith('--') && (fi < 0 || i !== fi + 1));
  const root = resolve(process.env.KD_ROOT ?? '.');
  if (!id) {
    console.error(`usage: npm run new-check ID [-- --family ${SCAFFOLD_FAMILIES.join('|')}] [--dry-run]`);
    process.exit(2);
  }
  let files;
  try {
    files = planNewCheck(root, id, family);
  } catch (e) {
    console.error(`new-check: ${e.message}`);
    process.exit(2);
  }
  if (dry) {
    console.log(JSON.stringify(files, null, 2));
  } else {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
      console.log(`wrote ${rel}`);
    }
    console.log(
      'next: fill in the TODOs, then `npm run build && npm run docs` (docs/findings.md) and `node --test dist/test/checks/' +
        family +
        '/' +
        id +
        '.test.js`',
    );
  }
}
