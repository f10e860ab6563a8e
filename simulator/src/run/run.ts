/**
 * Running a scenario end to end: load (YAML + schema), compile (topology checks), build the
 * world with the requested trace sinks (JSON Lines file, pcapng file, any others), run it, and
 * map the outcome to the CLI's exit status.
 */
import { PcapngSink } from '../trace/pcapng';
import { JsonlFileSink } from '../trace/jsonl';
import type { TraceEvent, TraceSink, ViolationEvent } from '../trace/events';
import { compileScenario, type UnmodelledCall, type UserDriverLoader } from '../scenario/compile';
import { loadScenarioText } from '../scenario/load';
import type { Scenario, ScenarioError } from '../scenario/model';
import { World, type RunResult } from '../world/world';

export interface RunRequest {
  /** Scenario YAML. */
  readonly text: string;
  /** Name used in error messages. */
  readonly file: string;
  /** Folder relative paths in the scenario are resolved against. */
  readonly dir: string;
  readonly seed?: number;
  readonly maxEvents?: number;
  /** JSON Lines trace: a path, or a file descriptor (1 for stdout). */
  readonly trace?: string | number;
  readonly pcapng?: string;
  readonly sinks?: readonly TraceSink[];
  readonly userDriverLoader?: UserDriverLoader;
}

export type RunOutcome =
  | { readonly kind: 'invalid'; readonly errors: readonly ScenarioError[] }
  | {
    readonly kind: 'ran'; readonly scenario: Scenario; readonly seed: number; readonly result: RunResult; readonly violations: readonly ViolationEvent[]; readonly pcapPackets?: number;
    /** User (`source:`) drivers: functions they called that nothing models, and DriverEntry failures. */
    readonly unmodelled?: readonly UnmodelledCall[];
    readonly driverFailures?: readonly string[];
  };

/** Keeps the first `max` violations for the summary. */
class ViolationSink implements TraceSink {
  readonly list: ViolationEvent[] = [];
  constructor(private readonly max = 100) {}
  write(e: TraceEvent): void {
    if (e.kind === 'violation' && this.list.length < this.max) this.list.push(e);
  }
}

/** Load, check, run. Scenario problems come back as `invalid`, never as exceptions. */
export function runScenario(req: RunRequest): RunOutcome {
  const loaded = loadScenarioText(req.text, req.file);
  if (!loaded.scenario) return { kind: 'invalid', errors: loaded.errors };
  const c = compileScenario(loaded.scenario, loaded.locator, {
    dir: req.dir, ...(req.seed !== undefined ? { seed: req.seed } : {}), ...(req.maxEvents !== undefined ? { maxEvents: req.maxEvents } : {}),
    ...(req.userDriverLoader ? { userDriverLoader: req.userDriverLoader } : {}),
  });
  if (!c.compiled) return { kind: 'invalid', errors: c.errors };
  const violations = new ViolationSink();
  const sinks: TraceSink[] = [violations, ...(req.sinks ?? [])];
  if (req.trace !== undefined) sinks.push(new JsonlFileSink(req.trace));
  const pcap = req.pcapng !== undefined ? new PcapngSink(req.pcapng) : undefined;
  if (pcap) sinks.push(pcap);
  const world = new World(c.compiled.spec, sinks, c.compiled.budget);
  req.userDriverLoader?.bindWorld?.(world);
  const result = world.run();
  const unmodelled = req.userDriverLoader?.unmodelled?.() ?? [];
  const driverFailures = req.userDriverLoader?.driverFailures?.() ?? [];
  return {
    kind: 'ran', scenario: loaded.scenario, seed: c.compiled.spec.seed, result, violations: violations.list, ...(pcap ? { pcapPackets: pcap.packets } : {}),
    ...(req.userDriverLoader ? { unmodelled, driverFailures } : {}),
  };
}

/** 0 clean, 1 bug check, violation or a user driver's failed DriverEntry, 2 bad scenario or a budget stop. */
export function exitCode(o: RunOutcome): 0 | 1 | 2 {
  if (o.kind === 'invalid') return 2;
  if (o.result.reason === 'bugcheck' || o.result.violations > 0 || (o.driverFailures?.length ?? 0) > 0) return 1;
  if (o.result.reason === 'budget') return 2;
  return 0;
}
