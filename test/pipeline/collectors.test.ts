/**
 * How collectFacts runs the collectors: concurrently, each after those it `needs`, then the
 * publishers they hand back in the list's order (so a collector whose work ends on the thread pool
 * writes its facts and notes at the same place on every run).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectFacts } from '../../src/pipeline/diagnose.js';
import type { Collector } from '../../src/collect/collector.js';
import { COLLECTORS } from '../../src/pipeline/collectors.js';
import { tempProject, type TempProject } from '../helpers/project.js';

const made: TempProject[] = [];
after(() => {
  for (const p of made) p.cleanup();
});

const note = (message: string) => ({ kind: 'info' as const, message });

describe('collectFacts: the collectors', () => {
  it('starts a collector after those it needs have finished, and runs the publishers in the list order', async () => {
    const p = tempProject({ 'app.py': 'x = 1\n' });
    made.push(p);
    const seen: string[] = [];
    const slow: Collector = {
      name: 'slow',
      async collect(_ctx, facts) {
        seen.push('slow:start');
        await sleep(30);
        facts.notes.push(note('slow wrote'));
        seen.push('slow:end');
      },
    };
    const reader: Collector = {
      name: 'reader',
      needs: ['slow', 'not-in-the-list'],
      collect(_ctx, facts) {
        seen.push(`reader:${facts.notes.some((n) => n.message === 'slow wrote') ? 'after' : 'before'}`);
      },
    };
    // ends before `late`, but publishes after it: the publishers run in the list's order once every
    // collector is done, after every note written while collecting
    const pool: Collector = {
      name: 'pool',
      async collect(_ctx, facts) {
        await sleep(1);
        return () => facts.notes.push(note('pool published'));
      },
    };
    const late: Collector = {
      name: 'late',
      async collect(_ctx, facts) {
        await sleep(10);
        return () => facts.notes.push(note('late published'));
      },
    };
    const facts = await collectFacts({ root: p.root, home: p.home, env: {}, collectors: [late, slow, pool, reader] });
    assert.deepEqual(seen, ['slow:start', 'slow:end', 'reader:after']);
    const mine = facts.notes.map((n) => n.message).filter((m) => /wrote|published/.test(m));
    assert.deepEqual(mine, ['slow wrote', 'late published', 'pool published']);
  });

  it('a collector or a publisher that throws is a note, and the others still run', async () => {
    const p = tempProject({ 'app.py': 'x = 1\n' });
    made.push(p);
    const bad: Collector = {
      name: 'bad',
      collect() {
        throw new Error('broken');
      },
    };
    const badPublish: Collector = {
      name: 'bad-publish',
      collect() {
        return () => {
          throw new Error('broken too');
        };
      },
    };
    const after: Collector = {
      name: 'after',
      needs: ['bad'],
      collect: (_c, f) => void f.notes.push(note('after ran')),
    };
    const facts = await collectFacts({ root: p.root, home: p.home, env: {}, collectors: [bad, badPublish, after] });
    const messages = facts.notes.map((n) => n.message);
    assert.ok(messages.includes('the bad collector failed: broken'), messages.join('\n'));
    assert.ok(messages.includes('the bad-publish collector failed: broken too'), messages.join('\n'));
    assert.ok(messages.includes('after ran'));
  });

  it("the collectors that read the code's facts need the code collector", () => {
    const names = new Set(COLLECTORS.map((c) => c.name));
    for (const c of COLLECTORS) for (const n of c.needs ?? []) assert.ok(names.has(n), `${c.name} needs ${n}`);
    const needsCode = COLLECTORS.filter((c) => c.needs?.includes('code')).map((c) => c.name);
    assert.deepEqual(needsCode.sort(), ['launchers', 'stores']);
  });
});
