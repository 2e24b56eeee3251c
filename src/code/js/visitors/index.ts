/** The JavaScript/TypeScript visitors, one per concern, in the order they see each node. */
import type { JsVisitor } from '../context.js';
import { calls } from './calls.js';
import { clients } from './clients.js';
import { dotenv } from './dotenv.js';
import { env } from './env.js';
import { imports } from './imports.js';
import { models } from './models.js';

export const VISITORS: readonly JsVisitor[] = [imports, dotenv, env, models, calls, clients];
