/**
 * Go, Ruby, Java/Kotlin, C#, PHP, Rust: environment reads (and a few dotenv loads), line by line.
 * Comment lines are passed over; these languages only feed env-name-mismatch.
 */
import { type FileAnalysis, emptyAnalysis } from './analysis.js';
import type { CodeLanguage } from './types.js';

interface Rule {
  re: RegExp;
  via: string;
  write?: boolean;
}

const Q = String.raw`["']([A-Za-z_][A-Za-z0-9_.-]*)["']`;
const RULES: Partial<Record<CodeLanguage, Rule[]>> = {
  go: [
    { re: new RegExp(String.raw`\bos\.Getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'os.Getenv' },
    { re: new RegExp(String.raw`\bos\.LookupEnv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'os.LookupEnv' },
    { re: new RegExp(String.raw`\bos\.Setenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'os.Setenv', write: true },
  ],
  ruby: [
    { re: new RegExp(String.raw`\bENV\[\s*${Q}\s*\](?!\s*=[^=])`, 'g'), via: 'ENV[]' },
    { re: new RegExp(String.raw`\bENV\.fetch\(\s*${Q}`, 'g'), via: 'ENV.fetch' },
    { re: new RegExp(String.raw`\bENV\[\s*${Q}\s*\]\s*=[^=]`, 'g'), via: 'ENV[]=', write: true },
  ],
  java: [
    { re: new RegExp(String.raw`\bSystem\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'System.getenv' },
    { re: new RegExp(String.raw`\bdotenv\.get\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'dotenv.get' },
  ],
  kotlin: [
    { re: new RegExp(String.raw`\bSystem\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'System.getenv' },
    { re: new RegExp(String.raw`\bSystem\.getenv\(\)\[\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'System.getenv()[]' },
  ],
  csharp: [
    {
      re: new RegExp(String.raw`\bEnvironment\.GetEnvironmentVariable\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'),
      via: 'Environment.GetEnvironmentVariable',
    },
    {
      re: new RegExp(String.raw`\bEnvironment\.SetEnvironmentVariable\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'),
      via: 'Environment.SetEnvironmentVariable',
      write: true,
    },
  ],
  php: [
    { re: new RegExp(String.raw`\bgetenv\(\s*${Q}`, 'g'), via: 'getenv' },
    { re: new RegExp(String.raw`\$_(?:ENV|SERVER)\[\s*${Q}\s*\]`, 'g'), via: '$_ENV[]' },
    { re: new RegExp(String.raw`(?<![>$\w])env\(\s*${Q}`, 'g'), via: 'env()' },
    { re: new RegExp(String.raw`\bputenv\(\s*["']([A-Za-z_][A-Za-z0-9_]*)=`, 'g'), via: 'putenv', write: true },
  ],
  rust: [
    { re: new RegExp(String.raw`\b(?:std::)?env::var(?:_os)?\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'env::var' },
    { re: new RegExp(String.raw`\bdotenvy?::var\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'dotenvy::var' },
    { re: new RegExp(String.raw`\b(?:option_)?env!\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'), via: 'env!' },
    {
      re: new RegExp(String.raw`\b(?:std::)?env::set_var\(\s*"([A-Za-z_][A-Za-z0-9_]*)"`, 'g'),
      via: 'env::set_var',
      write: true,
    },
  ],
};

const LOADS: Partial<Record<CodeLanguage, Array<{ re: RegExp; loader: string; override?: boolean }>>> = {
  go: [{ re: /\bgodotenv\.(Load|Overload)\(\s*(?:"([^"]*)")?/g, loader: 'godotenv' }],
  ruby: [
    {
      re: /\bDotenv\.(load|overload)\b(?:\(\s*["']([^"']*)["'])?|require\s+["']dotenv\/load["']/g,
      loader: 'ruby-dotenv',
    },
  ],
  rust: [{ re: /\bdotenvy?::(dotenv|from_filename|from_path)\(\s*(?:"([^"]*)")?/g, loader: 'dotenvy' }],
  php: [{ re: /\bDotenv::create(Immutable|Mutable|Unsafe)?\(\s*(__DIR__)?/g, loader: 'phpdotenv' }],
};

const COMMENT: Partial<Record<CodeLanguage, RegExp>> = { ruby: /^\s*#/, php: /^\s*(\/\/|#|\*)/ };
const C_COMMENT = /^\s*(\/\/|\/\*|\*)/;

export function analyzeOther(rel: string, text: string, language: CodeLanguage): FileAnalysis {
  const out = emptyAnalysis(rel, language);
  const rules = RULES[language] ?? [];
  const loads = LOADS[language] ?? [];
  const comment = COMMENT[language] ?? C_COMMENT;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.length > 2000 || comment.test(l)) continue;
    for (const r of rules) {
      r.re.lastIndex = 0;
      for (const m of l.matchAll(r.re)) {
        const name = m[1];
        if (!name) continue;
        if (r.write) out.envWrites.push({ name, file: rel, line: i + 1, language, via: r.via, order: i });
        else
          out.envReads.push({
            name,
            file: rel,
            line: i + 1,
            column: (m.index ?? 0) + 1,
            language,
            via: r.via,
            order: i,
          });
      }
    }
    for (const ld of loads) {
      ld.re.lastIndex = 0;
      for (const m of l.matchAll(ld.re)) {
        const override = /^(Overload|overload|Mutable|Unsafe)$/.test(m[1] ?? '');
        const p = m[2];
        out.dotenvLoads.push({
          file: rel,
          line: i + 1,
          loader: ld.loader,
          override,
          order: i,
          language,
          base: p === '__DIR__' ? 'file-dir' : 'cwd',
          ...(p && p !== '__DIR__' ? { path: p } : p === '__DIR__' ? { path: '.env' } : {}),
        });
      }
    }
  }
  return out;
}
