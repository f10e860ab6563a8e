/**
 * The trace index (common/src/trace/traceIndex.ts): the fast line scanner reads what JSON.parse
 * reads for every kind of event the simulator writes, and the structured filters select exactly
 * the events a plain predicate over the parsed events selects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiLabel, compileFilter, IntList, nblOf, scanEvent, scanLine, splitLines, statusLabel, TraceIndex } from '../../../common/src/trace/traceIndex';
import type { TraceEventData, TraceFilter } from '../../../common/src/traceProtocol';
import { scenario, traceLines } from './helpers';

const demo = traceLines();
const leak = traceLines(scenario('faults/leaked-nbl.yaml'), 'leaked-nbl.yaml');
const double = traceLines(scenario('faults/double-complete.yaml'), 'double-complete.yaml');
const all = [...demo.lines, ...leak.lines, ...double.lines];

describe('scanLine', () => {
  it('reads the indexed fields of every line like JSON.parse does', () => {
    let scanned = 0;
    for (const line of all) {
      const e = JSON.parse(line) as TraceEventData;
      const s = scanLine(line);
      if (!s) {
        assert.equal(e.kind, 'bugcheck', `only bug checks are left to JSON.parse: ${line}`);
        continue;
      }
      scanned++;
      assert.deepEqual({ ...s }, { ...scanEvent(e) }, line);
    }
    assert.ok(scanned > all.length - 3, `${scanned} of ${all.length} lines scanned`);
  });

  it('leaves lines of other writers to JSON.parse', () => {
    assert.equal(scanLine('{"kind":"call","seq":1,"t":0,"host":"h","component":"c","api":"X"}'), undefined);
    assert.equal(scanLine('{"seq":1,"t":0,"kind":"call","host":"h\\"x","component":"c","api":"X"}'), undefined);
    assert.equal(scanLine('not json'), undefined);
  });

  it('labels: return status from out.status, NBL from args/out, wire hops', () => {
    assert.equal(statusLabel({ seq: 1, t: 0, kind: 'return', host: 'h', component: 'c', out: { status: 'NDIS_STATUS_FAILURE' } }), 'NDIS_STATUS_FAILURE');
    assert.equal(nblOf({ seq: 1, t: 0, kind: 'call', host: 'h', component: 'c', args: { nbl: 12 } }), 12);
    assert.equal(nblOf({ seq: 1, t: 0, kind: 'packet', host: 'h', component: 'c', nbl: null }), -2);
    assert.equal(apiLabel({ seq: 1, t: 0, kind: 'bugcheck', host: 'h', component: 'c', code: '0x7C', name: 'N' }), '0x7C N');
  });
});

describe('filters', () => {
  const events = all.map((l) => JSON.parse(l) as TraceEventData);
  const ix = new TraceIndex();
  for (const line of all) {
    const s = scanLine(line);
    if (s) ix.addScanned(s);
    else ix.add(JSON.parse(line) as TraceEventData);
  }
  const reference = (f: TraceFilter, e: TraceEventData): boolean =>
    (!f.kinds?.length || f.kinds.includes(e.kind)) && (!f.host || e.host === f.host) &&
    (!f.component || e.component === f.component || (e.kind === 'packet' && (e.to === f.component || e.from === f.component))) &&
    (!f.api || (apiLabel(e) ?? '').toLowerCase().includes(f.api.toLowerCase())) &&
    (!f.status || (statusLabel(e) ?? '').toLowerCase().includes(f.status.toLowerCase())) && (f.nbl === undefined || nblOf(e) === f.nbl);
  const cases: TraceFilter[] = [
    { kinds: ['packet'] }, { kinds: ['call', 'return'], host: 'bob' }, { component: 'filter:TINYLWF@eth0' }, { api: 'oid' }, { status: 'pending' },
    { status: 'FAILURE', kinds: ['return'] }, { nbl: 5 }, { kinds: ['violation', 'bugcheck'] }, { api: 'send', component: 'miniport:eth0' },
  ];
  for (const f of cases) {
    it(`${JSON.stringify(f)} selects what a predicate over the parsed events selects`, () => {
      const c = compileFilter(f, ix);
      const got = events.map((_, i) => i).filter((i) => c.test(i));
      const want = events.map((e, i) => (reference(f, e) ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(got, want);
      assert.ok(want.length > 0 || f.status === 'pending', `the case selects something: ${JSON.stringify(f)}`);
    });
  }

  it('an empty filter is the whole trace; a text filter needs the lines', () => {
    assert.equal(compileFilter({}, ix).all, true);
    const t = compileFilter({ text: '  Echo ' }, ix);
    assert.equal(t.all, false);
    assert.equal(t.text, 'echo');
  });

  it('counts, frames, violations and bug checks are kept by kind', () => {
    assert.equal(ix.count, all.length);
    assert.equal(ix.counts.bugcheck, 1);
    assert.equal(ix.violations.length, events.filter((e) => e.kind === 'violation').length);
    assert.ok(ix.violations.length >= 1, 'the double-complete fault reports a violation');
    assert.equal(ix.frameEvents.length, events.filter((e) => e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate')).length);
  });

  it('holds 15 bytes per event, however many there are', () => {
    const big = new TraceIndex();
    const line = demo.lines.find((l) => l.includes('"kind":"packet"'))!;
    for (let i = 0; i < 300_000; i++) big.addScanned(scanLine(line)!);
    const perEvent = big.bytes / big.count;
    assert.ok(perEvent <= 15 * 1.25, `${perEvent.toFixed(1)} bytes per event`);
  });
});

describe('IntList and splitLines', () => {
  it('IntList grows past a chunk and searches', () => {
    const l = new IntList();
    for (let i = 0; i < 200_000; i++) l.push(i * 3);
    assert.equal(l.length, 200_000);
    assert.equal(l.get(150_000), 450_000);
    assert.equal(l.indexOf(450_000), 150_000);
    assert.equal(l.indexOf(450_001), -1);
    assert.equal(l.lowerBound(4), 2);
  });

  it('splitLines drops empty lines and carriage returns', () => {
    assert.deepEqual(splitLines('a\r\n\nb\n  \nc'), ['a', 'b', 'c']);
    assert.deepEqual(splitLines(''), []);
  });
});
