/**
 * A condition's text negated (code/js/guards.ts notText), as the report shows the conditions a
 * client is built under: the else branch of `if http_client is not None:` reads "http_client is
 * None", not "not http_client is not None".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notText } from '../../src/code/js/guards.js';

describe('notText', () => {
  it('flips a comparison of a name with a value', () => {
    assert.equal(notText('http_client is not None'), 'http_client is None');
    assert.equal(notText('self._client is None'), 'self._client is not None');
    assert.equal(notText('provider == "openai"'), 'provider != "openai"');
    assert.equal(notText('mode === prod'), 'mode !== prod');
    assert.equal(notText('mode !== prod'), 'mode === prod');
  });
  it('drops a leading not; brackets a compound; prefixes anything else', () => {
    assert.equal(notText('not ready'), 'ready');
    assert.equal(notText('a == b && c'), 'not (a == b && c)');
    assert.equal(notText('x is not None and y'), 'not (x is not None and y)');
    assert.equal(notText('use_azure()'), 'not use_azure()');
  });
  it('twice is the text itself for the flipped forms', () => {
    for (const t of ['http_client is not None', 'a == "x"', 'a !== b', 'not ready'])
      assert.equal(notText(notText(t)), t);
  });
});
