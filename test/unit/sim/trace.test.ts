/**
 * The trace outputs: the JSON Lines contract (docs/trace-format.md), the byte-level encoder's
 * agreement with eventToJson, pcapng written and read back (by our reader and by tshark), the
 * capture reader on classic pcap, and the text rendering.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CaptureError, readCapture } from '../../../simulator/src/packets/capture';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import type { TraceEvent } from '../../../simulator/src/trace/events';
import { eventToJson, JsonlFileSink } from '../../../simulator/src/trace/jsonl';
import { enhancedPacketBlock, interfaceBlock, sectionHeaderBlock } from '../../../simulator/src/trace/pcapng';
import { TextRenderer } from '../../../simulator/src/trace/text';
import { ofKind, ran, run } from './helpers';

const tmp = (name: string): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-trace-')), name);
const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => fs.existsSync(p));

describe('trace: the JSON Lines contract', () => {
  const { events } = run(DEMO_SCENARIO);
  const lines = events.map(eventToJson);
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('numbers events strictly increasing and never lets time go back', () => {
    for (let i = 1; i < parsed.length; i++) {
      assert.equal(parsed[i]!.seq, (parsed[i - 1]!.seq as number) + 1);
      assert.ok((parsed[i]!.t as number) >= (parsed[i - 1]!.t as number));
    }
  });

  it('has the required fields of every kind', () => {
    const need: Record<string, string[]> = {
      call: ['api', 'function'], return: ['api', 'function'], state: ['object', 'name', 'from', 'to'],
      packet: ['nbl', 'hop', 'from', 'to', 'bytes', 'summary'], violation: ['rule', 'message'], bugcheck: ['code', 'params', 'reason'], log: ['level', 'message'],
    };
    for (const e of parsed) {
      for (const k of ['seq', 't', 'kind', 'host', 'component']) assert.ok(k in e, `${k} missing in ${JSON.stringify(e)}`);
      for (const k of need[e.kind as string]!) assert.ok(k in e, `${k} missing in ${JSON.stringify(e)}`);
    }
    assert.ok(parsed.some((e) => e.kind === 'return' && e.api === 'NdisRegisterProtocolDriver' && e.status === 'NDIS_STATUS_SUCCESS'));
    assert.ok(parsed.some((e) => e.kind === 'call' && e.api === 'BindAdapterHandlerEx' && e.function === 'TipBindAdapter'));
    assert.ok(parsed.some((e) => e.kind === 'packet' && e.hop === 'send' && e.from === 'protocol:TINYIP' && e.to === 'filter:TINYLWF@eth0'));
  });

  it('pairs every call with a return of the same api and function', () => {
    const stacks = new Map<string, Record<string, unknown>[]>();
    for (const e of parsed) {
      const s = stacks.get(e.host as string) ?? [];
      stacks.set(e.host as string, s);
      if (e.kind === 'call') s.push(e);
      else if (e.kind === 'return') {
        const c = s.pop()!;
        assert.equal(c.api, e.api);
        assert.equal(c.function, e.function);
      }
    }
    for (const s of stacks.values()) assert.equal(s.length, 0);
  });

  it('is pure ASCII and the byte encoder writes exactly eventToJson + newline', () => {
    const file = tmp('t.jsonl');
    const sink = new JsonlFileSink(file, 1 << 16);
    for (const e of events) sink.write(e);
    sink.close();
    const text = fs.readFileSync(file, 'latin1');
    assert.equal(text, lines.join('\n') + '\n');
    assert.doesNotMatch(text, /[^\x00-\x7f]/);
  });

  it('escapes non-ASCII and special characters and leaves out the frame bytes', () => {
    const e: TraceEvent = { seq: 1, t: 2, kind: 'packet', host: 'h', component: 'miniport:eth0', nbl: null, hop: 'send', from: 'a"b', to: 'wire:w0', bytes: 3, summary: 'x → y', frame: Uint8Array.of(1, 2, 3) };
    const line = eventToJson(e);
    assert.equal(line, '{"seq":1,"t":2,"kind":"packet","host":"h","component":"miniport:eth0","nbl":null,"hop":"send","from":"a\\"b","to":"wire:w0","bytes":3,"summary":"x \\u2192 y"}');
    assert.deepEqual(JSON.parse(line).summary, 'x → y');
  });

  it('renders compact text, indented by call depth', () => {
    const r = new TextRenderer();
    const text = events.slice(0, 40).map((e) => r.render(e)).join('\n');
    assert.match(text, /0\.000000000 alice driver:VETH → DriverEntry \[DriverEntry\]/);
    assert.match(text, /\n0\.000000000 alice {3}driver:VETH → NdisMRegisterMiniportDriver/);
    assert.match(text, /← NdisMRegisterMiniportDriver = NDIS_STATUS_SUCCESS/);
  });
});

describe('trace: pcapng', () => {
  it('writes blocks our reader reads back (nanosecond timestamps, one interface per edge)', () => {
    const frame = Uint8Array.from({ length: 61 }, (_, i) => i);
    const buf = Buffer.concat([sectionHeaderBlock('test'), interfaceBlock('a<->b', 'edge'), enhancedPacketBlock(0, 5_000_000_123, frame, 'hello', false), enhancedPacketBlock(0, 5_000_000_200, frame.subarray(0, 60), 'x', true)]);
    assert.equal(buf.length % 4, 0);
    const read = readCapture(buf);
    assert.equal(read.length, 2);
    assert.equal(read[1]!.t, 77);
    assert.deepEqual(Array.from(read[0]!.data), Array.from(frame));
  });

  it('reads cleanly in tshark: one interface per component edge, comments, no malformed frames', () => {
    const file = tmp('demo.pcapng');
    const o = ran(run(DEMO_SCENARIO, { pcapng: file }));
    assert.ok(o.pcapPackets! > 20);
    if (!TSHARK) {
      // Without tshark our own reader is the check (tshark is installed on the reference machine).
      assert.equal(readCapture(fs.readFileSync(file)).length, o.pcapPackets);
      return;
    }
    const fields = execFileSync(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.comment', '-e', 'eth.type'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = fields.trim().split('\n').map((l) => l.split('\t'));
    assert.equal(rows.length, o.pcapPackets);
    const ifaces = new Set(rows.map((r) => r[0]));
    for (const edge of ['alice:protocol:TINYIP<->filter:TINYLWF@eth0', 'alice:filter:TINYLWF@eth0<->miniport:eth0', 'alice:miniport:eth0<->wire:w0', 'bob:miniport:eth0<->wire:w0']) assert.ok(ifaces.has(edge), `no interface ${edge}`);
    assert.ok(rows.every((r) => /^(alice|bob) (send|indicate) \S+ -> \S+/.test(r[1]!)), 'every packet has a comment naming component and direction');
    const verbose = spawnSync(TSHARK, ['-r', file, '-V', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(verbose.status, 0);
    assert.doesNotMatch(verbose.stdout, /Malformed|\[Checksum Status: Bad\]/);
    assert.match(verbose.stdout, /Echo \(ping\) reply/);
  });
});

describe('packets: capture reader', () => {
  const pcap = (le: boolean, nano: boolean, frames: Uint8Array[], link = 1): Buffer => {
    const w32 = (b: Buffer, o: number, v: number): void => void (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
    const h = Buffer.alloc(24);
    w32(h, 0, nano ? 0xa1b23c4d : 0xa1b2c3d4);
    w32(h, 20, link);
    const parts = [h];
    frames.forEach((f, i) => {
      const r = Buffer.alloc(16);
      w32(r, 0, 100);
      w32(r, 4, i * 10);
      w32(r, 8, f.length);
      w32(r, 12, f.length);
      parts.push(r, Buffer.from(f));
    });
    return Buffer.concat(parts);
  };
  const f = new Uint8Array(20).fill(7);

  it('reads little- and big-endian, micro- and nanosecond pcap', () => {
    assert.deepEqual(readCapture(pcap(true, false, [f, f])).map((x) => x.t), [0, 10_000]);
    assert.deepEqual(readCapture(pcap(false, true, [f, f])).map((x) => x.t), [0, 10]);
  });

  it('rejects what it cannot replay with a reason', () => {
    assert.throws(() => readCapture(Buffer.from('hello world!')), (e: unknown) => e instanceof CaptureError && /not a pcap or pcapng file/.test(e.message));
    assert.throws(() => readCapture(pcap(true, false, [f], 105)), /link type 105 is not Ethernet/);
    assert.throws(() => readCapture(pcap(true, false, [f]).subarray(0, 30)), /truncated record header|claims/);
    const ng = Buffer.concat([sectionHeaderBlock('x'), enhancedPacketBlock(3, 0, f, 'c', false)]);
    assert.throws(() => readCapture(ng), /names an interface that was not described/);
  });

  it('the example capture replays four frames', () => {
    const frames = readCapture(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'scenarios', 'captures', 'sample.pcap')));
    assert.equal(frames.length, 4);
    assert.equal(frames[3]!.t, 750_000);
  });
});

describe('trace: events reflect the model', () => {
  it('every state change in the demo is a legal transition of its machine', async () => {
    const { ADAPTER_TRANSITIONS, BINDING_TRANSITIONS, FILTER_TRANSITIONS } = await import('../../../simulator/src/ndis/stateMachines');
    const tables: Record<string, Record<string, readonly string[]>> = { adapter: ADAPTER_TRANSITIONS, binding: BINDING_TRANSITIONS, 'filter-module': FILTER_TRANSITIONS };
    const { events } = run(DEMO_SCENARIO);
    const states = ofKind(events, 'state').filter((e) => tables[e.object]);
    assert.ok(states.length > 20);
    for (const s of states) assert.ok(tables[s.object]![s.from]!.includes(s.to), `${s.object} ${s.name}: ${s.from} → ${s.to}`);
  });
});
