/**
 * Simulator throughput and memory: UDP datagrams echoed between two hosts through the built-in
 * protocol → filter → miniport → wire → miniport → filter → protocol stack and back, traced to
 * JSON Lines by the shipped bundle (`ndiswb run` in dist/cli.js, as `npm run bench` builds it).
 * Each measurement runs in a child process (a clean heap and its own peak RSS):
 *   sim.events_per_s        trace events per wall-clock second over a 2M-event run
 *   sim.events_per_cpu_s    the same per CPU second (less sensitive to a busy machine)
 *   sim.peak_rss_mb_10m     peak resident memory of a 10M-event run (bounded buffers, streaming)
 * The trace goes to /dev/shm when it exists (a file in memory, so the disk's speed does not
 * count), else to the temp folder; it is deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Metric } from './types';

export const name = 'sim';

const SCENARIO = `name: bench - UDP echo through protocol, filter, miniport and wire
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
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }
    adapters: [{ name: eth0, driver: VETH }]
wires:
  - { name: w0, between: [alice/eth0, bob/eth0], bandwidth: 100Gbps, latency: 1us }
traffic:
  - at: 1ms
    udp: { from: alice, to: 10.0.0.2, port: 7, payload: bench, count: 1000000000, interval: 2us }
stop:
  teardown: false
limits: { maxEvents: 1000000000, maxWallTime: 900s, maxVirtualTime: 100000s }
`;

interface ChildResult {
  readonly events: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly traceBytes: number;
}

/** Child mode: `ndiswb run` until `events` events, then print the measurements as JSON on stderr. */
async function child(events: number, trace: string): Promise<void> {
  const scenario = `${trace}.yaml`;
  fs.writeFileSync(scenario, SCENARIO.replace('stop:\n', `stop:\n  events: ${events}\n`));
  const cli = require(path.join(__dirname, '..', '..', 'dist', 'cli.js')) as { main(argv: string[]): Promise<number> };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await cli.main(['run', scenario, '--trace', trace, '--quiet', '--format', 'json']);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  fs.rmSync(scenario, { force: true });
  if (code !== 0) throw new Error(`ndiswb run exited with ${code}`);
  const r: ChildResult = { events: 0 /* the parent reads the count from the JSON summary */, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, traceBytes: fs.statSync(trace).size };
  process.stderr.write(`BENCH ${JSON.stringify(r)}\n`);
}

function measure(events: number): ChildResult {
  const dir = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const trace = path.join(dir, `ndiswb-bench-${process.pid}-${events}.jsonl`);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'child', String(events), trace], { encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 20 });
    const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (r.status !== 0 || !line) throw new Error(`bench child failed (${r.status ?? r.signal}): ${r.stderr.slice(0, 2000)}`);
    const summary = JSON.parse(r.stdout) as { reason: string; events: number };
    if (summary.reason !== 'events') throw new Error(`bench run did not end by stop.events: ${r.stdout.slice(0, 500)}`);
    return { ...(JSON.parse(line.slice(6)) as ChildResult), events: summary.events };
  } finally {
    fs.rmSync(trace, { force: true });
  }
}

export async function run(): Promise<Metric[]> {
  measure(100_000); // warm the file cache
  const fast = measure(2_000_000);
  const big = measure(10_000_000);
  return [
    { name: 'sim.events_per_s', value: Math.round(fast.events / (fast.wallMs / 1000)), unit: 'events/s', target: { min: 1_000_000 } },
    { name: 'sim.events_per_cpu_s', value: Math.round(fast.events / (fast.cpuMs / 1000)), unit: 'events/s' },
    { name: 'sim.trace_bytes_per_event', value: Math.round(fast.traceBytes / fast.events), unit: 'B' },
    { name: 'sim.events_per_s_10m', value: Math.round(big.events / (big.wallMs / 1000)), unit: 'events/s' },
    { name: 'sim.peak_rss_mb_10m', value: Math.round(big.maxRssKb / 1024), unit: 'MB', target: { max: 500 } },
  ];
}

if (require.main === module && process.argv[2] === 'child') {
  child(Number(process.argv[3]), process.argv[4]!).catch((e: unknown) => {
    process.stderr.write(String((e as Error)?.stack ?? e));
    process.exit(1);
  });
}
