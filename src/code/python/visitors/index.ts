/** The Python visitors, one per concern, in the order they see each statement and call. */
import type { PyVisitor } from '../context.js';
import { assign } from './assign.js';
import { calls } from './calls.js';
import { clients } from './clients.js';
import { dotenv } from './dotenv.js';
import { env } from './env.js';
import { imports } from './imports.js';
import { models } from './models.js';
import { settings } from './settings.js';
import { dynaconf } from './dynaconf.js';

export const PY_VISITORS: readonly PyVisitor[] = [
  imports,
  settings,
  assign,
  env,
  models,
  calls,
  dotenv,
  dynaconf,
  clients,
];
