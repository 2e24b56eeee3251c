import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keysByTrackedFile } from '../../src/scan/limits.js';
import { hit } from '../checks/exposure/hits.js';

describe('keysByTrackedFile', () => {
  it('the keys of tracked files, by file; untracked files and files with an encoded key are left out', () => {
    const a1 = hit('a.py');
    const a2 = hit('a.py', { line: 9 });
    const m = keysByTrackedFile(
      [a1, a2, hit('untracked.py'), hit('k8s/secret.yaml', { encoding: 'base64' }), hit('k8s/secret.yaml')],
      new Set(['a.py', 'k8s/secret.yaml']),
    );
    assert.deepEqual([...m.keys()], ['a.py']);
    assert.deepEqual(m.get('a.py'), [a1.secret, a2.secret]);
  });
});
