/**
 * The extension host's side (client/src/trace): the file-backed line store (a live run appends to
 * it, an opened file is indexed in chunks; memory holds offsets and a bounded block cache), pcapng
 * frames by ordinal, and a TraceHost running a scenario in a worker thread and streaming its trace.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FileLineStore } from '../../../client/src/trace/fileStore';
import { PcapngFileFrames } from '../../../client/src/trace/frames';
import { describeEnd } from '../../../client/src/trace/runner';
import { TraceHost } from '../../../client/src/trace/traceHost';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import type { HostToWebview } from '../../../common/src/traceProtocol';
import { ROOT, scenario, tmpDir, traceLines, udpScenario, workerFromSource } from './helpers';

const dir = tmpDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const demo = traceLines();
const WORKER = workerFromSource();
after(() => fs.rmSync(path.dirname(WORKER.workerFile), { recursive: true, force: true }));

describe('FileLineStore', () => {
  it('appended batches read back line for line, across blocks, from the file', async () => {
    const file = path.join(dir, 'live.jsonl');
    const store = FileLineStore.create(file);
    let n = 0;
    for (let k = 0; k < demo.lines.length; k += 97) n += store.appendBatch(demo.lines.slice(k, k + 97).join('\n') + '\n').length;
    assert.equal(n, demo.lines.length);
    assert.equal(store.count, demo.lines.length);
    assert.deepEqual(await store.read(60, 70), demo.lines.slice(60, 70));
    assert.deepEqual(await store.read(0, demo.lines.length), demo.lines);
    assert.deepEqual(await store.read(965, 10_000), demo.lines.slice(965), 'reads stop at the end');
    store.close();
    assert.equal(fs.readFileSync(file, 'utf8'), demo.lines.join('\n') + '\n', 'the file is the trace');
  });

  it('an opened file is indexed in chunks: CRLF, blank lines, non-ASCII, no final newline', async () => {
    const file = path.join(dir, 'odd.jsonl');
    const lines = demo.lines.slice(0, 300).map((l, i) => (i === 5 ? l.replace('"host":"alice"', '"host":"älice"') : l));
    fs.writeFileSync(file, lines.join('\r\n') + '\r\n\r\n' + lines.slice(0, 2).join('\n'));
    const store = FileLineStore.open(file);
    const seen: string[] = [];
    await store.indexFile((chunk) => seen.push(...chunk));
    const want = [...lines, ...lines.slice(0, 2)];
    assert.deepEqual(seen, want);
    assert.deepEqual(await store.read(0, want.length), want);
    assert.equal((await store.read(5, 6))[0], lines[5]);
    store.close();
  });

  it('memory stays bounded when every line of a large trace is read', async () => {
    const file = path.join(dir, 'big.jsonl');
    const store = FileLineStore.create(file);
    for (let k = 0; k < 200; k++) store.appendBatch(demo.lines.join('\n') + '\n'); // 194,000 lines
    for (let i = 0; i < store.count; i += 512) await store.read(i, i + 512);
    const bytes = store.memoryBytes;
    const fileBytes = fs.statSync(file).size;
    assert.ok(bytes < fileBytes / 4, `holds ${bytes} bytes for a ${fileBytes}-byte trace`);
    store.close();
  });
});

describe('PcapngFileFrames', () => {
  it('frames by ordinal equal the frames of the send and indicate hops; the capture reads back as events', async () => {
    const file = path.join(dir, 'demo.pcapng');
    const run = traceLines(DEMO_SCENARIO, 'demo.yaml', { pcapng: file });
    const hops = run.events.filter((e) => e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate'));
    const frames = new PcapngFileFrames(file);
    for (const k of [0, 7, hops.length - 1]) {
      const f = await frames.frame(k);
      const want = (hops[k] as { frame?: Uint8Array }).frame!;
      assert.deepEqual(f && [...f], [...want], `frame ${k}`);
    }
    assert.equal(await frames.frame(hops.length), undefined);
    const events = [];
    for await (const chunk of frames.events(() => '?')) events.push(...chunk);
    assert.equal(events.length, hops.length);
    const h = hops[3]! as { host: string; hop: string; from: string; to: string; nbl: number | null; summary: string; t: number };
    assert.deepEqual({ host: events[3]!.host, hop: events[3]!.hop, from: events[3]!.from, to: events[3]!.to, nbl: events[3]!.nbl, summary: events[3]!.summary },
      { host: h.host, hop: h.hop, from: h.from, to: h.to, nbl: h.nbl, summary: h.summary });
  });
});

describe('TraceHost', () => {
  it('runs the demo in a worker: streamed, indexed, frames from its capture, windows on request', async () => {
    const posted: HostToWebview[] = [];
    const host = TraceHost.run({ title: 'demo', text: DEMO_SCENARIO, file: 'demo.yaml', dir, ...WORKER });
    host.attach((m) => posted.push(m));
    await host.handle({ type: 'ready' });
    const end = await host.ready;
    assert.equal(end?.kind, 'done');
    assert.deepEqual(describeEnd(end!), { message: 'clean (nothing left to do)', exitCode: 0 });
    assert.equal(host.events, 970);
    assert.equal(fs.readFileSync(host.traceFile, 'utf8'), demo.lines.join('\n') + '\n', 'the same trace as an in-process run');
    await host.handle({ type: 'setFilter', viewId: 1, filter: { kinds: ['packet'] } });
    await host.handle({ type: 'getWindow', requestId: 1, viewId: 1, start: 0, count: 3 });
    const w = posted.find((m) => m.type === 'window');
    assert.ok(w && w.type === 'window' && w.events.length === 3 && w.events.every((e) => e.kind === 'packet'));
    const first = w.events.find((e) => e.hop === 'send')!;
    await host.handle({ type: 'getFrame', requestId: 2, i: first.i });
    const f = posted.find((m) => m.type === 'frame');
    assert.ok(f && f.type === 'frame' && f.frame && f.frame.length === first.bytes);
    const meta = posted.filter((m) => m.type === 'meta').at(-1);
    assert.ok(meta && meta.type === 'meta' && meta.meta.run?.running === false && meta.meta.exports.includes('pcapng'));
    const tmp = path.dirname(host.traceFile);
    host.dispose();
    assert.equal(fs.existsSync(tmp), false, 'a run\'s temporary folder goes with its viewer');
  });

  it('a run\'s trace reopened after a reload keeps its title and capture, and its folder goes with the viewer', async () => {
    const run = TraceHost.run({ title: 'NDIS trace: demo.yaml', text: DEMO_SCENARIO, file: 'demo.yaml', dir, ...WORKER });
    await run.ready;
    const folder = path.dirname(run.traceFile);
    // the extension host goes away without disposing (a window reload); VS Code restores the panel from its state
    const restored = TraceHost.open(run.traceFile, {}, undefined, { title: run.title, pcapngFile: run.pcapngFile! });
    const posted: HostToWebview[] = [];
    restored.attach((m) => posted.push(m));
    await restored.ready;
    await restored.handle({ type: 'ready' });
    const init = posted.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.equal(init.meta.title, 'NDIS trace: demo.yaml');
    assert.equal(init.meta.total, 970);
    assert.ok(init.meta.hasFrames && init.meta.exports.includes('pcapng'));
    restored.dispose();
    assert.equal(fs.existsSync(folder), false);
  });

  it('stop ends a long run early, keeping what arrived; growth is posted in batches', async () => {
    const posted: HostToWebview[] = [];
    const host = TraceHost.run({ title: 'flood', text: udpScenario(5_000_000), file: 'flood.yaml', dir, ...WORKER });
    host.attach((m) => posted.push(m));
    await host.handle({ type: 'ready' });
    await host.handle({ type: 'setFilter', viewId: 1, filter: {} });
    let settled = false;
    void host.ready.then(() => (settled = true));
    while (host.events < 20_000 && !settled) await new Promise((r) => setTimeout(r, 20));
    host.stop();
    const end = await host.ready;
    assert.equal(end?.kind, 'stopped');
    assert.ok(host.events >= 20_000 && host.events < 5_000_000, `${host.events} events kept`);
    const grew = posted.filter((m) => m.type === 'grew');
    assert.ok(grew.length >= 1 && grew.length < host.events / 100, `${grew.length} batched updates for ${host.events} events`);
    host.dispose();
  });

  it('a budget stop is described with its budget', async () => {
    const host = TraceHost.run({ title: 'runaway', text: udpScenario(1).replace(/stop:.*\n/, '').replace(/limits:.*\n/, 'limits: { maxEvents: 3000 }\n'), file: 'runaway.yaml', dir, ...WORKER });
    const end = await host.ready;
    const d = describeEnd(end!);
    assert.equal(d.exitCode, 2);
    assert.match(d.budget ?? '', /event budget of 3000 events exceeded/);
    host.dispose();
  });

  it('runs a developer\'s driver through ndiswb run --driver: its own code, with source locations', async () => {
    const posted: HostToWebview[] = [];
    const host = TraceHost.run({ title: 'protocol', cliFile: path.join(ROOT, 'server', 'src', 'cli', 'main.ts'), execArgv: ['--import', 'tsx'], args: ['--driver', 'protocol', '--kind', 'protocol'], cwd: path.join(ROOT, 'examples') });
    host.attach((m) => posted.push(m));
    const end = await host.ready;
    assert.equal(end?.kind, 'done', JSON.stringify(end));
    assert.equal(describeEnd(end!).exitCode, 0);
    const lines = fs.readFileSync(host.traceFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { api?: string; source?: { file: string; line: number } });
    const reg = lines.find((e) => e.api === 'NdisRegisterProtocolDriver' && e.source);
    assert.ok(reg, 'NdisRegisterProtocolDriver with its source location');
    assert.equal(reg!.source!.file, path.join('protocol', 'driver.c'));
    const src = fs.readFileSync(path.join(ROOT, 'examples', 'protocol', 'driver.c'), 'utf8').split('\n');
    assert.match(src[reg!.source!.line - 1]!, /NdisRegisterProtocolDriver\(/);
    assert.ok(fs.statSync(host.pcapngFile!).size > 1000, 'and its capture');
    host.dispose();
  });

  it('opens a .pcapng as a trace: one packet hop per frame, the frames behind them', async () => {
    const file = path.join(dir, 'open.pcapng');
    const run = traceLines(DEMO_SCENARIO, 'demo.yaml', { pcapng: file });
    const hops = run.events.filter((e) => e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate'));
    const posted: HostToWebview[] = [];
    const host = TraceHost.open(file, {}, () => 'decoded');
    host.attach((m) => posted.push(m));
    await host.ready;
    assert.equal(host.events, hops.length);
    await host.handle({ type: 'setFilter', viewId: 1, filter: { host: 'bob' } });
    await host.handle({ type: 'getWindow', requestId: 1, viewId: 1, start: 0, count: 2 });
    const w = posted.find((m) => m.type === 'window');
    assert.ok(w && w.type === 'window' && w.events.length === 2 && w.events.every((e) => e.host === 'bob' && e.kind === 'packet'));
    await host.handle({ type: 'getFrame', requestId: 2, i: w.events[0]!.i });
    const f = posted.find((m) => m.type === 'frame');
    assert.ok(f && f.type === 'frame' && f.frame && f.frame.length === w.events[0]!.bytes);
    host.dispose();
    assert.ok(fs.existsSync(file), 'the capture itself is kept');
  });

  it('opens a .jsonl with its .pcapng beside it', async () => {
    const base = path.join(dir, 'pair');
    const run = traceLines(scenario('faults/leaked-nbl.yaml'), 'leaked-nbl.yaml', { pcapng: `${base}.pcapng` });
    fs.writeFileSync(`${base}.jsonl`, run.lines.join('\n') + '\n');
    const posted: HostToWebview[] = [];
    const host = TraceHost.open(`${base}.jsonl`);
    host.attach((m) => posted.push(m));
    await host.ready;
    await host.handle({ type: 'ready' });
    const init = posted.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    assert.equal(init.meta.total, run.lines.length);
    assert.equal(init.meta.pcapngFile, `${base}.pcapng`);
    assert.equal(init.bugcheck?.code, '0x7C');
    host.dispose();
    assert.ok(fs.existsSync(`${base}.jsonl`), 'an opened file is never deleted');
  });
});
