/**
 * A small broken project for the report tests (HTML, SARIF): an old key exported in ~/.zshrc, a new
 * one in a tracked .env, the same key hard-coded in app.py. Keys are made at run time.
 */
import { tempProject, type TempProject } from './project.js';
import { openaiKey } from './keys.js';

export interface BrokenProject extends TempProject {
  oldKey: string;
  newKey: string;
  /** The environment the doctor sees (its HOME and shell). */
  env: Record<string, string>;
}

export function brokenProject(seed = 'broken'): BrokenProject {
  const oldKey = openaiKey('proj', `${seed}-old`);
  const newKey = openaiKey('proj', `${seed}-new`);
  const p = tempProject(
    {
      '.env': `OPENAI_API_KEY=${newKey}\n`,
      'requirements.txt': 'openai>=1.40\npython-dotenv>=1.0\n',
      'app.py': `import os\nfrom openai import OpenAI\nfrom dotenv import load_dotenv\n\nload_dotenv()\nclient = OpenAI()\nFALLBACK = "${newKey}"\n`,
    },
    { '.zshrc': `export PATH="$HOME/bin:$PATH"\nexport OPENAI_API_KEY="${oldKey}"\n` },
    { git: true },
  );
  // The terminal the doctor runs in has the old key exported (from ~/.zshrc): load_dotenv() keeps it.
  return {
    ...p,
    oldKey,
    newKey,
    env: { HOME: p.home, SHELL: '/bin/zsh', PATH: process.env.PATH ?? '/usr/bin:/bin', OPENAI_API_KEY: oldKey },
  };
}
