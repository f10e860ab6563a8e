/** The deterministic core: seeded PRNG, the event queue on the virtual clock, budgets, units. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BudgetExceeded } from '../../../simulator/src/engine/budget';
import { Prng } from '../../../simulator/src/engine/prng';
import { Scheduler } from '../../../simulator/src/engine/scheduler';
import { formatDuration, formatTimestamp, parseDuration, parseRate } from '../../../simulator/src/engine/units';
import { Tracer } from '../../../simulator/src/trace/tracer';

describe('engine: mulberry32', () => {
  it('gives the reference sequence for seed 1 and the same sequence for the same seed', () => {
    // mulberry32(1): first outputs as 32-bit integers, from the canonical implementation (bryc).
    const p = new Prng(1);
    assert.deepEqual([p.nextU32(), p.nextU32(), p.nextU32()], [2693262067, 11749833, 2265367787]);
    const a = new Prng(42);
    const b = new Prng(42);
    for (let i = 0; i < 100; i++) assert.equal(a.next(), b.next());
    assert.notEqual(new Prng(1).next(), new Prng(2).next());
  });

  it('keeps int() in range', () => {
    const p = new Prng(7);
    for (let i = 0; i < 1000; i++) {
      const v = p.int(5);
      assert.ok(v >= 0 && v < 5 && Number.isInteger(v));
    }
    assert.equal(p.chance(0), false);
  });
});

describe('engine: scheduler', () => {
  it('dispatches by time, then in insertion order, and advances the clock', () => {
    const s = new Scheduler();
    const seen: string[] = [];
    s.at(20, () => seen.push('b@20'));
    s.at(10, () => seen.push('a@10'));
    s.at(20, () => seen.push('c@20'));
    s.at(10, () => s.after(5, () => seen.push(`d@${s.now}`)));
    while (s.step());
    assert.deepEqual(seen, ['a@10', 'd@15', 'b@20', 'c@20']);
    assert.equal(s.now, 20);
  });

  it('skips cancelled events and never schedules into the past', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    const e = s.at(5, () => seen.push(5));
    s.at(6, () => seen.push(6));
    s.cancel(e);
    assert.equal(s.pending, 1);
    while (s.step());
    s.at(1, () => seen.push(s.now));
    s.step();
    assert.deepEqual(seen, [6, 6]);
  });

  it('stops with BudgetExceeded past the virtual-time budget', () => {
    const s = new Scheduler(100);
    s.at(50, () => undefined);
    s.at(150, () => undefined);
    assert.equal(s.step(), true);
    assert.throws(() => s.step(), (e: unknown) => e instanceof BudgetExceeded && e.kind === 'virtual-time' && /virtual-time budget of 100ns/.test(e.message));
  });

  it('stops with BudgetExceeded when the wall-clock budget is spent', () => {
    const s = new Scheduler(Number.MAX_SAFE_INTEGER, 0);
    const loop = (): void => void s.after(1, loop);
    loop();
    assert.throws(() => {
      for (;;) s.step();
    }, (e: unknown) => e instanceof BudgetExceeded && e.kind === 'wall-time');
  });

  it('the tracer enforces the event budget', () => {
    const t = new Tracer(() => 0, 3);
    t.log('h', 'ndis', 'info', 'a');
    t.log('h', 'ndis', 'info', 'b');
    t.log('h', 'ndis', 'info', 'c');
    assert.throws(() => t.log('h', 'ndis', 'info', 'd'), (e: unknown) => e instanceof BudgetExceeded && e.kind === 'events' && e.limit === 3);
    assert.equal(t.events, 3);
  });
});

describe('engine: units', () => {
  it('parses durations and rates', () => {
    assert.equal(parseDuration('10us'), 10_000);
    assert.equal(parseDuration('1.5ms'), 1_500_000);
    assert.equal(parseDuration(' 2 s '), 2e9);
    assert.equal(parseDuration(42), 42);
    assert.equal(parseDuration('10 parsecs'), undefined);
    assert.equal(parseDuration(-1), undefined);
    assert.equal(parseRate('1Gbps'), 1e9);
    assert.equal(parseRate('100mbps'), 1e8);
    assert.equal(parseRate('fast'), undefined);
  });

  it('formats durations and timestamps', () => {
    assert.equal(formatDuration(1_500_000), '1.5ms');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(250), '250ns');
    assert.equal(formatTimestamp(1_000_000_042), '1.000000042');
  });
});
