import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { COMMON, type OptionTable } from '../args.js';
import { UsageError } from '../io.js';
import { maskLoose } from '../../keys/mask.js';
import { ConfigError, startEmulator, type EmulatorConfig } from '../../emulator/index.js';
import { readFileLimited, readProblem } from '../../core/read-file.js';

/** An emulator config is a few KB; a larger file is refused. */
const MAX_CONFIG = 16 << 20;

const OPTIONS = {
  port: { type: 'string', flag: '--port N', help: 'port to listen on (default: any free port)' },
  config: {
    type: 'string',
    flag: '--config FILE',
    help: [
      'JSON state: keys, organizations, projects, scopes, quota, rate limits,',
      'IP allow-lists, region blocks, admin keys, Azure resources (docs/emulator.md)',
    ],
  },
  'key-env': {
    type: 'string',
    flag: '--key-env NAME',
    help: 'also accept the key held by this environment variable (an active key with all scopes)',
  },
  verbose: { type: 'boolean', help: 'one line per request on stderr (credentials masked)' },
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor emulate [--port N] [--config FILE] [--key-env NAME] [--verbose]

Serves, on 127.0.0.1, the parts of the OpenAI API (and of Azure OpenAI) that authentication touches,
answering exactly as the real API does: /v1/models, /v1/chat/completions, /v1/responses,
/v1/embeddings, list endpoints, /v1/me, the Admin API (/v1/organization/...: projects, project
keys, service accounts, admin keys, users, usage and costs, with pagination), and
/openai/deployments/..., /openai/models, /openai/v1/... for Azure. Point an app or the SDK at it with
OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 to reproduce key problems without touching the real API.
The first line printed is "listening on http://127.0.0.1:PORT". Stop with Ctrl-C.

`,
  column: 20,
};

export const command = defineCommand({
  name: 'emulate',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    if (positionals.length > 0)
      throw new UsageError(
        `unexpected argument ${positionals[0] ?? ''} (keys are never given as arguments; use --config or --key-env)`,
      );
    let port = 0;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port takes a port number (got ${values.port})`);
    }
    let config: EmulatorConfig = {};
    if (values.config !== undefined) {
      const path = resolve(io.cwd, values.config);
      let text: string;
      try {
        const got = readFileLimited(path, MAX_CONFIG);
        if (typeof got === 'number')
          throw new UsageError(`${values.config} is ${got} bytes, over the ${MAX_CONFIG}-byte cap for a config`);
        text = got.toString('utf8').replace(/^\ufeff/, '');
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`cannot read ${values.config}: ${readProblem(e)}`);
      }
      try {
        config = JSON.parse(text) as EmulatorConfig;
      } catch {
        // The parser's own message quotes the text around the error, which may be a key.
        throw new UsageError(`${values.config} is not valid JSON`);
      }
    }
    if (values['key-env'] !== undefined) {
      const v = io.env[values['key-env']]?.trim();
      if (!v) throw new UsageError(`${values['key-env']} is not set`);
      config = { ...config, keys: [...(config.keys ?? []), { key: v }] };
    }
    let emu;
    try {
      emu = await startEmulator(config, { port, log: values.verbose ? (line) => io.stderr(`${line}\n`) : undefined });
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(`bad config: ${maskLoose(e.message)}`);
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use`);
      throw e;
    }
    io.stdout(`listening on ${emu.url}\n`);
    io.stdout(`OpenAI base URL: ${emu.url}/v1   Azure endpoint: ${emu.url}\n`);
    const server = emu;
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
});
