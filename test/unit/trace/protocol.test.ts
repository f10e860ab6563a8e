/**
 * The host side of the viewer protocol (common/src/trace/session.ts) over an in-memory store: the
 * ready handshake, views and windows, live growth in batches, finding violations, NBL journeys,
 * topology, frames — and that no message ever carries more than its bound of events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceSession, type FrameStore } from '../../../common/src/trace/session';
import { isWebviewMessage, MAX_JOURNEY, MAX_TAIL, MAX_WINDOW, type HostToWebview, type WireEvent } from '../../../common/src/traceProtocol';
import { recordingPort, scenario, traceLines } from './helpers';

function session(lines: string[], opts: { frames?: FrameStore; maxEvents?: number } = {}) {
  const port = recordingPort();
  const store: string[] = [];
  const s = new TraceSession({ title: 't', origin: 'file', exports: ['jsonl', 'pcapng'], port, store: { read: async (a, b) => store.slice(a, b) }, ...opts });
  const feed = (chunk: string[]): void => {
    store.push(...chunk);
    s.ingest(chunk);
  };
  feed(lines);
  return { s, port, feed, store };
}

/** Every event any message carries. */
function eventsIn(m: HostToWebview): number {
  if (m.type === 'window' || m.type === 'journey') return m.events.length;
  if (m.type === 'grew') return m.tail.length;
  return m.type === 'init' || m.type === 'bugcheck' ? 1 : 0;
}

const demo = traceLines().lines;

