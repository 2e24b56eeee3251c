import type { FindingDraft } from '../../core/types.js';
import type { ScanHit } from '../../scan/types.js';
import { describe, hitData, insideProject, realKey, rotateAt } from './_lib/util.js';
import type { Check } from '../types.js';

/** The .gitignore files (root-relative) that git reads as bytes because they are UTF-16: the walk notes them. */
function utf16Gitignores(facts: Parameters<Check['run']>[0]['facts']): string[] {
  return facts.notes
    .filter(
      (n) =>
        n.kind === 'encoding' && n.path !== undefined && (n.path === '.gitignore' || n.path.endsWith('/.gitignore')),
    )
    .map((n) => n.path as string);
}

interface EnvCase {
  rel: string;
  line?: number;
  keys: string[];
  tracked: boolean;
  ignored: boolean;
  staged: boolean;
  hit?: ScanHit;
  provider?: string;
  kind?: string;
}

/** A dotenv file holding a key is tracked by git (or staged), or not covered by .gitignore. */
export const check: Check = {
  meta: {
    id: 'dotenv-not-ignored',
    title: 'A .env file with a key is not kept out of git',
    severity: 'error',
    area: 'exposure',
    docs: {
      what: 'A dotenv file (`.env`, `.env.local`, `config.env`, `.envrc`, ...) holds an API key and is tracked by git, staged for commit, or not matched by any `.gitignore` rule (so the next `git add .` commits it). A `.gitignore` saved as UTF-16 (what `echo .env > .gitignore` writes in Windows PowerShell) lists the file in vain: git reads it byte for byte, so the finding says so and the fix is to save it as UTF-8. A tracked file changed since the last commit (a committed template filled in locally) may hold the key in the working copy only: the finding says the next commit would put it into history, and the fix keeps it out of the tracked file instead of rotating first.',
      why: 'Dotenv files are where keys belong only as long as they stay on the machine. Once committed, the key is readable by everyone with the repository and stays in its history.',
      fix: 'If the file is tracked: rotate the key first (platform.openai.com/api-keys), then `git rm --cached <file>`, add the file to `.gitignore`, commit, and clean history (see key-in-git-history). If it is only not ignored: add it to `.gitignore` (`.env*` with `!.env.example`) before anything commits it. Commit a `.env.example` with placeholder values instead.',
    },
  },
  run({ facts }) {
    const git = facts.project.git;
    const cases = new Map<string, EnvCase>();
    const envFileOf = (rel: string) => facts.envFiles.find((f) => f.relPath === rel);
    for (const hit of facts.scan?.hits ?? []) {
      if (hit.context !== 'env-file') continue;
      const ef = envFileOf(hit.rel);
      const tracked = hit.staged === true || ef?.tracked === true || git.tracked.has(hit.rel);
      const ignored = ef?.ignored ?? hit.ignored ?? false;
      const c = cases.get(hit.rel);
      if (c) {
        c.keys.push(hit.secret);
        continue;
      }
      cases.set(hit.rel, {
        rel: hit.rel,
        line: hit.line,
        keys: [hit.secret],
        tracked,
        ignored,
        staged: hit.staged === true,
        hit,
        provider: hit.provider,
        kind: hit.kind,
      });
    }
    for (const ef of facts.envFiles) {
      // A symbolic link is committed as the link, not the key: the file it points to is judged itself.
      if (!ef.exists || ef.link || !insideProject(ef.relPath) || cases.has(ef.relPath)) continue;
      const tracked = ef.tracked === true || git.tracked.has(ef.relPath);
      const ignored = ef.ignored ?? false;
      if (!tracked && ignored) continue;
      for (const list of Object.values(ef.byDialect)) {
        for (const a of list ?? []) {
          const k = realKey(a.name, a.value);
          if (!k) continue;
          const c = cases.get(ef.relPath);
          if (c) {
            if (!c.keys.includes(a.value)) c.keys.push(a.value);
          } else
            cases.set(ef.relPath, {
              rel: ef.relPath,
              line: a.location?.line,
              keys: [a.value],
              tracked,
              ignored,
              staged: false,
              provider: k.provider,
              kind: k.kind,
            });
        }
      }
    }
    const out: FindingDraft[] = [];
    for (const c of cases.values()) {
      if (!c.tracked && c.ignored) continue;
      const what = c.hit ? describe(c.hit) : `A key (${c.keys[0] ?? ''})`;
      const more = c.keys.length > 1 ? ` (and ${c.keys.length - 1} more ${c.keys.length === 2 ? 'key' : 'keys'})` : '';
      const rotate = rotateAt({ provider: c.provider, kind: c.kind ?? '' });
      let message: string;
      let fix: FindingDraft['fix'];
      // a committed template filled in locally (R2R's docker/env/r2r-full.env): the key may be in the
      // working copy only; the next commit of the file puts it into history
      const local = c.tracked && !c.staged && envFileOf(c.rel)?.modified === true;
      if (local) {
        message = `${what}${more} sits in ${c.rel}, which is tracked by git and changed since the last commit: if the key is one of those changes, it is not committed yet, but the next \`git commit -a\` (or \`git add ${c.rel}\`) puts it into the repository and its history.`;
        fix = {
          summary: `Keep the key out of the tracked file: put it in an ignored file the app also reads (or export it), or tell git to leave your copy alone: git update-index --skip-worktree ${c.rel}. Check \`git diff ${c.rel}\` first: if the key was committed before, rotate it at ${rotate}.`,
          command: `git update-index --skip-worktree ${c.rel}`,
        };
      } else if (c.tracked) {
        message = `${what}${more} sits in ${c.rel}, which is ${c.staged ? 'staged for commit' : 'tracked by git'}: the key ${c.staged ? 'is about to enter' : 'is in'} the repository and its history.`;
        fix = c.staged
          ? {
              summary: `Unstage it and keep it out of git: git restore --staged ${c.rel}, then add ${c.rel} to .gitignore.`,
              command: `git restore --staged ${c.rel}`,
            }
          : {
              summary: `Rotate the key at ${rotate} first (it is exposed), then stop tracking the file: git rm --cached ${c.rel}, add it to .gitignore, commit, and clean the history (key-in-git-history).`,
              command: `git rm --cached ${c.rel}`,
            };
      } else {
        // a .gitignore on its path that git cannot read (UTF-16): appending a UTF-8 line to it would not help
        const utf16 = utf16Gitignores(facts).find(
          (g) => g === '.gitignore' || c.rel.startsWith(g.slice(0, -'.gitignore'.length)),
        );
        if (utf16) {
          message = `${what}${more} sits in ${c.rel}, which no .gitignore rule covers: ${utf16} is saved as UTF-16, which git does not read as text, so none of its rules (whatever it lists) apply${git.isRepo ? ', and the next `git add .` commits the file' : ''}.`;
          fix = {
            summary: `Save ${utf16} as UTF-8 (in PowerShell: \`(Get-Content ${utf16}) | Set-Content -Encoding utf8 ${utf16}\`), then check with \`git check-ignore -v ${c.rel}\`.`,
            command: `iconv -f UTF-16 -t UTF-8 ${utf16} > ${utf16}.utf8 && mv ${utf16}.utf8 ${utf16}`,
          };
        } else {
          message = `${what}${more} sits in ${c.rel}, which no .gitignore rule covers${git.isRepo ? ': the next `git add .` commits it' : ' (if this folder becomes a git repository, `git add .` commits it)'}.`;
          fix = {
            summary: `Add ${c.rel} to .gitignore before anything commits it (and commit a .env.example with placeholders instead).`,
            edit: { path: '.gitignore', after: c.rel },
            safe: true,
          };
        }
      }
      out.push({
        id: 'dotenv-not-ignored',
        severity: c.tracked || git.isRepo ? 'error' : 'warning',
        message,
        location: { path: c.rel, line: c.line },
        fix,
        data: {
          tracked: c.tracked,
          ignored: c.ignored,
          staged: c.staged,
          keys: c.keys.length,
          ...(c.hit ? hitData(c.hit) : {}),
        },
      });
    }
    return out;
  },
};
