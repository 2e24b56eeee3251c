import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../../src/checks/exposure/key-in-git-history.js';
import { testCheck } from '../../helpers/check-tester.js';
import { hit, withHits } from './hits.js';

describe('key-in-git-history', () => {
  const old = hit('app.py', { commit: 'a'.repeat(40), author: 'Ada', date: '2025-01-02T10:00:00Z' });
  testCheck(
    check,
    {
      bad: [
        {
          name: 'a removed key',
          facts: withHits([], {}, [old]),
          count: 1,
          expect: (f) => {
            assert.match(f[0]?.message ?? '', /aaaaaaaaaaaa \(Ada, 2025-01-02\)/);
            assert.match(f[0]?.message ?? '', /no longer in the working tree/);
            assert.match(f[0]?.fix?.summary ?? '', /^Rotate .* first.*filter-repo/);
            assert.equal(f[0]?.data?.commit, 'a'.repeat(40));
          },
        },
        {
          name: 'still in the tree',
          facts: withHits([hit('app.py')], {}, [old]),
          expect: (f) => assert.match(f[0]?.message ?? '', /still in the working tree/),
        },
      ],
      good: [
        { name: 'no history scan', facts: withHits([hit('app.py')]) },
        { name: 'history scanned, nothing found', facts: withHits([], {}, []) },
      ],
    },
    it,
  );
});
