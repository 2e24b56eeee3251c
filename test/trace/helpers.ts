/** Shared pieces of the trace tests: running the built CLI, the network guards, key checks. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTraceDocument } from '../../src/trace/records.js';
import type { TraceFacts } from '../../src/trace/types.js';

export const BIN = resolve('dist', 'cli', 'bin.cjs');
export const REPO_MODULES = resolve('node_modules');

/** A clean environment: no npm lifecycle variables, no NODE_OPTIONS or PYTHONPATH from the test runner. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
  return { ...env, ...extra };
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string>, timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function readSaved(path: string): TraceFacts {
  return parseTraceDocument(readFileSync(path, 'utf8'));
}

/**
 * Node guard, preloaded by the test (before the trace's own hook): every socket connect and DNS
 * lookup the app makes goes to GUARD_LOG, and any that is not loopback is refused.
 */
export const NODE_GUARD = `'use strict';
const net = require('net'); const dns = require('dns'); const fs = require('fs');
const log = (o) => { try { fs.appendFileSync(process.env.GUARD_LOG, JSON.stringify({ pid: process.pid, ...o }) + '\\n'); } catch {} };
const loop = (h) => /^(localhost|127(\\.\\d+){3}|::1|::ffff:127(\\.\\d+){3})$/.test(String(h));
const oc = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let o = args[0]; if (Array.isArray(o)) o = o[0];
  let host;
  if (o && typeof o === 'object') host = o.path ? 'unix:' + o.path : (o.host || 'localhost');
  else if (typeof o === 'number' || /^\\d+$/.test(String(o))) host = typeof args[1] === 'string' ? args[1] : 'localhost';
  else host = 'unix:' + o;
  log({ connect: host });
  if (!host.startsWith('unix:') && !loop(host)) throw new Error('guard: refused connection to ' + host);
  return oc.apply(this, args);
};
const ol = dns.lookup;
dns.lookup = function (h, ...rest) { log({ dns: h }); if (!loop(h)) throw new Error('guard: refused lookup of ' + h); return ol.call(this, h, ...rest); };
`;

/** The same guard for Python, imported by the test apps before any HTTP library. */
export const PY_GUARD = `import json, os, re, socket
_loop = re.compile(r"^(localhost|127(\\.\\d+){3}|::1)$")
def _log(o):
    o["pid"] = os.getpid()
    with open(os.environ["GUARD_LOG"], "a") as f:
        f.write(json.dumps(o) + "\\n")
_connect = socket.socket.connect
def connect(self, addr):
    host = addr[0] if isinstance(addr, tuple) else "unix:" + str(addr)
    _log({"connect": host})
    if not host.startswith("unix:") and not _loop.match(host):
        raise OSError("guard: refused connection to " + host)
    return _connect(self, addr)
socket.socket.connect = connect
_gai = socket.getaddrinfo
def getaddrinfo(host, *a, **k):
    _log({"dns": str(host)})
    if host is not None and not _loop.match(str(host)):
        raise OSError("guard: refused lookup of " + str(host))
    return _gai(host, *a, **k)
socket.getaddrinfo = getaddrinfo
`;

export interface GuardLog {
  connects: string[];
  lookups: string[];
}

export function readGuard(path: string): GuardLog {
  const out: GuardLog = { connects: [], lookups: [] };
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const v = JSON.parse(line) as { connect?: string; dns?: string };
    if (v.connect) out.connects.push(v.connect);
    if (v.dns) out.lookups.push(v.dns);
  }
  return out;
}

export const isLoopback = (h: string) =>
  /^(localhost|127(\.\d+){3}|::1|::ffff:127(\.\d+){3})$/.test(h) || h.startsWith('unix:');

export function python(name: '/usr/bin/python3' | 'python3'): string | undefined {
  const r = spawnSync(name, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? name : undefined;
}

export function hasModule(py: string, mod: string): boolean {
  return spawnSync(py, ['-c', `import ${mod}`], { encoding: 'utf8' }).status === 0;
}

export const joinPath = join;
