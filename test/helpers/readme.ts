/** The README's copy-paste snippets, for tests that run them as they are written. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The fenced code block of README.md whose first line is `firstLine` (without that line). */
export function readmeSnippet(firstLine: string): string {
  const text = readFileSync(resolve('README.md'), 'utf8');
  for (const m of text.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const body = m[1] ?? '';
    const nl = body.indexOf('\n');
    if (body.slice(0, nl) === firstLine) return body.slice(nl + 1);
  }
  throw new Error(`README.md has no code block starting with ${firstLine}`);
}
