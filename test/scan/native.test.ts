import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativePrefilter, CLEAN, BINARY, LOOK, DIR_RECORD, KIND_PLAIN, GATE_ANCHORS } from '../../src/scan/native.js';
import { scanContent } from '../../src/scan/read.js';
import { contextOf } from '../../src/scan/paths.js';
import { ENTRY_DIR, ENTRY_FILE, allEntries } from '../../src/fs/listing.js';
import { openaiKey, foreignKey, MARK } from '../helpers/keys.js';
import { FOREIGN_KINDS, OPENAI_KINDS, SYNTAXES, falsePositives, noneLongKey, perplexityKey } from './corpus.js';

const native = nativePrefilter();
const skip = native
  ? false
  : 'the native prefilter is not built here (KEYDOCTOR_NATIVE=0, no compiler or another platform)';

/** Records for classify: one folder record, then the names as file records. */
function records(dir: string, names: string[]): Buffer {
  return Buffer.from(
    [String.fromCharCode(DIR_RECORD) + dir, ...names.map((n) => String.fromCharCode(KIND_PLAIN) + n)].join('\0') + '\0',
  );
}

describe('native prefilter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-native-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is built wherever a C compiler is (the scan then reads through it)', (t) => {
    if (process.env.KEYDOCTOR_NATIVE === '0' || process.platform === 'win32') return t.skip('disabled or Windows');
    const cc = spawnSync('cc', ['--version']);
    if (cc.status !== 0) return t.skip('no C compiler');
    assert.ok(
      native,
      'a C compiler is here, but build/Release/keydoctor_prefilter.node did not load (see scripts/build-native.mjs)',
    );
  });

  /**
   * The one promise the addon makes: a file it calls clean holds nothing detect could report. Every
   * case of the generated corpus, many near-misses, and each of them shifted across the 16-byte
   * blocks of the vector pass, is classified by the addon and judged by detect.
   */
  it(
    'never calls clean a file in which detect finds anything (corpus, shifted over 16-byte blocks)',
    { skip },
    async () => {
      const texts: Array<{ file: string; text: Buffer }> = [];
      const keys = [
        ...OPENAI_KINDS.map((k) => openaiKey(k, 'nat')),
        ...FOREIGN_KINDS.map((k) => foreignKey(k, 'nat')),
        perplexityKey('nat'),
        noneLongKey('nat'),
        foreignKey('azure84', 'nat'),
      ];
      for (const s of SYNTAXES) for (const k of keys) texts.push({ file: s.file, text: Buffer.from(s.render(k)) });
      for (const fp of falsePositives())
        texts.push(
          { file: 'notes.txt', text: Buffer.from(fp.text) },
          { file: 'config.yaml', text: Buffer.from(fp.text) },
        );
      const hex = foreignKey('azure', 'nat');
      const near = [
        `AZURE_OPENAI_API_KEY=${hex}\n`, // context word plus a 32-hex key
        `headers = {"api-key": "${hex}"}\n`,
        `# azure\n\n\nkey: ${hex}\n`,
        `azure but no key here at all\n`,
        `${openaiKey('legacy', 'edge')}`, // at the very start, no newline
        `x=${openaiKey('proj56', 'edge')}`, // at the very end
        `${['s', 'k-'].join('')}${'a'.repeat(26)}\n`, // 29 key characters: too short for detect
        `${['s', 'k-'].join('')}${'a'.repeat(27)}\n`, // exactly 30
        `const demo = '${openaiKey('proj', 'ignored')}'; // keydoctor-ignore\n`,
        `data:\n  k: ${Buffer.from(openaiKey('proj', 'b64')).toString('base64')}\n`,
        `blob = "${Buffer.from(`{"k":"${openaiKey('legacy', 'b64b')}"}`).toString('base64')}"\n`,
        `groq: ${Buffer.from(foreignKey('groq', 'b64c')).toString('base64')}\n`,
        `marker only ${MARK}\n`,
      ];
      for (const t of near)
        texts.push({ file: 'mixed.env', text: Buffer.from(t) }, { file: 'src/mixed.ts', text: Buffer.from(t) });
      // UTF-16 files always go to JavaScript (it decodes them); so must a CRLF copy of each case.
      texts.push({
        file: 'u16.txt',
        text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`OPENAI_API_KEY=${keys[0]}\n`, 'utf16le')]),
      });
      const cases: Array<{ file: string; text: Buffer }> = [];
      for (const t of texts) {
        cases.push(t, { file: t.file, text: Buffer.from(t.text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1') });
        for (let shift = 1; shift <= 17; shift += 4)
          cases.push({ file: t.file, text: Buffer.concat([Buffer.from(' '.repeat(shift)), t.text]) });
      }
      const names: string[] = [];
      cases.forEach((c, i) => {
        const sub = join(dir, 'corpus', String(i));
        mkdirSync(join(sub, c.file, '..'), { recursive: true });
        writeFileSync(join(sub, c.file), c.text);
        names.push(`${i}/${c.file}`);
      });
      assert.ok(native);
      const r = await native.classify(records(join(dir, 'corpus'), names), names.length, 1 << 20);
      let found = 0;
      let clean = 0;
      cases.forEach((c, i) => {
        const d = scanContent(c.text, c.file, contextOf(c.file));
        const anything = d.hits.length > 0 || d.suppressed > 0 || d.notes.length > 0;
        if (anything) found++;
        if (r.classes[i] === CLEAN) clean++;
        if (anything)
          assert.equal(
            r.classes[i],
            LOOK,
            `${c.file} (case ${i}) holds a finding but the addon called it clean: ${JSON.stringify(c.text.toString('latin1').slice(0, 80))}`,
          );
      });
      assert.ok(cases.length > 2000, String(cases.length));
      assert.ok(found > 1000 && clean > 100, `found ${found}, clean ${clean}: the corpus must exercise both sides`);
    },
  );

  it('random texts: anchors and key characters mixed at every offset', { skip }, async () => {
    // A deterministic generator: fragments of every anchor, key characters, hex and separators.
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), (seed >>> 8) % n);
    const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const run = (n: number, alphabet = ALNUM) =>
      Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
    const keys = [
      ...OPENAI_KINDS.map((k) => openaiKey(k, 'rnd')),
      ...FOREIGN_KINDS.map((k) => foreignKey(k, 'rnd')),
      foreignKey('azure84', 'rnd'),
    ];
    const piece = (): string => {
      switch (rnd(6)) {
        case 0:
          return (GATE_ANCHORS[rnd(GATE_ANCHORS.length)] as readonly [string, number, number, boolean])[0];
        case 1: {
          const k = keys[rnd(keys.length)] as string;
          return rnd(2) ? k : k.slice(0, 20 + rnd(k.length));
        } // whole or cut short
        case 2:
          return run(1 + rnd(60));
        case 3:
          return run(28 + rnd(8), '0123456789abcdef');
        case 4:
          return ['-', '_', ' ', '\n', '"', '=', ': ', 'azure ', MARK][rnd(9)] as string;
        default:
          return Buffer.from(keys[rnd(keys.length)] as string)
            .toString('base64')
            .slice(rnd(4));
      }
    };
    const texts: Buffer[] = [];
    for (let i = 0; i < 1500; i++) {
      let s = '';
      const parts = 2 + rnd(12);
      const seps = ['', ' ', '\n', '"', '=', ': ', ' azure-key '];
      for (let j = 0; j < parts; j++) s += piece() + (seps[rnd(seps.length)] as string);
      texts.push(Buffer.from(s, 'latin1'));
    }
    const files = ['r.env', 'r.ts', 'r.yaml', 'r.md'];
    const names = texts.map((t, i) => {
      const name = `r${i}-${files[i % files.length] as string}`;
      writeFileSync(join(dir, name), t);
      return name;
    });
    assert.ok(native);
    const r = await native.classify(records(dir, names), names.length, 1 << 20);
    let found = 0;
    texts.forEach((t, i) => {
      const file = names[i] as string;
      const d = scanContent(t, file, contextOf(file));
      if (d.hits.length > 0 || d.suppressed > 0 || d.notes.length > 0) {
        found++;
        assert.equal(r.classes[i], LOOK, `${file}: ${JSON.stringify(t.toString('latin1'))}`);
      }
    });
    assert.ok(
      found > 200 && found < texts.length - 100,
      `${found} of ${texts.length} random texts hold a finding: both sides must be exercised`,
    );
  });

  it('sorts clean, binary, UTF-16, unreadable, missing and too large files', { skip }, async () => {
    const d = join(dir, 'kinds');
    mkdirSync(d);
    writeFileSync(join(d, 'plain.js'), 'export const a = 1;\n'.repeat(100));
    writeFileSync(join(d, 'empty.txt'), '');
    writeFileSync(join(d, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    writeFileSync(join(d, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')]));
    writeFileSync(join(d, 'big.txt'), 'y'.repeat(5000));
    writeFileSync(join(d, 'huge.js'), 'let x = 0;\n'.repeat(300_000)); // 3.3 MB: grows the buffer past 1 MB
    mkdirSync(join(d, 'folder.txt'));
    assert.ok(native);
    const names = ['plain.js', 'empty.txt', 'image.png', 'u16.txt', 'big.txt', 'missing.txt', 'folder.txt', 'huge.js'];
    const r = await native.classify(records(d, names), names.length, 4000 + 4_000_000);
    assert.deepEqual([...r.classes], [CLEAN, CLEAN, BINARY, LOOK, CLEAN, LOOK, LOOK, CLEAN]);
    const small = await native.classify(records(d, ['big.txt']), 1, 4000);
    assert.deepEqual([...small.classes], [LOOK], 'over the cap: read again in JavaScript, which notes it');
    assert.equal(r.bytes, 2000 + 8 + 5000 + 3_300_000);
  });

  it('refuses records that do not match the count, and classifies an empty batch', { skip }, async () => {
    assert.ok(native);
    assert.throws(() => native.classify(records(dir, ['a', 'b']), 3, 100), /count/);
    assert.throws(() => native.classify(Buffer.from('no terminator'), 1, 100), /count/);
    const r = await native.classify(Buffer.alloc(0), 0, 100);
    assert.equal(r.classes.length, 0);
  });

  it('lists folders without following symbolic links, and says why a folder cannot be listed', { skip }, () => {
    const d = join(dir, 'list');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'file with spaces.txt'), 'x');
    writeFileSync(join(d, 'ünïcødé.md'), 'x');
    symlinkSync(join(d, 'sub'), join(d, 'link-to-sub'));
    symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
    writeFileSync(join(d, 'Backup.TAR.GZ'), 'x');
    writeFileSync(join(d, '.gitignore'), 'x');
    assert.ok(native?.listDir);
    const listing = native.listDir(d);
    // Plain files come as one block of records; .gitignore and archives one by one, with the folders.
    assert.deepEqual(listing.names.sort(), ['.gitignore', 'Backup.TAR.GZ', 'dangling', 'link-to-sub', 'sub']);
    assert.equal(listing.plain?.count, 2);
    const l = allEntries(listing);
    assert.deepEqual(l.names, [...l.names].sort(), 'all entries come sorted by name');
    const byName = new Map(l.names.map((n, i) => [n, l.kinds[i]]));
    assert.equal(byName.get('sub'), ENTRY_DIR);
    assert.equal(byName.get('file with spaces.txt'), ENTRY_FILE);
    assert.equal(byName.get('ünïcødé.md'), ENTRY_FILE);
    assert.equal(byName.get('link-to-sub'), 0);
    assert.equal(byName.get('dangling'), 0);
    assert.equal(byName.get('Backup.TAR.GZ'), ENTRY_FILE);
    assert.equal(l.names.length, 7);
    assert.throws(
      () => native.listDir?.(join(d, 'missing')),
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
    );
  });
});
