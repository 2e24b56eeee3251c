/** The README's sample diff of keydoctor fix is what keydoctor fix prints on that project. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runFix } from '../../src/fix/engine.js';
import { renderFilePlan, style } from '../../src/fix/render.js';
import { openaiKey } from '../helpers/keys.js';
import { tempProject } from '../helpers/project.js';
import { readmeSnippet } from '../helpers/readme.js';

describe('fix: the README sample', () => {
  it('matches the diff keydoctor fix prints for the same project', async () => {
    const key = openaiKey('proj', 'a');
    const old = openaiKey('proj', 'old');
    const p = tempProject(
      {
        '.gitignore': '__pycache__/\n',
        '.env': `# from the dashboard\nOPENAI_API_KEY="${key}"\n`,
        'app.py':
          'import os\nfrom openai import OpenAI\nfrom dotenv import load_dotenv\n\nclient = OpenAI()\nload_dotenv()\n',
        'requirements.txt': 'openai>=1.40\npython-dotenv\n',
        'run.sh': '#!/bin/sh\ndocker run --rm --env-file .env chat-app\n',
      },
      { '.zshrc': `export PATH=$HOME/bin:$PATH\nexport OPENAI_API_KEY=${old}\n` },
      { git: true, commit: false },
    );
    try {
      const r = await runFix({
        root: p.root,
        home: p.home,
        env: { HOME: p.home, SHELL: '/bin/zsh', OPENAI_API_KEY: old },
        unsafe: true,
        now: () => new Date('2026-12-02T12:00:00Z'),
      });
      const files = r.passes[0]?.plan.files ?? [];
      const shown = ['.env', '~/.zshrc']
        .map((d) =>
          renderFilePlan(files.find((f) => f.display === d) as (typeof files)[number], r.secrets, style(false)),
        )
        .join('\n\n');
      assert.equal(shown + '\n', `.env\n${readmeSnippet('.env')}`);
    } finally {
      p.cleanup();
    }
  });
});
