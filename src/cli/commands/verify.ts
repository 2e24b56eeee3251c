import { defineCommand } from '../command.js';
import { COMMON, projectRoot, type OptionTable } from '../args.js';
import { UsageError, parseFormat, parseTimeout, useColor } from '../io.js';
import { exitCode } from '../../report/report.js';
import { format, type Format } from '../../report/formatters/index.js';
import { metaFor } from '../../checks/registry.js';
import type { LiveSettings } from '../../live/settings.js';
import {
  VerifyInputError,
  applyOverrides,
  chooseKey,
  notSent,
  notSentReport,
  verifyChosen,
  type ChosenKey,
  type VerifyRequest,
} from '../../pipeline/verify.js';

const OPTIONS = {
  target: { type: 'string', flag: '--target ID', help: 'verify the key of this run target (see `keydoctor doctor`)' },
  'key-env': { type: 'string', flag: '--key-env NAME', help: 'verify the key held by this environment variable' },
  'key-stdin': { type: 'boolean', help: 'read the key from standard input (first line)' },
  'base-url': { type: 'string', flag: '--base-url URL', help: 'the OpenAI base URL (default: as the app would use)' },
  organization: {
    type: 'string',
    flag: '--organization ID',
    help: 'send OpenAI-Organization (default: OPENAI_ORG_ID / OPENAI_ORGANIZATION)',
  },
  project: { type: 'string', flag: '--project ID', help: 'send OpenAI-Project (default: OPENAI_PROJECT_ID)' },
  model: { type: 'string', flag: '--model NAME', help: 'also check access to this model' },
  azure: { type: 'boolean', help: 'Azure OpenAI (default when AZURE_OPENAI_ENDPOINT is set for the target)' },
  endpoint: { type: 'string', flag: '--endpoint URL', help: 'Azure endpoint (default AZURE_OPENAI_ENDPOINT)' },
  'api-version': {
    type: 'string',
    flag: '--api-version V',
    help: 'Azure api-version (default OPENAI_API_VERSION; none: the v1 path)',
  },
  deployment: {
    type: 'string',
    flag: '--deployment NAME',
    help: 'Azure deployment to check (default AZURE_OPENAI_DEPLOYMENT)',
  },
  'no-probes': { type: 'boolean', help: 'only check the key, no permission table' },
  timeout: { type: 'string', flag: '--timeout MS', help: 'timeout per request (default 10000)' },
  format: {
    type: 'string',
    default: 'text',
    flag: '--format text|json|markdown',
    help: 'output format (default text)',
  },
  verbose: { type: 'boolean', help: 'one line per request and answer on stderr (credentials masked)' },
  'no-color': COMMON['no-color'],
  help: COMMON.help,
} as const satisfies OptionTable;

const USAGE = {
  head: `Usage: keydoctor verify [DIR] [options]

Asks the API whether it accepts the key your app would use, and what the key may do. The key is the
one the doctor resolves for the first run target (or --target ID), or the value of --key-env NAME,
or the first line of standard input with --key-stdin (never an argument). It goes only to the base
URL the app would use (OPENAI_BASE_URL, legacy OPENAI_API_BASE, else https://api.openai.com/v1), with
the app's OpenAI-Organization / OpenAI-Project headers, through HTTPS_PROXY / HTTP_PROXY unless
NO_PROXY says otherwise. A working key gets a permission table from no-cost probes (list endpoints
and deliberately invalid requests that fail validation after authorization). Admin keys (sk-admin-)
are probed on /v1/organization/... only.

`,
  column: 32,
  tail: `Exit status: 0 no error (the key works, or no answer came: live-network-error is a warning),
1 the API refused the key or the call, 2 bad arguments.
`,
};

export const command = defineCommand({
  name: 'verify',
  options: OPTIONS,
  usage: USAGE,
  async run({ values, positionals }, io) {
    const fmt = parseFormat<Format>(values.format, ['text', 'json', 'markdown']);
    if (values['key-env'] !== undefined && values['key-stdin'])
      throw new UsageError('--key-env and --key-stdin exclude each other');
    const timeoutMs = parseTimeout(values.timeout, 10000);
    const req: VerifyRequest = {
      env: io.env,
      target: values.target,
      keyEnv: values['key-env'],
      azure: values.azure,
      baseURL: values['base-url'],
      endpoint: values.endpoint,
      apiVersion: values['api-version'],
      deployment: values.deployment,
      organization: values.organization,
      project: values.project,
    };
    if (req.keyEnv === undefined) {
      if (values['key-stdin'] === true) req.keyStdin = await io.readStdin();
      else req.root = projectRoot(io, positionals, 'keys are never given as arguments: use --key-env or --key-stdin');
    }
    let chosen: ChosenKey;
    let s: LiveSettings;
    try {
      chosen = await chooseKey(req);
      s = applyOverrides(chosen, req);
    } catch (e) {
      if (e instanceof VerifyInputError) throw new UsageError(e.message);
      throw e;
    }

    // Placeholders and other providers' keys bound for api.openai.com are not sent: the answer is known.
    const skip = notSent(s, chosen.target);
    if (skip) {
      const report = notSentReport(chosen, s, skip);
      io.stdout(
        format(report, { format: fmt, meta: metaFor, color: useColor(io, values['no-color']), targets: false }),
      );
      return exitCode(report);
    }
    const debug = values.verbose ? (line: string) => io.stderr(`${chosen.secrets.maskText(line)}\n`) : undefined;
    const report = await verifyChosen(chosen, s, {
      env: io.env,
      model: values.model,
      probes: values['no-probes'] ? 'none' : 'all',
      timeoutMs,
      debug,
      endpointGiven: values['base-url'] !== undefined || values.endpoint !== undefined,
    });
    const out = format(report, {
      format: fmt,
      meta: metaFor,
      color: useColor(io, values['no-color']),
      targets: false,
      verbose: values.verbose,
    });
    io.stdout(out);
    return exitCode(report);
  },
});
