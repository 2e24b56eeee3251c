/**
 * .NET configuration: `appsettings.json` and `appsettings.{Environment}.json` next to a `.csproj`
 * (JSON with comments and trailing commas, as .NET's JSON provider reads them; keys as
 * `OpenAI:ApiKey`), the project file itself (its `UserSecretsId`, a DotNetEnv package reference), and
 * the user-secrets file that id names: `~/.microsoft/usersecrets/<UserSecretsId>/secrets.json`.
 */
import type { Reader } from './reader.js';
import type { StoreFile } from './types.js';
import { readJsonc } from './formats.js';
import { dirOf, joinRel } from '../../core/paths.js';
import { lazyJsonc } from '../../core/lazy.js';

const colon = (path: string[]) => path.join(':');

/** `secrets.json` of `dotnet user-secrets set "OpenAI:ApiKey" ...` (flat `"OpenAI:ApiKey"` keys or nested objects). */
export const userSecretsReader: Reader = {
  store: 'dotnet-user-secrets',
  what: '.NET user-secrets file',
  match: () => undefined,
  parse: (text, shown, ctx) =>
    readJsonc(text, shown, 'dotnet-user-secrets', ctx.notes, 'the .NET user-secrets file', colon),
};

export const appsettingsReader: Reader = {
  store: 'dotnet',
  what: '.NET appsettings file',
  match(rel, ctx) {
    const m = /^(?:(.*)\/)?appsettings(?:\.([\w-]+))?\.json$/.exec(rel);
    if (!m) return undefined;
    const dir = m[1] ?? '';
    if (/(^|\/)(bin|obj|publish|out)(\/|$)/.test(dir)) return undefined;
    if (!ctx.namesIn(dir).some((n) => /\.(cs|fs|vb)proj$/.test(n))) return undefined;
    return { role: m[2] ? `appsettings.${m[2]}` : 'appsettings', dir };
  },
  parse: (text, shown, ctx) => readJsonc(text, shown, 'appsettings', ctx.notes, 'the .NET settings file', colon),
};

export const csprojReader: Reader = {
  store: 'dotnet-project',
  what: '.NET project file',
  match(rel) {
    if (!/\.(cs|fs|vb)proj$/.test(rel) || /(^|\/)(bin|obj)\//.test(rel)) return undefined;
    return { role: 'project', dir: dirOf(rel) };
  },
  parse: () => [],
  detail(text) {
    const out: Record<string, string> = {};
    const id = /<UserSecretsId>\s*([^<\s]+)\s*<\/UserSecretsId>/.exec(text)?.[1];
    if (id && /^[\w.-]+$/.test(id)) out.userSecretsId = id;
    if (/<PackageReference\s+Include\s*=\s*"DotNetEnv"/i.test(text)) out.dotnetEnv = 'yes';
    return out;
  },
  extra(f, read, ctx) {
    const dir = f.dir ?? '';
    const detail = (f.detail ??= {});
    // DotNetEnv's Env.Load() and the configuration builder in Program.cs: which comes first
    const prog = joinRel(dir, 'Program.cs');
    const text = ctx.has(prog) ? read(prog) : undefined;
    if (text !== undefined) {
      text.split(/\r?\n/).forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (detail.envLoad === undefined && /\bEnv\s*\.\s*(?:\w+\s*\([^)]*\)\s*\.\s*)*Load\s*\(/.test(code)) {
          detail.envLoad = `${prog}:${i + 1}`;
          if (/NoClobber/.test(code)) detail.envNoClobber = 'yes';
        }
        if (
          detail.builder === undefined &&
          /\b(?:WebApplication|Host|WebHost)\s*\.\s*Create\w*Builder\s*\(|\bnew\s+ConfigurationBuilder\s*\(/.test(code)
        )
          detail.builder = `${prog}:${i + 1}`;
      });
    }
    // dotnet run takes the environment from the first project profile of Properties/launchSettings.json
    const ls = joinRel(dir, 'Properties/launchSettings.json');
    const lsText = ctx.has(ls) ? read(ls) : undefined;
    if (lsText !== undefined) {
      const doc = lazyJsonc().parse(lsText, [], { allowTrailingComma: true }) as
        | { profiles?: Record<string, { commandName?: string; environmentVariables?: Record<string, string> }> }
        | undefined;
      const first = Object.values(doc?.profiles ?? {}).find(
        (x) => x && typeof x === 'object' && (x.commandName ?? 'Project') === 'Project',
      );
      const v = first?.environmentVariables?.ASPNETCORE_ENVIRONMENT ?? first?.environmentVariables?.DOTNET_ENVIRONMENT;
      if (typeof v === 'string' && v) {
        detail.launchEnvironment = v;
        detail.launchSettings = ls;
      }
    }
  },
  linked(f: StoreFile) {
    const id = f.detail?.userSecretsId;
    return id
      ? [{ rel: `.microsoft/usersecrets/${id}/secrets.json`, role: 'user-secrets', reader: userSecretsReader }]
      : [];
  },
};
