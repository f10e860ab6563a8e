/** Traces for the trace-viewer tests: real runs of the bundled scenarios, in memory or on disk. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScenario } from '../../../simulator/src/run/run';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import { eventToJson } from '../../../simulator/src/trace/jsonl';
import type { TraceEvent } from '../../../simulator/src/trace/events';
import type { HostToWebview } from '../../../common/src/traceProtocol';
import type { SessionPort } from '../../../common/src/trace/session';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(ROOT, 'examples', 'scenarios');

/** The JSON lines (and events) of a scenario run. */
export function traceLines(text = DEMO_SCENARIO, file = 'demo.yaml', opts: { pcapng?: string } = {}): { lines: string[]; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const o = runScenario({ text, file, dir: EXAMPLES, sinks: [{ write: (e) => events.push(e) }], ...(opts.pcapng ? { pcapng: opts.pcapng } : {}) });
  if (o.kind !== 'ran') throw new Error(`scenario ${file} did not run`);
  return { lines: events.map(eventToJson), events };
}

export function scenario(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-trace-test-'));
}

/** A session port that records every message. */
export function recordingPort(): SessionPort & { messages: HostToWebview[]; of<T extends HostToWebview['type']>(type: T): Extract<HostToWebview, { type: T }>[] } {
  const messages: HostToWebview[] = [];
  return {
    messages,
    post: (m) => messages.push(m),
    yieldNow: () => new Promise((r) => setImmediate(r)),
    of<T extends HostToWebview['type']>(type: T) {
      return messages.filter((m) => m.type === type) as Extract<HostToWebview, { type: T }>[];
    },
  };
}

/** A long UDP-echo run of about `events` events (no teardown). */
export function udpScenario(events: number): string {
  return `name: udp flood
seed: 1
hosts:
  - name: alice
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.1/24 } }
    adapters: [{ name: eth0, driver: VETH }]
  - name: bob
    drivers:
      - builtin: VETH
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }
    adapters: [{ name: eth0, driver: VETH }]
wires:
  - { name: w0, between: [alice/eth0, bob/eth0], bandwidth: 100Gbps, latency: 1us }
traffic:
  - at: 1ms
    udp: { from: alice, to: 10.0.0.2, port: 7, payload: flood, count: 1000000000, interval: 2us }
stop: { events: ${events}, teardown: false }
limits: { maxEvents: 1000000000, maxWallTime: 600s, maxVirtualTime: 100000s }
`;
}

/** A worker entry that runs the simulator worker from source (tsx), so the tests need no build. */
export function workerFromSource(): { workerFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-trace-worker-'));
  const file = path.join(dir, 'worker.js');
  const tsx = require.resolve('tsx/cjs', { paths: [ROOT] });
  fs.writeFileSync(file, `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(path.join(ROOT, 'simulator', 'src', 'worker', 'worker.ts'))});\n`);
  return { workerFile: file };
}
