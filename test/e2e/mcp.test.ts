/**
 * MCP server configurations as targets: Claude Desktop (no shell environment, nothing expanded),
 * Claude Code `.mcp.json` (`${VAR}` from its environment), Cursor and VS Code (`${env:VAR}`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { doctorOn as doctor, json } from '../helpers/doctor.js';
import { openaiKey } from '../helpers/keys.js';

const key = openaiKey('proj', 'e2e-mcp');
const server =
  'from openai import OpenAI\nfrom mcp.server.fastmcp import FastMCP\n\nmcp = FastMCP("notes")\nclient = OpenAI()\n\nif __name__ == "__main__":\n    mcp.run()\n';
const py = {
  'pyproject.toml': '[project]\nname = "notes-mcp"\ndependencies = ["openai>=1.40", "mcp>=1.0"]\n',
  'server.py': server,
};
const desktop = (env: Record<string, string> | undefined) =>
  json({
    mcpServers: {
      notes: {
        command: 'uv',
        args: ['--directory', '/Users/me/code/notes-mcp', 'run', 'server.py'],
        ...(env ? { env } : {}),
      },
    },
  });
const DESKTOP = 'Library/Application Support/Claude/claude_desktop_config.json';

describe('Claude Desktop starts MCP servers without the shell', () => {
  it('the key only in ~/.zshrc does not reach the server: key-missing for the desktop server, not for the terminal', async () => {
    const r = await doctor(
      py,
      { '.zshrc': `export OPENAI_API_KEY=${key}\n`, [DESKTOP]: desktop(undefined) },
      { OPENAI_API_KEY: key, SHELL: '/bin/zsh' },
    );
    const t = r.target('mcp:claude-desktop:notes');
    assert.ok(t, r.targetIds.join(', '));
    assert.equal(t.entry, 'server.py');
    const f = r.report.findings.find((x) => x.id === 'key-missing' && x.target === 'mcp:claude-desktop:notes');
    assert.ok(f, r.ids.join(', '));
    assert.ok(
      !r.report.findings.some((x) => x.id === 'key-missing' && x.target !== 'mcp:claude-desktop:notes'),
      r.errors.join('\n'),
    );
  });
  it('an env block with the key: healthy; "${OPENAI_API_KEY}" there is not expanded (key-malformed/placeholder-like error at the line)', async () => {
    const ok = await doctor(py, { [DESKTOP]: desktop({ OPENAI_API_KEY: key }) });
    assert.equal(ok.target('mcp:claude-desktop:notes')?.vars.OPENAI_API_KEY?.value, key);
    assert.ok(
      !ok.report.findings.some((f) => f.severity === 'error' && f.target === 'mcp:claude-desktop:notes'),
      ok.errors.join('\n'),
    );
    const bad = await doctor(
      py,
      { [DESKTOP]: desktop({ OPENAI_API_KEY: '${OPENAI_API_KEY}' }) },
      { OPENAI_API_KEY: key },
    );
    assert.equal(bad.target('mcp:claude-desktop:notes')?.vars.OPENAI_API_KEY?.value, '${OPENAI_API_KEY}');
    const f = bad.report.findings.find((x) => x.severity === 'error' && x.target === 'mcp:claude-desktop:notes');
    assert.ok(f, bad.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], [`~/${DESKTOP}`, 12]);
  });
});

describe('project MCP configs', () => {
  it(".mcp.json: ${OPENAI_API_KEY} is expanded from Claude Code's environment (healthy); unset, the value is unknown, never a false error", async () => {
    const files = {
      ...py,
      '.mcp.json': json({
        mcpServers: {
          notes: { command: 'uv', args: ['run', 'server.py'], env: { OPENAI_API_KEY: '${OPENAI_API_KEY}' } },
        },
      }),
    };
    const ok = await doctor(files, {}, { OPENAI_API_KEY: key });
    assert.equal(ok.target('mcp:claude-code:notes')?.vars.OPENAI_API_KEY?.value, key);
    assert.deepEqual(ok.errors, []);
    const unset = await doctor(files);
    assert.ok(
      !unset.report.findings.some((f) => f.severity === 'error' && f.target === 'mcp:claude-code:notes'),
      unset.errors.join('\n'),
    );
  });
  it('a third-party server (npx) with a placeholder key in .cursor/mcp.json: key-placeholder at its line; without an OpenAI variable there is no target', async () => {
    const r = await doctor({
      'README.md': '# x\n',
      '.cursor/mcp.json': json({
        mcpServers: {
          search: { command: 'npx', args: ['-y', 'some-openai-mcp'], env: { OPENAI_API_KEY: 'your-api-key-here' } },
          fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] },
        },
      }),
    });
    assert.ok(r.target('mcp:cursor:search'));
    assert.equal(r.target('mcp:cursor:fs'), undefined);
    const f = r.report.findings.find((x) => x.id === 'key-placeholder' && x.target === 'mcp:cursor:search');
    assert.ok(f, r.ids.join(', '));
    assert.deepEqual([f.location?.path, f.location?.line], ['.cursor/mcp.json', 10]);
    assert.ok(!r.ids.includes('key-missing'), r.ids.join(', '));
  });
});
