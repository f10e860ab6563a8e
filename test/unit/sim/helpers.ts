/** Shared helpers of the simulator tests: run scenario text in-process and keep every event. */
import * as path from 'node:path';
import { runScenario, type RunOutcome, type RunRequest } from '../../../simulator/src/run/run';
import type { TraceEvent } from '../../../simulator/src/trace/events';
import { MemorySink } from '../../../simulator/src/trace/tracer';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCENARIOS = path.join(ROOT, 'examples', 'scenarios');

export interface Ran {
  readonly outcome: RunOutcome;
  readonly events: TraceEvent[];
}

/** Run scenario text, collecting the trace in memory. */
export function run(text: string, extra: Partial<RunRequest> = {}): Ran {
  const mem = new MemorySink();
  const outcome = runScenario({ text, file: 'test.yaml', dir: SCENARIOS, ...extra, sinks: [mem, ...(extra.sinks ?? [])] });
  return { outcome, events: mem.events };
}

/** The run result, failing the test when the scenario was invalid. */
export function ran(r: Ran): Extract<RunOutcome, { kind: 'ran' }> {
  if (r.outcome.kind !== 'ran') throw new Error(`scenario invalid: ${r.outcome.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`);
  return r.outcome;
}

/** A two-host scenario (alice 10.0.0.1, bob 10.0.0.2) with extra YAML appended to each part. */
export function twoHosts(opts: { aliceDriverExtra?: string; bobDriverExtra?: string; bobAdapterExtra?: string; tail?: string; filterOnBob?: boolean } = {}): string {
  return `name: two hosts
hosts:
  - name: alice
    drivers:
      - builtin: VETH
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.1/24 } }${opts.aliceDriverExtra ?? ''}
    adapters:
      - { name: eth0, driver: VETH }
  - name: bob
    drivers:
      - builtin: VETH${opts.filterOnBob === false ? '' : '\n      - builtin: TINYLWF'}
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }${opts.bobDriverExtra ?? ''}
    adapters:
      - name: eth0
        driver: VETH${opts.bobAdapterExtra ?? ''}
wires:
  - { name: w0, between: [alice/eth0, bob/eth0] }
${opts.tail ?? ''}`;
}

export function ofKind<K extends TraceEvent['kind']>(events: readonly TraceEvent[], kind: K): Extract<TraceEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}
