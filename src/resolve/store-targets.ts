/**
 * Store targets: apps a framework starts with its own configuration files, each a target whose key
 * variable is the framework's key name, with the framework's order of sources:
 * - Spring Boot: environment variables (relaxed binding: `SPRING_AI_OPENAI_API_KEY` for
 *   `spring.ai.openai.api-key`) beat the files; profile files (`application-dev.yml`, a `---`
 *   document with `spring.config.activate.on-profile`) beat the plain ones for the active profiles;
 *   `.properties` beats `.yml` in the same place; `config/` beats its parent; `${OPENAI_API_KEY}`
 *   makes the key that variable; a .env file is read only through `spring.config.import`.
 * - .NET: appsettings.json, then appsettings.{Environment}.json, then user-secrets (Development
 *   only), with environment variables (`OpenAI__ApiKey` for `OpenAI:ApiKey`) over all; DotNetEnv's
 *   `Env.Load()` puts `.env` into the environment, unless it runs after the builder read it.
 * - the LiteLLM proxy: `api_key: os.environ/NAME` reads NAME; a literal is the key; no api_key reads
 *   OPENAI_API_KEY (AZURE_API_KEY for azure/ models); litellm's own load_dotenv() on import.
 */
import type { Facts } from '../core/facts.js';
import type { Assignment, Target } from '../core/types.js';
import { resolveVars, type LoadStep } from './engine.js';
import type { StoreEntry, StoreFile } from '../collect/stores/types.js';
import { dirOf, joinRel } from '../core/paths.js';
import {
  environmentAssignments,
  environmentStep,
  fileAssignments,
  fileExists,
  fileStep,
  unloadedSteps,
} from './sources.js';
import { makeTarget } from './target.js';
import { pushAll } from '../core/arrays.js';
import { isOpenAIKeyPath, storeFiles } from './stores.js';

/** A store entry under another name (the one the target's vars resolve). */
function as(e: Assignment, name: string, detail?: string): Assignment {
  return { ...e, name, ...(detail ? { detail } : {}) };
}

/** Environment assignments whose name maps onto `key` by `map` (relaxed binding, `__` for `:`), renamed to `key`. */
function mappedEnv(facts: Facts, key: string, map: (envName: string) => string | undefined, how: string): Assignment[] {
  const out: Assignment[] = [];
  for (const a of environmentAssignments(facts))
    if (map(a.name) === key)
      out.push(as(a, key, `${a.name} in the environment (${how})${a.detail ? `; ${a.detail}` : ''}`));
  return out;
}

function finish(facts: Facts, spec: Parameters<typeof makeTarget>[1], keyVar: string, external?: string): Target {
  const t = makeTarget(facts, { ...spec, names: [...(spec.names ?? []), keyVar] });
  t.keyVar = keyVar;
  if (external) t.external = [external];
  return t;
}

// --- Spring Boot ----------------------------------------------------------------------------------

