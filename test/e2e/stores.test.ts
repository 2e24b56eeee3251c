/**
 * Framework key stores end to end on small realistic projects through diagnose(): Streamlit
 * secrets.toml, ... A healthy set-up gives no error; a broken one names the store file and line.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose.js';
import type { Report } from '../../src/report/report.js';
import { tempProject, type TempProject, type Tree } from '../helpers/project.js';
import { openaiKey } from '../helpers/keys.js';

const made: TempProject[] = [];
after(() => { for (const p of made) p.cleanup(); });

async function doctor(files: Tree, home: Tree = {}, env: Record<string, string> = {}): Promise<{ report: Report; ids: string[]; errors: string[]; find: (id: string) => Report['findings'][number] | undefined }> {
  const p = tempProject(files, home);
  made.push(p);
  const report = await diagnose({ root: p.root, home: p.home, env: { PATH: process.env.PATH ?? '', HOME: p.home, ...env }, offline: true });
  return { report, ids: report.findings.map((f) => f.id), errors: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.id}: ${f.message}`), find: (id) => report.findings.find((f) => f.id === id) };
}

const key = openaiKey('proj', 'e2e-stores');
const old = openaiKey('proj', 'e2e-stores-old');

describe('Streamlit secrets.toml', () => {
  const app = (read: string) => `import streamlit as st\nfrom openai import OpenAI\n\nst.title("Chat")\nclient = OpenAI(api_key=${read})\nprompt = st.chat_input("Say something")\n`;
  // .streamlit/ ignored whole: the listing does not walk it, the collector reads the file by path
  const base: Tree = { 'requirements.txt': 'streamlit>=1.30\nopenai>=1.40\n', '.gitignore': '.streamlit/\n' };

  it('healthy: st.secrets["OPENAI_API_KEY"] from .streamlit/secrets.toml gives no error, and the target reads it', async () => {
    const r = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'), '.streamlit/secrets.toml': `# local secrets\nOPENAI_API_KEY = "${key}"\n` });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:streamlit_app.py');
    assert.ok(t, r.report.targets.map((x) => x.id).join(', '));
    assert.equal(t.keyVar, 'st.secrets["OPENAI_API_KEY"]');
    const v = t.vars.find((x) => x.name === t.keyVar);
    assert.match(v?.from ?? '', /\.streamlit\/secrets\.toml:2/);
    assert.ok(!JSON.stringify(r.report).includes(key), 'the key is masked');
  });

  it('a placeholder left in secrets.toml: key-placeholder at .streamlit/secrets.toml and its line', async () => {
    // below a [general] header the same line is general.OPENAI_API_KEY: st.secrets["OPENAI_API_KEY"] does not read it
    const r = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'), '.streamlit/secrets.toml': '[general]\ntitle = "demo"\nOPENAI_API_KEY = "sk-your-key-here"\n' });
    assert.ok(!r.ids.includes('key-placeholder'), r.ids.join(', '));
    const r2 = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'), '.streamlit/secrets.toml': `# paste your key\nOPENAI_API_KEY = "sk-your-key-here"\n\n[general]\ntitle = "demo"\n` });
    const f = r2.find('key-placeholder');
    assert.ok(f, r2.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 2]);
    assert.match(f.message, /st\.secrets\["OPENAI_API_KEY"\]/);
  });

  it('nested tables: st.secrets["openai"]["api_key"] and st.secrets.openai.api_key read [openai] api_key, with its line', async () => {
    const toml = `[openai]\n# the key\napi_key = " ${key}"\nmodel = "gpt-4o-mini"\n`;
    for (const read of ['st.secrets["openai"]["api_key"]', 'st.secrets.openai.api_key', 'st.secrets["openai"].get("api_key")']) {
      const r = await doctor({ ...base, 'streamlit_app.py': app(read), '.streamlit/secrets.toml': toml });
      const f = r.find('key-whitespace');
      assert.ok(f, `${read}: ${r.ids.join(', ')}`);
      assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 3]);
    }
  });

  it('the project file beats ~/.streamlit/secrets.toml key by key; a stale global key is what loses', async () => {
    const r = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'), '.streamlit/secrets.toml': `OPENAI_API_KEY = "${key}"\n` }, { '.streamlit/secrets.toml': `OPENAI_API_KEY = "${old}"\n` });
    assert.deepEqual(r.errors, []);
    const t = r.report.targets.find((x) => x.id === 'python:streamlit_app.py');
    const v = t?.vars.find((x) => x.name === t.keyVar);
    assert.match(v?.from ?? '', /^\.streamlit\/secrets\.toml/);
    // only in the global file: it is used
    const g = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]') }, { '.streamlit/secrets.toml': `OPENAI_API_KEY = "changeme"\n` });
    const f = g.find('key-placeholder');
    assert.ok(f, g.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['~/.streamlit/secrets.toml', 1]);
  });

  it('OpenAI() under streamlit run: a root-level secret becomes OPENAI_API_KEY and beats the shell and .env (load_dotenv does not override)', async () => {
    const py = 'import streamlit as st\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv()\nclient = OpenAI()\nst.write("hi")\n';
    const r = await doctor({ ...base, 'requirements.txt': 'streamlit\nopenai\npython-dotenv\n', 'app.py': py, '.env': `OPENAI_API_KEY=${key}\n`, '.streamlit/secrets.toml': `OPENAI_API_KEY = "YOUR_OPENAI_API_KEY"\n` }, {}, { OPENAI_API_KEY: old });
    const f = r.find('key-placeholder');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.streamlit/secrets.toml', 1]);
  });

  it('broken TOML is a note, never a crash', async () => {
    const r = await doctor({ ...base, 'streamlit_app.py': app('st.secrets["OPENAI_API_KEY"]'), '.streamlit/secrets.toml': `OPENAI_API_KEY = "${key}\nother = [\n` });
    assert.ok(r.report.notes.some((n) => n.path === '.streamlit/secrets.toml' && /TOML/.test(n.message)), JSON.stringify(r.report.notes));
    assert.ok(!JSON.stringify(r.report).includes(key));
  });

  it('a Streamlit app that reads no key from secrets.toml stays clean (secrets.toml with a database password only)', async () => {
    const py = 'import streamlit as st\nconn = st.connection("db", type="sql")\nst.write(st.secrets["db"]["password"] is not None)\n';
    const r = await doctor({ 'requirements.txt': 'streamlit\n', '.gitignore': '.streamlit/\n', 'streamlit_app.py': py, '.streamlit/secrets.toml': '[db]\npassword = "changeme"\n' });
    assert.deepEqual(r.errors, []);
  });
});
