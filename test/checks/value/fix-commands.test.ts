/**
 * The command a value check offers for a key this shell got by hand (no start-up file set it): it
 * is copied from the terminal or the HTML report's Copy button, so it must not ask for the key on
 * the command line, where the shell's history keeps it (key-in-shell-history reports exactly that).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/value/key-placeholder.js';
import { emptyFacts, targetWith } from '../../helpers/check-tester.js';

describe('value checks: the command for a key set by hand in this shell', () => {
  it('reads it at a silent prompt and exports it; nothing to type on the command line', () => {
    const t = targetWith(
      'sk-your-key-here',
      { id: 'shell', kind: 'shell', label: 'this shell' },
      { kind: 'process-env', location: undefined },
    );
    const [finding] = check.run({ facts: emptyFacts(), targets: [t] });
    assert.ok(finding, 'key-placeholder is reported');
    assert.equal(finding.fix?.command, 'IFS= read -rs OPENAI_API_KEY && export OPENAI_API_KEY');
    assert.match(finding.fix?.summary ?? '', /silent prompt/);
  });
});