/** Spring's uniform form of a property name: case, dashes and underscores do not matter. */
function springUniform(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The environment variable names Spring binds to a property: `SPRING_AI_OPENAI_APIKEY` and the legacy `SPRING_AI_OPENAI_API_KEY`. */
export function springEnvNames(prop: string): string[] {
  const parts = prop.replace(/\[(\d+)\]/g, '.$1').split('.');
  return [
    ...new Set([
      parts.map((p) => p.replace(/-/g, '').toUpperCase()).join('_'),
      parts.map((p) => p.replace(/-/g, '_').toUpperCase()).join('_'),
    ]),
  ];
}

const SPRING_ORDER = (f: StoreFile): number => {
  const inResources = f.path.includes('src/main/resources/');
  const inConfig = /(^|\/)config\/application/.test(f.path);
  const props = f.path.endsWith('.properties') ? 1 : 0; // .properties beats .yml in the same place
  return (f.role === 'application' ? 0 : 100) + (inResources ? 0 : 20) + (inConfig ? 10 : 0) + props;
};

export function springTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  const byDir = new Map<string, StoreFile[]>();
  for (const f of storeFiles(facts, 'spring')) {
    const d = f.dir ?? '';
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  for (const [dir, list] of byDir) {
    const files = [...list].sort((a, b) => SPRING_ORDER(a) - SPRING_ORDER(b));
    const keyEntry = files.flatMap((f) => f.entries).find((e) => isOpenAIKeyPath(e.name.split('.')));
    if (!keyEntry) continue;
    const prop = keyEntry.name;
    const uni = springUniform(prop);
    const envNames = springEnvNames(prop);
    // active profiles: SPRING_PROFILES_ACTIVE, else spring.profiles.active in the plain files
    const declared = files
      .filter((f) => f.role === 'application')
      .flatMap((f) => f.entries)
      .filter((e) => !e.section && springUniform(e.name) === 'spring.profiles.active')
      .pop();
    const active = (facts.env.SPRING_PROFILES_ACTIVE ?? declared?.value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const activeText = active.length ? `profile${active.length > 1 ? 's' : ''} ${active.join(', ')}` : 'no profile';
    const rename = (e: StoreEntry): Assignment => (springUniform(e.name) === uni ? as(e, prop) : e);
    const steps: LoadStep[] = [environmentStep(facts)];
    const relaxed = mappedEnv(
      facts,
      prop,
      (n) => (envNames.includes(n) ? prop : undefined),
      `Spring's relaxed binding of ${prop}`,
    );
    if (relaxed.length)
      steps.push({
        source: 'the shell environment',
        loader: 'Spring Boot (environment variables beat the files)',
        mode: 'base',
        assignments: relaxed,
      });
    const fileSteps: LoadStep[] = [];
    const read: string[] = [];
    for (const f of files) {
      const profile = f.role.startsWith('application-') ? f.role.slice('application-'.length) : undefined;
      const on = profile === undefined || active.includes(profile);
      const plain = f.entries.filter((e) => !e.section).map(rename);
      fileSteps.push({
        source: f.path,
        loader: 'Spring Boot',
        mode: 'files-override',
        assignments: plain,
        ...(on
          ? {}
          : {
              loaded: false,
              reason: `${f.path} is read only with profile ${profile ?? ''} active (${activeText} is)`,
            }),
      });
      if (on) read.push(f.path);
      const sections = [...new Set(f.entries.filter((e) => e.section).map((e) => e.section as string))];
      for (const s of sections) {
        const sOn = on && s.split(',').some((p) => active.includes(p.trim()));
        fileSteps.push({
          source: `${f.path} (the ${s} document)`,
          loader: 'Spring Boot',
          mode: 'files-override',
          assignments: f.entries.filter((e) => e.section === s).map(rename),
          ...(sOn
            ? {}
            : { loaded: false, reason: `that document is read only with profile ${s} active (${activeText} is)` }),
        });
      }
    }
    // profile files and documents come after the plain ones
    fileSteps.sort(
      (a, b) =>
        Number(/\(the .* document\)$/.test(a.source) || /application-/.test(a.source)) -
        Number(/\(the .* document\)$/.test(b.source) || /application-/.test(b.source)),
    );
    pushAll(steps, fileSteps);
    const resolved = resolveVars([prop], steps)[prop];
    const winner = resolved?.winner as StoreEntry | undefined;
    let keyVar = prop;
    const texts = [
      `shell env (${envNames.join(' or ')} beat the files)`,
      `${read.join(', ')} (${activeText} active; later files win)`,
    ];
    if (winner?.ref) {
      // `${OPENAI_API_KEY}`: the key is that variable, resolved when the app starts
      keyVar = winner.ref.name;
      const imports = files
        .flatMap((f) => f.entries)
        .filter((e) => springUniform(e.name).startsWith('spring.config.import'))
        .map((e) => e.value);
      const dotenv = imports
        .flatMap((v) => v.split(','))
        .map((v) => /^(?:optional:)?file:(?:\.\/)?(.+?)(?:\[\.properties\])?$/.exec(v.trim())?.[1])
        .find((p) => p !== undefined && /(^|\/)\.env[^/]*$/.test(p));
      if (dotenv) {
        steps.push(fileStep(facts, joinRel(dir, dotenv), 'dotenv', 'if-unset', 'Spring Boot spring.config.import'));
        texts.push(`${joinRel(dir, dotenv)} via spring.config.import (the environment wins)`);
      }
      if (winner.ref.default !== undefined)
        steps.push({
          source: `the default in ${winner.location?.path ?? prop}`,
          loader: `\${${keyVar}:…}`,
          mode: 'if-unset',
          assignments: [as(winner, keyVar, `the default of \${${keyVar}:…}`)],
          emptyCountsAsSet: true,
        });
      texts.push(`${prop} = \${${keyVar}} from ${winner.location?.path ?? 'the file'}`);
      const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
      pushAll(
        steps,
        unloadedSteps(
          facts,
          loaded,
          (rel) =>
            `Spring Boot reads no dotenv file unless spring.config.import names it (optional:file:${rel.slice(dir ? dir.length + 1 : 0)}[.properties]), so ${rel} is not read`,
          dir,
        ),
      );
    }
    const main = files.find((f) => f.role === 'application') ?? files[0];
    out.push(
      finish(
        facts,
        {
          id: `spring:${dir || '.'}`,
          kind: 'spring',
          label: `Spring Boot app${dir ? ` in ${dir}` : ''} (${main?.path ?? 'application.yml'})`,
          location: winner?.location ? { ...winner.location } : { path: main?.path ?? '' },
          loading: texts.join(', then '),
          steps,
          names: [prop],
          dialect: 'dotenv',
        },
        keyVar,
      ),
    );
  }
  return out;
}

// --- the LiteLLM proxy ----------------------------------------------------------------------------

const OPENAI_MODEL =
  /^(openai\/|azure\/|text-completion-openai\/|gpt-|o\d|chatgpt|text-embedding|dall-e|whisper|tts-)/i;

export function litellmTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const f of storeFiles(facts, 'litellm')) {
    const models = new Map<string, Map<string, StoreEntry>>();
    for (const e of f.entries) {
      const i = e.path[1] ?? '';
      const m = models.get(i) ?? new Map<string, StoreEntry>();
      m.set(e.path[e.path.length - 1] ?? '', e);
      models.set(i, m);
    }
    const pick = [...models.values()].find((m) => OPENAI_MODEL.test(m.get('model')?.value ?? ''));
    if (!pick) continue;
    const azure = /^azure\//i.test(pick.get('model')?.value ?? '');
    const apiKey = pick.get('api_key');
    const steps: LoadStep[] = [environmentStep(facts)];
    let keyVar = azure ? 'AZURE_API_KEY' : 'OPENAI_API_KEY';
    const name = pick.get('model_name')?.value ?? pick.get('model')?.value ?? 'the model';
    let how = `no api_key: LiteLLM reads ${keyVar}`;
    if (apiKey?.ref) {
      keyVar = apiKey.ref.name;
      how = `api_key: os.environ/${keyVar} at ${f.path}:${apiKey.location?.line ?? ''}`;
    } else if (apiKey) {
      keyVar = `api_key of ${name} (${f.path})`;
      how = `api_key written in ${f.path}:${apiKey.location?.line ?? ''}`;
      steps.push({ source: f.path, loader: 'the LiteLLM proxy', mode: 'override', assignments: [as(apiKey, keyVar)] });
    }
    // litellm runs load_dotenv() on import unless LITELLM_MODE=PRODUCTION (a .env found from the config's folder up)
    const dir = f.dir ?? '';
    const env = findDotenvUp(facts, dir);
    const production = (facts.env.LITELLM_MODE ?? '') === 'PRODUCTION';
    if (env)
      steps.splice(
        1,
        0,
        fileStep(
          facts,
          env,
          'python',
          'if-unset',
          'litellm (load_dotenv() on import)',
          production ? { loaded: false, reason: 'LITELLM_MODE=PRODUCTION: litellm loads no .env' } : {},
        ),
      );
    // started here (a Makefile, script, Procfile or package.json runs litellm with it): its key must be here; else it comes with its deployment
    const launched =
      f.detail?.startedBy !== undefined || (facts.launches ?? []).some((l) => /(^|[\s/])litellm(\s|$)/.test(l.command));
    const external = launched
      ? undefined
      : `the environment the LiteLLM proxy is deployed with (${f.detail?.deployedBy ?? 'no script here starts litellm'})`;
    out.push(
      finish(
        facts,
        {
          id: `litellm:${f.path}`,
          kind: 'litellm-proxy',
          label: `litellm --config ${f.path}`,
          location: { path: f.path, ...(apiKey?.location?.line ? { line: apiKey.location.line } : {}) },
          loading: `shell env${env && !production ? `, then ${env} via litellm's load_dotenv() (no override)` : ''}; model ${name}: ${how}`,
          steps,
          dialect: 'python',
          ...(azure ? {} : {}),
        },
        keyVar,
        external,
      ),
    );
  }
  return out;
}

