/**
 * Helpers of the user-driver tests: a loader with the language server's C parser, runs of the
 * default scenario of a driver folder or of scenario text, drivers written inline into a
 * temporary folder, and lookups of trace events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScenario, type RunOutcome, type RunRequest } from '../../../simulator/src/run/run';
import type { TraceEvent } from '../../../simulator/src/trace/events';
import { MemorySink } from '../../../simulator/src/trace/tracer';
import { createUserDriverLoader, defaultScenario, detectKind, detectRoles, detectServiceName, type UserDriverKind } from '../../../simulator/src/user';
import { cParser } from '../exec/helpers';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(ROOT, 'examples');

export type Ran = Extract<RunOutcome, { kind: 'ran' }>;

export interface UserRun {
  readonly outcome: RunOutcome;
  readonly ran: Ran;
  readonly events: TraceEvent[];
}

/** Run scenario text with user drivers (paths relative to `dir`). */
export async function runText(text: string, dir = ROOT, extra: Partial<RunRequest> = {}): Promise<UserRun> {
  const parser = await cParser();
  const loader = createUserDriverLoader({ parser, displayName: (p) => path.relative(ROOT, p) });
  const mem = new MemorySink();
  const outcome = runScenario({ text, file: 'test.yaml', dir, userDriverLoader: loader, ...extra, sinks: [mem, ...(extra.sinks ?? [])] });
  if (outcome.kind !== 'ran') throw new Error(`scenario invalid: ${outcome.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`);
  return { outcome, ran: outcome, events: mem.events };
}

/** The default scenario of `ndiswb run --driver DIR` for a folder (relative to the repository). */
export function defaultFor(folder: string, kind?: UserDriverKind): string {
  const abs = path.join(ROOT, folder);
  const k = kind ?? detectKind(abs)!;
  return defaultScenario({ source: abs, kind: k, serviceName: detectServiceName(abs), provider: detectRoles(abs, k).includes('provider') });
}

/** Run the default scenario of a driver folder. */
export function runDefault(folder: string, extra: Partial<RunRequest> = {}): Promise<UserRun> {
  return runText(defaultFor(folder), ROOT, extra);
}

/** Write C sources into a fresh folder; returns its path. */
export function driverFolder(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-user-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A one-host scenario with VETH and an inline driver (kind provider unless given), unloaded at 2ms. */
export function inlineScenario(folder: string, o: { kind?: string; name?: string; extra?: string; events?: string; ndis?: string } = {}): string {
  const name = o.name ?? 'TESTDRV';
  return `name: inline driver
hosts:
  - name: pc
    drivers:
      - builtin: VETH
      - source: ${JSON.stringify(folder)}
        kind: ${o.kind ?? 'provider'}
        name: ${name}
        defines: [NDIS630=1, DBG=1]${o.extra ?? ''}
    adapters:
      - { name: eth0, driver: VETH }${o.ndis ? `\n    ndis: ${o.ndis}` : ''}
events:
${o.events ?? ''}  - { at: 2ms, do: unload, driver: pc/${name} }
stop:
  at: 3ms
`;
}

export function ofKind<K extends TraceEvent['kind']>(events: readonly TraceEvent[], kind: K): Extract<TraceEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}

/** Violations with a rule id, as "RULE file:line". */
export function violationsAt(events: readonly TraceEvent[]): string[] {
  return ofKind(events, 'violation').map((v) => `${v.rule} ${v.source ? `${v.source.file}:${v.source.line}` : '-'}`);
}

/** 1-based line of the first line containing `needle` in a repository file. */
export function lineIn(file: string, needle: string): number {
  const i = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${file}`);
  return i + 1;
}

export function logs(events: readonly TraceEvent[]): string[] {
  return ofKind(events, 'log').map((l) => l.message);
}
