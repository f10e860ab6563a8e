/**
 * `npm run bench`: run every benchmark module and print its metrics as a table, or with
 * `-- --json` one JSON object per line: {"name","value","unit"}.
 * Add a module by exporting `name` and `run()` (see types.ts) and listing it in MODULES.
 */
import * as check from './check';
import * as editor from './editor';
import * as exec from './exec';
import * as lsp from './lsp';
import * as sim from './sim';
import * as trace from './trace';
import { removeBenchInputs } from './input';
import { meets, type BenchModule, type Metric, type Target } from './types';

const MODULES: readonly BenchModule[] = [check, lsp, editor, sim, exec, trace];

function targetText(t: Target | undefined): string {
  if (!t) return '';
  return [t.min !== undefined ? `≥ ${t.min}` : '', t.max !== undefined ? `≤ ${t.max}` : ''].filter(Boolean).join(', ');
}

function table(metrics: readonly Metric[]): string {
  const rows = [
    ['metric', 'value', 'unit', 'target', ''],
    ...metrics.map((m) => [m.name, String(m.value), m.unit, targetText(m.target), meets(m) === undefined ? '' : meets(m) ? 'ok' : 'MISSED']),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n') + '\n';
}

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const all: Metric[] = [];
  let failed = false;
  try {
    for (const m of MODULES) {
      try {
        const metrics = await m.run();
        all.push(...metrics);
        if (json) for (const x of metrics) process.stdout.write(JSON.stringify({ name: x.name, value: x.value, unit: x.unit }) + '\n');
      } catch (e) {
        failed = true;
        process.stderr.write(`bench ${m.name} failed: ${(e as Error).stack ?? e}\n`);
      }
    }
  } finally {
    removeBenchInputs();
  }
  if (!json) process.stdout.write(table(all));
  return failed ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