function findDotenvUp(facts: Facts, dir: string): string | undefined {
  let d = dir;
  for (;;) {
    const c = joinRel(d, '.env');
    if (fileExists(facts, c)) return c;
    if (d === '') return undefined;
    d = dirOf(d);
  }
}

// --- .NET -----------------------------------------------------------------------------------------

/** The environment a .NET app runs in: ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT, else the first launch profile's, else Production. */
function dotnetEnvironment(facts: Facts, project: StoreFile): { name: string; from: string } {
  for (const n of ['ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT']) {
    const v = facts.env[n];
    if (v) return { name: v, from: `${n} in the shell` };
  }
  const ls = project.detail?.launchEnvironment;
  if (ls) return { name: ls, from: `${project.detail?.launchSettings ?? 'launchSettings.json'} (dotnet run)` };
  return { name: 'Production', from: 'the default' };
}

export function dotnetTargets(facts: Facts): Target[] {
  const out: Target[] = [];
  for (const p of storeFiles(facts, 'dotnet-project')) {
    const dir = p.dir ?? '';
    const settings = storeFiles(facts, 'dotnet').filter((s) => (s.dir ?? '') === dir);
    const secrets = (facts.stores ?? []).find(
      (s) =>
        s.store === 'dotnet-user-secrets' &&
        s.dir === dir &&
        p.detail?.userSecretsId &&
        s.path.includes(p.detail.userSecretsId),
    );
    const all = [...settings, ...(secrets ? [secrets] : [])].flatMap((s) => s.entries);
    const keyEntry = all.find((e) => isOpenAIKeyPath(e.name.split(':')));
    if (!keyEntry) continue;
    const key = keyEntry.name;
    const lower = key.toLowerCase();
    const rename = (e: StoreEntry): Assignment => (e.name.toLowerCase() === lower ? as(e, key) : e);
    const envName = dotnetEnvironment(facts, p);
    const steps: LoadStep[] = [environmentStep(facts)];
    const fromEnv = mappedEnv(
      facts,
      key,
      (n) => (n.replace(/__/g, ':').toLowerCase() === lower ? key : undefined),
      `${key.replace(/:/g, '__')} is ${key}`,
    );
    if (fromEnv.length)
      steps.push({
        source: 'the shell environment',
        loader: '.NET configuration (environment variables beat the files)',
        mode: 'base',
        assignments: fromEnv,
      });
    // DotNetEnv: Env.Load() puts .env into the environment (replacing what is there); after the builder has read the environment, too late
    const dotenvRel = joinRel(dir, '.env');
    const envLoad = p.detail?.envLoad;
    const late =
      envLoad !== undefined &&
      p.detail?.builder !== undefined &&
      Number(envLoad.split(':').pop()) > Number(p.detail.builder.split(':').pop());
    const dotenvAssignments = fileAssignments(facts, dotenvRel, 'dotenv').map((a) =>
      a.name.replace(/__/g, ':').toLowerCase() === lower ? as(a, key) : a,
    );
    if (envLoad && fileExists(facts, dotenvRel) && !late)
      steps.push({
        source: dotenvRel,
        loader: `DotNetEnv Env.Load() at ${envLoad}`,
        mode: p.detail?.envNoClobber ? 'if-unset' : 'override',
        assignments: dotenvAssignments,
        environment: true,
        file: dotenvRel,
      });
    const order = (s: StoreFile) => (s.role === 'appsettings' ? 0 : 1);
    const texts = ['shell env (`__` for `:`; beats the files)'];
    for (const s of [...settings].sort((a, b) => order(a) - order(b))) {
      const envOf = s.role.startsWith('appsettings.') ? s.role.slice('appsettings.'.length) : undefined;
      const on = envOf === undefined || envOf.toLowerCase() === envName.name.toLowerCase();
      steps.push({
        source: s.path,
        loader: '.NET configuration',
        mode: 'files-override',
        assignments: s.entries.map(rename),
        ...(on
          ? {}
          : {
              loaded: false,
              reason: `${s.path} is read only in the ${envOf ?? ''} environment (this is ${envName.name}, from ${envName.from})`,
            }),
      });
      if (on) texts.push(s.path);
    }
    if (secrets) {
      const dev = envName.name.toLowerCase() === 'development';
      steps.push({
        source: secrets.path,
        loader: '.NET user-secrets',
        mode: 'files-override',
        assignments: secrets.entries.map(rename),
        ...(dev
          ? {}
          : {
              loaded: false,
              reason: `user-secrets are read only in the Development environment (this is ${envName.name}, from ${envName.from})`,
            }),
      });
      if (dev) texts.push(`${secrets.path} (user-secrets)`);
    }
    if (late && fileExists(facts, dotenvRel)) {
      steps.push({
        source: dotenvRel,
        loader: 'DotNetEnv',
        mode: 'if-unset',
        assignments: dotenvAssignments,
        file: dotenvRel,
      });
      texts.push(
        `${dotenvRel} via DotNetEnv at ${envLoad ?? ''}, after the builder at ${p.detail?.builder ?? ''} read the environment (too late)`,
      );
    } else if (envLoad && fileExists(facts, dotenvRel))
      texts.splice(1, 0, `${dotenvRel} via DotNetEnv at ${envLoad} (replaces the shell's)`);
    const loaded = new Set(steps.filter((s) => s.file && s.loaded !== false).map((s) => s.file as string));
    pushAll(
      steps,
      unloadedSteps(
        facts,
        loaded,
        (rel) =>
          `.NET reads no dotenv file by itself (the DotNetEnv package's Env.Load() would put ${rel} into the environment)`,
        dir,
      ),
    );
    const t = finish(
      facts,
      {
        id: `dotnet:${p.path}`,
        kind: 'dotnet',
        label: `dotnet run (${p.path}, ${envName.name})`,
        location: { path: p.path },
        loading: `${texts.join(', then ')} (later files win)`,
        steps,
        names: [key],
        dialect: 'dotenv',
      },
      key,
    );
    if (late) {
      // the .env value loses because it arrives after the configuration read the environment
      for (const c of t.vars[key]?.chain ?? []) {
        if (c.loader !== 'DotNetEnv' || c.status !== 'lost') continue;
        c.reason = `DotNetEnv's Env.Load() at ${envLoad ?? ''} runs after the builder at ${p.detail?.builder ?? ''} has read the environment, so ${key} comes from ${c.by?.location?.path ?? 'the settings files'}`;
        c.hint = `Call Env.Load() before the builder is created (move ${envLoad ?? 'it'} above ${p.detail?.builder ?? 'WebApplication.CreateBuilder'}), then remove the stale key from ${c.by?.location?.path ?? 'the settings file'}${c.by?.location?.line ? ` (line ${c.by.location.line})` : ''}.`;
      }
    }
    out.push(t);
  }
  return out;
}

/** Every store target. */
export function storeTargets(facts: Facts): Target[] {
  if (!facts.stores?.length) return [];
  return [...springTargets(facts), ...dotnetTargets(facts), ...litellmTargets(facts)];
}
