/**
 * live-invalid-key: its catalog entry, the rules that read it from an API answer (src/live/classify.ts runs
 * every family's rules in the order of ./index.ts), and the check that reports it from the live step.
 */
import type { FindingMeta } from '../types.js';
import { parseMaskedKey, echoFindings, describeMask } from '../../live/answer.js';
import type { AnswerRule } from '../../live/answer.js';
import { pushAll } from '../../core/arrays.js';
import { liveCheck } from './_lib/live-check.js';

export const meta: FindingMeta = {
  id: 'live-invalid-key',
  title: 'OpenAI rejects the key (invalid_api_key)',
  severity: 'error',
  area: 'live',
  docs: {
    what: 'HTTP 401 with code `invalid_api_key` ("Incorrect API key provided: sk-abc12***...wxyz"). OpenAI echoes the first 8 and last 4 characters of the key it received and masks the rest, so the mask has the key\'s length.',
    why: 'The key is wrong, was revoked or deleted, or was disabled automatically after it leaked (OpenAI emails "API Key Disabled"). OpenAI gives the same answer for all of these. Often the key is right in one place but the app reads another (an old export in a shell profile, an IDE launch configuration).',
    fix: 'Compare the echoed first 8 / last 4 characters with your keys at https://platform.openai.com/api-keys and with the values keydoctor found on this machine. If the key is not listed, create a new one and put it where the app really reads it; search your git history for the old one.',
  },
};

export const rules = {
  /** OpenAI-compatible providers behind the base URL (the OpenAI SDK pointed elsewhere). */
  compatibleProvider: {
    name: 'DeepSeek or OpenRouter rejects the key',
    match({ message, said, finding }) {
      const deepseek = /Authentication Fails,? Your api key:? ?(\S{0,80}) is invalid/i.exec(message);
      if (!deepseek && !/Missing Authentication header or invalid API key/i.test(message)) return undefined;
      const provider = deepseek ? 'DeepSeek' : 'OpenRouter';
      const tail = (deepseek?.[1] ?? '').replace(/^\*+/, '');
      return [
        finding({
          id: 'live-invalid-key',
          message: `${provider} (not OpenAI: the base URL points there) rejected the key${tail ? ` ending in ${tail}` : ''}. It needs a ${provider} key; an OpenAI key, an empty value or a revoked ${provider} key all fail this way.${said}`,
          data: { provider: provider.toLowerCase() },
          fix: {
            summary: `Put a valid ${provider} key in the variable the client reads, or remove the base URL override to talk to OpenAI.`,
          },
        }),
      ];
    },
  },
  invalidKey: {
    name: 'OpenAI invalid_api_key',
    match({ message, lc, finding }) {
      if (
        lc !== 'invalid_api_key' &&
        !/Incorrect API key provided|Invalid API key|invalid_api_key|Invalid Authentication|API key (?:is )?(?:invalid|not valid)/i.test(
          message,
        )
      )
        return undefined;
      const mask = parseMaskedKey(message);
      const echo = mask ? echoFindings(mask) : [];
      const what = mask ? ` The key it received: ${describeMask(mask)}.` : '';
      const out = [
        finding({
          id: 'live-invalid-key',
          message: echo.length
            ? `OpenAI does not accept the key it received (401 invalid_api_key): ${mask ? describeMask(mask) : 'the value'} is not an OpenAI key at all (see ${[...new Set(echo.map((f) => f.id))].join(', ')}).`
            : `OpenAI does not accept this key (401 invalid_api_key): it is wrong, revoked, deleted, or disabled after a leak.${what}`,
          data: mask ? { maskedKey: { prefix: mask.prefix, suffix: mask.suffix, length: mask.length } } : {},
          fix: echo.length
            ? {
                summary:
                  'Fix the value as the finding named above says; a correct OpenAI key (https://platform.openai.com/api-keys) starts with sk- and carries no brackets, quotes or spaces.',
              }
            : {
                summary:
                  'Compare the key\'s first 8 / last 4 characters with https://platform.openai.com/api-keys; if it is not listed, create a new key (check your email for "API Key Disabled") and put it where the app reads it.',
              },
        }),
      ];
      pushAll(out, echo);
      return out;
    },
  },
} satisfies Record<string, AnswerRule>;

export const check = liveCheck(meta);
