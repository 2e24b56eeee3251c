/* eslint-disable @typescript-eslint/no-require-imports */
/* global require */
'use strict';
// keydoctor trace: the Node preload. `keydoctor trace` puts `--require=<this file>` into NODE_OPTIONS,
// so every Node process (and worker thread) the traced command starts loads it first. It records,
// for each request to an LLM endpoint, what the process sends (method, host, path, the credential's
// masked form and salted hash: never its value, the organization / project headers, the SDK's
// User-Agent and X-Stainless-* headers) and the answer's status, and writes one JSON line per event
// to the FIFO keydoctor reads. Unless the trace is --live, LLM requests go to keydoctor's emulator
// on 127.0.0.1 instead (global fetch through undici's global dispatcher, node:http / node:https
// through their request functions); a request it cannot redirect is refused before any byte of it
// is written. Everything is wrapped: the hook never throws into the app and never prints.
// Self-contained CommonJS with no dependencies: it runs inside the user's app. Kept in sync with
// src/trace/hooks/embedded.ts by `node scripts/embed-hooks.mjs` (a test checks it).
(function keydoctorTraceHook() {
  const MARK = Symbol.for('keydoctor.trace.hook');
  if (globalThis[MARK]) return;
  let fs;
  let cfg;
  try {
    fs = require('fs');
    const file = process.env.KEYDOCTOR_TRACE;
    if (!file) return;
    cfg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!cfg || cfg.v !== 1 || typeof cfg.fifo !== 'string') return;
  } catch {
    return;
  }
  globalThis[MARK] = true;

  let threadId = 0;
  let isMain = true;
  try {
    const wt = require('worker_threads');
    threadId = wt.threadId;
    isMain = wt.isMainThread;
  } catch {
    /* no worker_threads */
  }

  // ------------------------------------------------------------------------------------------
  // Writing records: one line per write, under PIPE_BUF, so lines from many processes never mix.

  let fd = -1;
  let broken = false;
  const sleeper = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
  function send(rec) {
    if (broken) return;
    try {
      if (fd < 0) fd = fs.openSync(cfg.fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      let line = JSON.stringify(rec) + '\n';
      if (Buffer.byteLength(line) > 3800) {
        rec.truncated = true;
        if (rec.argv) rec.argv = rec.argv.slice(0, 4).map((a) => cut(a, 120));
        if (rec.sdk) rec.sdk = { ua: cut(rec.sdk.ua || '', 120) };
        if (rec.custom) rec.custom = rec.custom.slice(0, 10);
        line = JSON.stringify(rec) + '\n';
        if (Buffer.byteLength(line) > 3800) return;
      }
      for (let i = 0; i < 200; i++) {
        try {
          fs.writeSync(fd, line);
          return;
        } catch (e) {
          if (e && e.code === 'EAGAIN' && sleeper) Atomics.wait(sleeper, 0, 0, 5);
          else throw e;
        }
      }
    } catch {
      // keydoctor is gone (ENXIO, EPIPE): stay silent, record nothing more.
      broken = true;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Values: masked the way keydoctor masks (first 8 and last 4 characters of a key), hashed with the
  // trace's salt. Arguments and header values that look like keys are masked before they are sent.

  function cut(s, n) {
    s = String(s);
    return s.length > n ? s.slice(0, n) + '…' : s;
  }
  function vis(s) {
    return s.replace(/[\u0000-\u001f\u007f-\u009f\u00a0\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  function shown(s) {
    const n = s.length;
    if (n >= 24) return [s.slice(0, 8), s.slice(-4)];
    if (n >= 12) return [s.slice(0, 3), s.slice(-2)];
    if (n >= 4) return [s.slice(0, 1), ''];
    return ['', ''];
  }
  function mask(s) {
    const [p, q] = shown(s);
    return vis(p) + '…' + vis(q);
  }
  const KEYISH = /(?:sk-|gsk_|AIza|xai-|hf_|pplx-|eyJ)[A-Za-z0-9_\-.]{12,}|[A-Za-z0-9_-]{32,}/g;
  function scrub(s) {
    return cut(String(s), 300).replace(KEYISH, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? mask(m) : m));
  }
  let crypto;
  function hash(s) {
    try {
      crypto = crypto || require('crypto');
      return crypto.createHmac('sha256', String(cfg.salt)).update(s, 'utf8').digest('hex').slice(0, 32);
    } catch {
      return undefined;
    }
  }
  function kindOf(v) {
    if (v === '') return 'empty';
    const prefixes = [['sk-proj-', 'openai-project'], ['sk-svcacct-', 'openai-svcacct'], ['sk-admin-', 'openai-admin'], ['sk-None-', 'openai-none'], ['sk-ant-', 'anthropic'], ['sk-or-', 'openrouter'], ['gsk_', 'groq'], ['AIza', 'google'], ['xai-', 'xai'], ['hf_', 'huggingface'], ['pplx-', 'perplexity'], ['eyJ', 'jwt']];
    for (const [p, k] of prefixes) if (v.startsWith(p)) return k;
    if (/^[0-9a-fA-F]{32}$/.test(v)) return 'azure-hex32';
    if (v.startsWith('sk-') && v.includes('T3BlbkFJ')) return 'openai-legacy';
    if (v.startsWith('sk-')) return 'sk-other';
    return 'other';
  }
  // Credentials that only an LLM service issues: sent anywhere, they make the request an LLM request.
  const LLM_KINDS = new Set(['openai-project', 'openai-svcacct', 'openai-admin', 'openai-none', 'openai-legacy', 'anthropic', 'openrouter', 'groq', 'xai', 'huggingface', 'perplexity']);

  function credentialOf(h, query) {
    let header;
    let scheme;
    let value;
    if (typeof h.authorization === 'string') {
      header = 'authorization';
      const m = /^(\S+)\s+([\s\S]*)$/.exec(h.authorization);
      if (m) {
        scheme = m[1];
        value = m[2];
      } else value = h.authorization;
    } else {
      for (const n of ['api-key', 'x-api-key', 'x-goog-api-key']) {
        if (typeof h[n] === 'string') {
          header = n;
          value = h[n];
          break;
        }
      }
    }
    if (value === undefined && query) {
      for (const n of ['key', 'api_key', 'api-key']) {
        const q = query.get(n);
        if (q !== null) {
          header = 'query:' + n;
          value = q;
          break;
        }
      }
    }
    if (value === undefined) return null;
    const [p, q] = shown(value);
    return { header, scheme, kind: kindOf(value), masked: mask(value), prefix: p, suffix: q, length: value.length, hash: hash(value) };
  }

  const STANDARD = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'content-length', 'connection', 'host', 'user-agent', 'authorization', 'api-key', 'x-api-key', 'x-goog-api-key', 'openai-organization', 'openai-project', 'openai-beta', 'idempotency-key', 'transfer-encoding', 'keep-alive', 'sec-fetch-mode', 'x-keydoctor-origin', 'x-keydoctor-id', 'traceparent', 'tracestate', 'baggage', 'anthropic-version', 'anthropic-beta', 'x-goog-api-client', 'expect', 'te', 'origin', 'referer']);
  function idValue(v, re) {
    if (typeof v !== 'string') return undefined;
    return re.test(v) ? v : v.length > 40 || /(?:sk-|gsk_|AIza|xai-|hf_|pplx-|eyJ)[A-Za-z0-9_\-.]{12,}/.test(v) ? mask(v) : vis(v);
  }
  function describe(h, query) {
    const custom = Object.keys(h).filter((n) => !STANDARD.has(n) && !n.startsWith('x-stainless-')).slice(0, 20);
    const sdk = {};
    if (h['user-agent']) sdk.ua = scrub(h['user-agent']);
    if (h['x-stainless-lang']) sdk.lang = scrub(h['x-stainless-lang']);
    if (h['x-stainless-package-version']) sdk.version = scrub(h['x-stainless-package-version']);
    if (h['x-stainless-runtime']) sdk.runtime = scrub(h['x-stainless-runtime']);
    if (h['x-stainless-runtime-version']) sdk.runtimeVersion = scrub(h['x-stainless-runtime-version']);
    return {
      credential: credentialOf(h, query),
      organization: idValue(h['openai-organization'], /^org-[A-Za-z0-9]{1,40}$/),
      project: idValue(h['openai-project'], /^proj_[A-Za-z0-9]{1,40}$/),
      custom,
      sdk,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Which requests are LLM requests, and what happens to them.

  const hosts = Array.isArray(cfg.hosts) ? cfg.hosts.map((x) => String(x).toLowerCase()) : [];
  const emulator = cfg.emulator ? new URL(cfg.emulator) : null;
  const live = cfg.live === true;
  function isLoopback(host) {
    return /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i.test(host);
  }
  function listed(host, port) {
    const withPort = host + ':' + port;
    for (const h of hosts) {
      if (h.includes(':') && !h.startsWith('[')) {
        if (h === withPort) return true;
      } else if (host === h || host.endsWith('.' + h)) return true;
    }
    return false;
  }
  function isEmulator(host, port) {
    return emulator !== null && host === emulator.hostname && String(port) === emulator.port;
  }
  /** Undefined: not an LLM request (left alone, not recorded). */
  function decide(host, port, headers) {
    host = String(host || '').toLowerCase().replace(/\.$/, '');
    if (isEmulator(host, port)) return undefined;
    let llm = listed(host, port);
    if (!llm) {
      const c = credentialOf(headers, null);
      llm = c !== null && LLM_KINDS.has(c.kind);
    }
    if (!llm) return undefined;
    if (live) return 'live';
    if (isLoopback(host)) return 'local';
    return emulator ? 'redirect' : 'refuse';
  }

  let seq = 0;
  const prefix = process.pid + '.' + threadId + '.';
  const nextId = () => prefix + ++seq;

  function lowerHeaders(raw) {
    const out = {};
    const put = (k, v) => {
      if (k === undefined || k === null) return;
      const n = String(k).toLowerCase();
      const val = Array.isArray(v) ? v.map(String).join(', ') : String(v);
      out[n] = n in out ? out[n] + ', ' + val : val;
    };
    if (!raw) return out;
    if (typeof raw === 'string') {
      for (const line of raw.split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) put(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
    } else if (Array.isArray(raw)) {
      if (raw.length && Array.isArray(raw[0])) for (const [k, v] of raw) put(k, v);
      else for (let i = 0; i + 1 < raw.length; i += 2) put(raw[i], raw[i + 1]);
    } else if (typeof raw[Symbol.iterator] === 'function' && typeof raw.get === 'function') {
      for (const [k, v] of raw) put(k, v);
    } else if (typeof raw === 'object') {
      for (const k of Object.keys(raw)) if (raw[k] !== undefined) put(k, raw[k]);
    }
    return out;
  }

  function refusal(host) {
    const e = new Error(`keydoctor trace: the request to ${host} was not sent (nothing leaves the machine during a trace; this client could not be redirected to keydoctor's emulator). Run \`keydoctor trace --live\` to let it through.`);
    e.code = 'KEYDOCTOR_TRACE_REFUSED';
    return e;
  }

  function requestRecord(id, lib, method, origin, path, headers, action) {
    let url;
    try {
      url = new URL(path || '/', origin);
    } catch {
      url = null;
    }
    const query = url ? url.searchParams : null;
    const d = describe(headers, query);
    return {
      type: 'request',
      id,
      pid: process.pid,
      thread: threadId,
      t: Date.now(),
      lib,
      method: String(method || 'GET').toUpperCase(),
      origin: url ? url.origin : String(origin),
      path: url ? cut(url.pathname, 300) : '',
      query: query ? [...new Set([...query.keys()])].slice(0, 10).map((k) => cut(k, 40)) : [],
      action,
      ...d,
    };
  }

  // ------------------------------------------------------------------------------------------
  // undici (global fetch and the undici package): the global dispatcher redirects; the
  // diagnostics channels record (and refuse what was not redirected).

  let dc;
  try {
    dc = require('diagnostics_channel');
  } catch {
    dc = null;
  }
  const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
  const patched = new WeakSet();
  function patchDispatcher() {
    try {
      const d = globalThis[DISPATCHER];
      if (!d || typeof d.dispatch !== 'function' || patched.has(d)) return;
      patched.add(d);
      const orig = d.dispatch;
      d.dispatch = function keydoctorDispatch(opts, handler) {
        try {
          if (emulator && opts && opts.origin) {
            const u = new URL(String(opts.origin));
            const port = u.port || (u.protocol === 'https:' ? '443' : '80');
            const headers = lowerHeaders(opts.headers);
            if (decide(u.hostname, port, headers) === 'redirect') {
              const extra = { 'x-keydoctor-origin': u.origin, 'x-keydoctor-id': nextId() };
              let h = opts.headers;
              if (Array.isArray(h)) h = h.length && Array.isArray(h[0]) ? [...h, ...Object.entries(extra)] : [...h, ...Object.entries(extra).flat()];
              else if (typeof h === 'string') h = h + Object.entries(extra).map(([k, v]) => `${k}: ${v}\r\n`).join('');
              else if (h && typeof h === 'object' && typeof h[Symbol.iterator] === 'function') h = [...[...h].flat(), ...Object.entries(extra).flat()];
              else h = { ...(h || {}), ...extra };
              opts = { ...opts, origin: emulator.origin, headers: h };
            }
          }
        } catch {
          /* leave the request as it was: the channel refuses it */
        }
        return orig.call(this, opts, handler);
      };
    } catch {
      /* nothing to patch */
    }
  }

  const PROCESS_TOOLS = /(?:^|[\\/])(?:npm-cli|npx-cli|yarn|pnpm|corepack)(?:\.c?js)?$/;
  if (!PROCESS_TOOLS.test(process.argv[1] || '')) {
    try {
      // Loads Node's bundled undici and with it the global dispatcher, so it is patched before any fetch.
      if (typeof globalThis.Request === 'function') new globalThis.Request('http://127.0.0.1/');
    } catch {
      /* no fetch in this Node */
    }
    patchDispatcher();
  }

  const undiciIds = new WeakMap();
  if (dc) {
    try {
      dc.subscribe('undici:request:create', ({ request }) => {
        try {
          patchDispatcher();
          const headers = lowerHeaders(request.headers);
          const o = new URL(String(request.origin));
          const port = o.port || (o.protocol === 'https:' ? '443' : '80');
          let origin = o.origin;
          let action;
          let id;
          if (headers['x-keydoctor-origin'] && isEmulator(o.hostname, port)) {
            origin = headers['x-keydoctor-origin'];
            id = headers['x-keydoctor-id'];
            action = 'redirected';
          } else {
            action = decide(o.hostname, port, headers);
            if (action === undefined) return;
            if (action === 'redirect' || action === 'refuse') {
              action = 'refused';
              // Aborts the request before its first byte is written (undici checks it on connect).
              request.error = refusal(o.host);
            }
          }
          id = id || nextId();
          undiciIds.set(request, id);
          send(requestRecord(id, 'undici', request.method, origin, request.path, headers, action));
        } catch {
          /* never into the app */
        }
      });
      dc.subscribe('undici:request:headers', ({ request, response }) => {
        const id = undiciIds.get(request);
        if (id) send({ type: 'answer', id, pid: process.pid, t: Date.now(), status: response && response.statusCode });
      });
      dc.subscribe('undici:request:error', ({ request, error }) => {
        const id = undiciIds.get(request);
        if (id) send({ type: 'answer', id, pid: process.pid, t: Date.now(), error: scrub((error && (error.code || error.message)) || 'error') });
      });
    } catch {
      /* channels unavailable */
    }
  }

  // ------------------------------------------------------------------------------------------
  // node:http and node:https (node-fetch in openai-node 4, axios, got): the request functions
  // redirect; the diagnostics channels record.

  function patchHttp(mod, secure, plain) {
    for (const name of ['request', 'get']) {
      const orig = mod[name];
      if (typeof orig !== 'function' || orig.__keydoctor) continue;
      const wrapped = function keydoctorHttp(...args) {
        try {
          if (!emulator) return orig.apply(this, args);
          let i = 0;
          let url;
          if (typeof args[0] === 'string' || args[0] instanceof URL) {
            url = new URL(String(args[0]));
            i = 1;
          }
          let options = args[i] && typeof args[i] === 'object' ? args[i] : undefined;
          if (options) i++;
          const cb = typeof args[i] === 'function' ? args[i] : undefined;
          const o = options || {};
          const protocol = o.protocol || (url && url.protocol) || (secure ? 'https:' : 'http:');
          let host = o.hostname || (o.host ? String(o.host).replace(/:\d+$/, '') : '') || (url && url.hostname) || 'localhost';
          host = host.replace(/^\[|\]$/g, '');
          const port = String(o.port || (url && url.port) || (protocol === 'https:' ? 443 : 80));
          const headers = lowerHeaders(o.headers);
          if (o.socketPath || decide(host, port, headers) !== 'redirect') return orig.apply(this, args);
          const path = o.path || (url ? url.pathname + url.search : '/');
          const defaultPort = protocol === 'https:' ? '443' : '80';
          const origin = protocol + '//' + (host.includes(':') ? '[' + host + ']' : host) + (port === defaultPort ? '' : ':' + port);
          const next = {};
          for (const k of Object.keys(o)) if (!['agent', 'createConnection', 'lookup', 'socketPath', 'servername', 'host', 'hostname', 'port', 'protocol', 'path', 'headers', 'href', 'origin', 'search', 'pathname', 'hash'].includes(k)) next[k] = o[k];
          next.protocol = 'http:';
          next.hostname = emulator.hostname;
          next.port = emulator.port;
          next.path = path;
          if (o.agent === false) next.agent = false;
          const h = {};
          if (Array.isArray(o.headers)) for (let j = 0; j + 1 < o.headers.length; j += 2) h[o.headers[j]] = o.headers[j + 1];
          else Object.assign(h, o.headers || {});
          h['x-keydoctor-origin'] = origin;
          h['x-keydoctor-id'] = nextId();
          next.headers = h;
          return plain[name](next, cb);
        } catch {
          return orig.apply(this, args);
        }
      };
      wrapped.__keydoctor = true;
      try {
        mod[name] = wrapped;
      } catch {
        /* frozen module */
      }
    }
  }
  try {
    const http = require('http');
    const https = require('https');
    // The emulator is reached through the original http functions, captured before patching.
    const plain = { request: http.request.bind(http), get: http.get.bind(http) };
    patchHttp(https, true, plain);
    patchHttp(http, false, plain);
  } catch {
    /* no http */
  }

  const httpIds = new WeakMap();
  if (dc) {
    try {
      dc.subscribe('http.client.request.start', ({ request }) => {
        try {
          const raw = typeof request.getHeaders === 'function' ? request.getHeaders() : {};
          const headers = lowerHeaders(raw);
          const hostHeader = headers.host || request.host || 'localhost';
          const secure = request.protocol === 'https:';
          const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
          const host = m ? m[1].replace(/^\[|\]$/g, '') : String(request.host);
          const port = (m && m[2]) || (secure ? '443' : '80');
          let origin = (secure ? 'https://' : 'http://') + hostHeader;
          let action;
          let id;
          if (headers['x-keydoctor-origin'] && isEmulator(host, port)) {
            origin = headers['x-keydoctor-origin'];
            id = headers['x-keydoctor-id'];
            action = 'redirected';
          } else {
            action = decide(host, port, headers);
            if (action === undefined) return;
            if (action === 'redirect' || action === 'refuse') {
              action = 'refused';
              request.destroy(refusal(host));
            }
          }
          id = id || nextId();
          httpIds.set(request, id);
          send(requestRecord(id, secure ? 'https' : 'http', request.method, origin, request.path, headers, action));
          request.once('close', () => {
            if (httpIds.get(request) === id && !request.res) send({ type: 'answer', id, pid: process.pid, t: Date.now(), error: action === 'refused' ? 'KEYDOCTOR_TRACE_REFUSED' : 'no answer' });
          });
        } catch {
          /* never into the app */
        }
      });
      dc.subscribe('http.client.response.finish', ({ request, response }) => {
        const id = httpIds.get(request);
        if (id) send({ type: 'answer', id, pid: process.pid, t: Date.now(), status: response && response.statusCode });
      });
    } catch {
      /* channels unavailable */
    }
  }

  // ------------------------------------------------------------------------------------------
  // This process, its workers, and the processes it starts (to tell which ones the hook missed).

  send({
    type: 'process',
    pid: process.pid,
    ppid: process.ppid,
    thread: threadId,
    main: isMain,
    runtime: 'node',
    version: process.version,
    argv: [process.execPath, ...process.argv.slice(1)].slice(0, 24).map(scrub),
    // Options that change what the process loads (--env-file, -r dotenv/config), ours left out.
    execArgv: process.execArgv.filter((a) => !a.includes('keydoctor-trace-hook')).slice(0, 24).map(scrub),
    nodeOptions: scrub(String(process.env.NODE_OPTIONS || '').replace(/\s*--(?:require|import)=("[^"]*keydoctor-trace-hook[^"]*"|\S*keydoctor-trace-hook\S*)/g, '').trim()),
    cwd: process.cwd(),
    npm: process.env.npm_lifecycle_event ? { event: scrub(process.env.npm_lifecycle_event), pkg: process.env.npm_package_json ? cut(process.env.npm_package_json, 400) : undefined } : undefined,
  });
  try {
    process.on('worker', (w) => send({ type: 'worker', pid: process.pid, thread: threadId, worker: w.threadId, t: Date.now() }));
  } catch {
    /* no worker event */
  }
  try {
    const cp = require('child_process');
    const proto = cp.ChildProcess && cp.ChildProcess.prototype;
    if (proto && typeof proto.spawn === 'function' && !proto.spawn.__keydoctor) {
      const orig = proto.spawn;
      const wrapped = function keydoctorSpawn(options) {
        try {
          if (options && typeof options.file === 'string') {
            const env = Array.isArray(options.envPairs) ? options.envPairs : [];
            const has = (name, needle) => env.some((p) => typeof p === 'string' && p.startsWith(name + '=') && p.includes(needle));
            send({
              type: 'spawn',
              pid: process.pid,
              t: Date.now(),
              file: scrub(options.file),
              argv: (options.args || []).slice(0, 24).map(scrub),
              hooked: { node: has('NODE_OPTIONS', cfg.nodeHook || '\u0000'), python: has('PYTHONPATH', cfg.pythonDir || '\u0000'), config: has('KEYDOCTOR_TRACE', cfg.self || '\u0000') },
            });
          }
        } catch {
          /* never into the app */
        }
        return orig.apply(this, arguments);
      };
      wrapped.__keydoctor = true;
      proto.spawn = wrapped;
    }
  } catch {
    /* no child_process */
  }
})();
