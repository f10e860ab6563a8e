/** The end-of-run summary, as text (for people) and as JSON (for scripts and CI). */
import { formatDuration } from '../engine/units';
import { exitCode, type RunOutcome } from './run';
import { formatScenarioError } from '../scenario/model';

const REASONS: Readonly<Record<string, string>> = {
  'stop-at': 'reached stop.at',
  idle: 'nothing left to do',
  events: 'reached stop.events',
  bugcheck: 'bug check',
  budget: 'budget exceeded',
};

/** Human-readable summary lines. */
export function summaryText(o: RunOutcome): string {
  if (o.kind === 'invalid') return o.errors.map((e) => `${formatScenarioError(e)}`).join('\n') + `\n${o.errors.length} problem${o.errors.length === 1 ? '' : 's'} in the scenario; nothing was run\n`;
  const r = o.result;
  const c = r.counts;
  const lines = [
    `scenario: ${o.scenario.name ?? '(unnamed)'}   seed: ${o.seed}`,
    `stopped: ${REASONS[r.reason]} at t=${formatDuration(r.endTime)} after ${r.events} events (${c.call} calls, ${c.state} state changes, ${c.packet} packet hops, ${c.log} log lines)`,
  ];
  if (o.pcapPackets !== undefined) lines.push(`pcapng: ${o.pcapPackets} frames`);
  if (r.budget) lines.push(r.budget.message);
  lines.push(`violations: ${r.violations}`);
  for (const v of o.violations.slice(0, 20)) lines.push(`  ${formatDuration(v.t)} ${v.host} ${v.rule}: ${v.message}`);
  if (r.violations > 20) lines.push(`  … ${r.violations - 20} more in the trace`);
  if (r.bugcheck) {
    const b = r.bugcheck;
    lines.push(`BUG CHECK ${b.code} ${b.code === '0x7C' ? 'BUGCODE_NDIS_DRIVER' : b.name} (${b.params.join(', ')}) on ${b.host}`, `  ${b.name}: ${b.reason}`, ...b.stack.map((f) => `    at ${f}`));
  }
  for (const f of o.driverFailures ?? []) lines.push(`driver failed to load: ${f}`);
  if (o.unmodelled) {
    lines.push(`unmodelled calls: ${o.unmodelled.length ? o.unmodelled.length : 'none'}`);
    for (const u of o.unmodelled) lines.push(`  ${u.name} ×${u.count}${u.sites.length ? ` at ${u.sites.slice(0, 3).join(', ')}${u.sites.length > 3 ? ` (+${u.sites.length - 3})` : ''}` : ''} (returned 0)`);
  }
  lines.push(`result: ${['clean', 'failed', 'stopped'][exitCode(o)]}`);
  return lines.join('\n') + '\n';
}

/** The summary as one JSON object. */
export function summaryJson(o: RunOutcome): object {
  if (o.kind === 'invalid') return { exitCode: 2, errors: o.errors };
  const r = o.result;
  return {
    exitCode: exitCode(o), scenario: o.scenario.name ?? null, seed: o.seed, reason: r.reason, endTime: r.endTime, events: r.events, counts: r.counts,
    violations: o.violations.map((v) => ({ seq: v.seq, t: v.t, host: v.host, component: v.component, rule: v.rule, message: v.message })),
    bugcheck: r.bugcheck ?? null, budget: r.budget ?? null, ...(o.pcapPackets !== undefined ? { pcapPackets: o.pcapPackets } : {}),
    ...(o.unmodelled ? { unmodelled: o.unmodelled, driverFailures: o.driverFailures ?? [] } : {}),
  };
}
