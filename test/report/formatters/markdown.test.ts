/**
 * `--format markdown` is pasted into GitHub issues and job summaries: text that comes from the
 * project (file names, quoted values, messages) is shown there, never rendered. A file named
 * `<img src=…>`, one holding backticks that would close a code span, or `</details>` in a note,
 * must not become HTML or Markdown of the page it is pasted into.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { code, esc } from '../../../src/report/formatters/markdown.js';
import { tempProject } from '../../helpers/project.js';
import { openaiKey } from '../../helpers/keys.js';
import { fakeIO } from '../../fix/helpers.js';

describe('--format markdown: project text is shown, never rendered', () => {
  it('code spans hold any text (backticks inside get a longer fence); text escapes < and > and stays in its table cell', () => {
    for (const s of ['plain.txt', 'a`b.txt', '``x``', '`lead', 'trail`', 'a|b']) {
      const c = code(s);
      const fence = /^`+/.exec(c)?.[0] ?? '';
      assert.ok(c.endsWith(fence), c);
      const inner = c.slice(fence.length, c.length - fence.length);
      assert.ok(!inner.includes(fence), `the fence ${fence} does not occur inside ${c}`);
      assert.equal(inner.trim().replace(/\\\|/g, '|'), s.trim());
    }
    assert.equal(esc('<img src=x onerror=alert(1)> | next\nline'), '&lt;img src=x onerror=alert(1)&gt; \\| next line');
    // keydoctor's own code spans keep their placeholders readable.
    assert.equal(esc("run `export KEY='<your key>'` in <b>"), "run `export KEY='<your key>'` in &lt;b&gt;");
  });

  it('scan on files named like HTML and Markdown: no tag, no broken span, no full key', async () => {
    const k1 = openaiKey('proj', 'md-inject-1');
    const k2 = openaiKey('proj', 'md-inject-2');
    const p = tempProject({});
    try {
      writeFileSync(join(p.root, '<img src=x onerror=alert(1)>.txt'), `OPENAI_API_KEY=${k1}\n`);
      writeFileSync(join(p.root, 'a`<b>`<details>.js'), `const k = "${k2}";\n`);
      const io = fakeIO({ cwd: p.root, env: { HOME: p.home } });
      assert.equal(await main(['scan', '--format', 'markdown', '.'], io), 1, io.err);
      const out = io.out;
      assert.ok(!out.includes(k1) && !out.includes(k2), 'no full key');
      // Outside code spans (which GitHub shows as they are), no tag at all but the report's own.
      const text = out.replace(/(`+)[\s\S]*?\1/g, '');
      assert.doesNotMatch(text, /<img|<b>/, 'no tag from a file name');
      assert.equal(
        text.match(/<details>/g)?.length ?? 0,
        text.match(/<\/details>/g)?.length ?? 0,
        "only the report's own details element",
      );
      // The file with backticks in its name is one code span (a two-backtick fence).
      assert.ok(out.includes('``a`<b>`<details>.js:1``'), out);
      assert.ok(
        out.includes('a`<b>`&lt;details&gt;.js:1'),
        'in the message, what a code span holds is shown as code, the rest escaped',
      );
    } finally {
      p.cleanup();
    }
  });
});