describe('the viewer protocol', () => {
  it('answers ready with init: the title, the total, the components; then the whole-trace view', async () => {
    const { s, port } = session(demo);
    await s.handle({ type: 'ready' });
    const init = port.of('init')[0]!;
    assert.equal(init.meta.total, 970);
    assert.ok(init.meta.components.some((c) => c.host === 'bob' && c.component === 'filter:TINYLWF@eth0'));
    assert.deepEqual(init.meta.exports, ['jsonl'], 'no pcapng export without frames');
    await s.handle({ type: 'setFilter', viewId: 1, filter: {} });
    assert.deepEqual(port.of('view').at(-1), { type: 'view', viewId: 1, rows: 970, done: true });
  });

  it('windows are the rows asked for, at most MAX_WINDOW, and stale views get nothing', async () => {
    const { s, port } = session(demo);
    await s.handle({ type: 'setFilter', viewId: 1, filter: {} });
    await s.handle({ type: 'getWindow', requestId: 7, viewId: 1, start: 100, count: 5 });
    const w = port.of('window')[0]!;
    assert.equal(w.requestId, 7);
    assert.deepEqual(w.events.map((e) => e.seq), [101, 102, 103, 104, 105]);
    assert.deepEqual(w.events.map((e) => e.i), [100, 101, 102, 103, 104]);
    await s.handle({ type: 'getWindow', requestId: 8, viewId: 1, start: 0, count: 100_000 });
    assert.equal(port.of('window')[1]!.events.length, MAX_WINDOW);
    await s.handle({ type: 'getWindow', requestId: 9, viewId: 0, start: 0, count: 10 });
    assert.equal(port.of('window')[2]!.events.length, 0, 'a window of an old view is empty');
  });

  it('a filter view maps rows to events; text filters read the lines', async () => {
    const { s, port } = session(demo);
    await s.handle({ type: 'setFilter', viewId: 2, filter: { kinds: ['packet'], text: 'ECHO REPLY' } });
    const done = port.of('view').find((v) => v.done)!;
    assert.ok(done.rows > 0 && done.rows < 100, `${done.rows} rows`);
    await s.handle({ type: 'getWindow', requestId: 1, viewId: 2, start: 0, count: MAX_WINDOW });
    const events = port.of('window')[0]!.events;
    assert.equal(events.length, done.rows);
    assert.ok(events.every((e) => e.kind === 'packet' && /echo reply/.test(e.summary ?? '')));
    // rowOf: an event of the view, and one outside it
    await s.handle({ type: 'rowOf', requestId: 3, viewId: 2, i: events[2]!.i });
    await s.handle({ type: 'rowOf', requestId: 4, viewId: 2, i: 0 });
    assert.deepEqual(port.of('found').map((f) => f.row), [2, -1]);
  });

  it('live growth: filtered views follow the new events; grew carries at most MAX_TAIL rows', async () => {
    const long = traceLines(scenario('events.yaml'), 'events.yaml').lines;
    const { s, port, feed } = session(long.slice(0, 100));
    await s.handle({ type: 'ready' });
    await s.handle({ type: 'setFilter', viewId: 1, filter: { kinds: ['state'] } });
    for (let k = 100; k < long.length; k += 700) {
      feed(long.slice(k, k + 700));
      s.flush();
    }
    const grew = port.of('grew');
    assert.ok(grew.length >= 2, `${grew.length} grew messages`);
    const last = grew.at(-1)!;
    assert.equal(last.meta.total, long.length);
    const states = long.filter((l) => l.includes('"kind":"state"')).length;
    assert.equal(last.rows, states, 'the view has every state event');
    assert.ok(grew.every((g) => g.tail.length <= MAX_TAIL));
    assert.ok(last.tail.every((e) => e.kind === 'state'));
    assert.equal(last.tailStart + last.tail.length, last.rows, 'the tail ends at the last row');
  });

  it('finds the next violation and the bug check; follows an NBL', async () => {
    const double = traceLines(scenario('faults/double-complete.yaml'), 'double-complete.yaml').lines;
    const { s, port } = session(double);
    await s.handle({ type: 'setFilter', viewId: 1, filter: {} });
    await s.handle({ type: 'find', requestId: 1, viewId: 1, fromRow: -1, direction: 1, kind: 'violation' });
    const f = port.of('found')[0]!;
    assert.ok(f.row >= 0);
    assert.match(double[f.row]!, /"kind":"violation"/);
    await s.handle({ type: 'find', requestId: 2, viewId: 1, fromRow: f.row, direction: -1, kind: 'violation' });
    assert.equal(port.of('found')[1]!.row, -1, 'no earlier violation');
    const nbl = Number(/"nbl":(\d+)/.exec(double.find((l) => l.includes('"hop":"send"'))!)![1]);
    await s.handle({ type: 'journey', requestId: 3, nbl });
    const j = port.of('journey')[0]!;
    assert.ok(j.events.length >= 3 && j.events.length <= MAX_JOURNEY);
    assert.ok(j.events.every((e: WireEvent) => e.nbl === nbl || e.args?.nbl === nbl || e.out?.nbl === nbl));
    assert.ok(j.events.every((e, k) => k === 0 || e.i > j.events[k - 1]!.i), 'in trace order');
  });

  it('a bug check is announced at once and with init', async () => {
    const leak = traceLines(scenario('faults/leaked-nbl.yaml'), 'leaked-nbl.yaml').lines;
    const { s, port } = session(leak);
    assert.equal(port.of('bugcheck').length, 1);
    assert.equal(port.of('bugcheck')[0]!.event.code, '0x7C');
    await s.handle({ type: 'ready' });
    assert.equal(port.of('init')[0]!.bugcheck?.name, 'NDIS_BUGCHECK_LEAKED_NBL');
  });

  it('topology: at the end, when the most was up, and after a given event', async () => {
    const { s, port } = session(demo);
    await s.handle({ type: 'getTopology', requestId: 1 });
    await s.handle({ type: 'getTopology', requestId: 2, at: 'running' });
    await s.handle({ type: 'getTopology', requestId: 3, at: 10 });
    const [end, peak, early] = port.of('topology');
    const eth0 = (t: typeof end, host: string) => t!.topology.hosts.find((h) => h.name === host)!.adapters.find((a) => a.name === 'eth0');
    assert.equal(eth0(end, 'alice')!.state, 'Halted', 'torn down at the end');
    assert.equal(eth0(peak, 'alice')!.state, 'Running');
    assert.deepEqual(eth0(peak, 'alice')!.filters.map((f) => [f.name, f.state]), [['TINYLWF@eth0', 'Running']]);
    assert.deepEqual(eth0(peak, 'alice')!.bindings.map((b) => [b.protocol, b.state]), [['TINYIP', 'Running']]);
    assert.deepEqual(eth0(peak, 'bob')!.wires, ['w0'], 'cabling is known from the whole trace');
    assert.equal(eth0(early, 'alice')!.state, 'Initializing');
    assert.equal(early!.at, 10);
    assert.equal(eth0(peak, 'alice')!.ifIndex, 14);
  });

  it('frames: by ordinal of the send and indicate hops; a reason when there are none', async () => {
    const got: number[] = [];
    const frames: FrameStore = { frame: async (k) => { got.push(k); return Uint8Array.of(k); } };
    const { s, port } = session(demo, { frames });
    const hops = demo.map((l, i) => ({ l, i })).filter(({ l }) => /"hop":"(send|indicate)"/.test(l));
    await s.handle({ type: 'getFrame', requestId: 1, i: hops[3]!.i });
    assert.deepEqual(got, [3]);
    assert.deepEqual([...port.of('frame')[0]!.frame!], [3]);
    const complete = demo.findIndex((l) => l.includes('"hop":"send-complete"'));
    await s.handle({ type: 'getFrame', requestId: 2, i: complete });
    assert.match(port.of('frame')[1]!.reason!, /only send and indicate/);
    assert.ok(port.of('frame')[1]!.frame === undefined);
  });

  it('never sends the whole history: a 20,000-event trace moves in bounded messages', async () => {
    const big = traceLines(scenario('events.yaml'), 'events.yaml').lines;
    const lines: string[] = [];
    while (lines.length < 20_000) lines.push(...big);
    const { s, port } = session(lines.slice(0, 20_000));
    await s.handle({ type: 'ready' });
    await s.handle({ type: 'setFilter', viewId: 1, filter: {} });
    for (let r = 0; r < 20_000; r += 4000) await s.handle({ type: 'getWindow', requestId: r, viewId: 1, start: r, count: 100_000 });
    s.flush();
    const max = Math.max(...port.messages.map(eventsIn));
    assert.ok(max <= MAX_WINDOW, `largest message: ${max} events`);
  });

  it('caps the index and says so', async () => {
    const { s, port } = session(demo, { maxEvents: 500 });
    await s.handle({ type: 'ready' });
    assert.equal(port.of('init')[0]!.meta.total, 500);
    assert.equal(port.of('init')[0]!.meta.truncatedAt, 500);
  });

  it('checks message shapes from the webview', () => {
    assert.equal(isWebviewMessage({ type: 'getWindow', requestId: 1 }), true);
    assert.equal(isWebviewMessage({ type: 'rm -rf' }), false);
    assert.equal(isWebviewMessage('ready'), false);
    assert.equal(isWebviewMessage(null), false);
  });
});
