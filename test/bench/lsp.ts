/**
 * The language server on the generated 20k-line driver through `ndiswb lsp --stdio`: time from
 * didOpen to the first publishDiagnostics, then 60 single-character incremental edits in a
 * function body (typing a digit, deleting it), each timed from sending didChange to receiving
 * publishDiagnostics with that version.
 */
import { performance } from 'node:perf_hooks';
import { LspClient, pathToUri, positionAt } from '../helpers/lspClient';
import { benchInput } from './input';
import { editOffset } from './generate';
import { percentile, type Metric } from './types';

const EDITS = 60;

export const name = 'lsp';

export async function run(): Promise<Metric[]> {
  const { file, driver } = benchInput();
  const uri = pathToUri(file);
  // No workspace folder: the open itself loads, parses and analyses the file (no background index).
  const client = await LspClient.start({ capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } } });
  try {
    const t0 = performance.now();
    await client.open(uri, driver.text, 1);
    const first = await client.waitForVersion(uri, 1, 60_000);
    const open = performance.now() - t0;
    // The generated driver is meant to be clean; a diagnostic here is likely a false positive worth a look.
    if (first.diagnostics.length) {
      process.stderr.write(`bench: the generated driver has ${first.diagnostics.length} diagnostic(s), e.g. ${JSON.stringify(first.diagnostics[0])}\n`);
    }

    const at = positionAt(driver.text, editOffset(driver));
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      // Even edits type a digit after the anchor's "1", odd ones delete it again.
      const pos = { line: at.line, character: at.character + 1 };
      const change = i % 2 === 0 ? { range: { start: pos, end: pos }, text: '7' } : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
      const t = performance.now();
      const version = await client.change(uri, [change]);
      await client.waitForVersion(uri, version, 30_000);
      times.push(performance.now() - t);
    }
    if (client.frames.problems.length) throw new Error(`non-protocol output on the server's stdout: ${client.frames.problems.join('; ')}`);
    return [
      { name: 'lsp.open_to_diagnostics_ms', value: round1(open), unit: 'ms' },
      { name: 'lsp.edit_to_diagnostics_p50_ms', value: round1(percentile(times, 50)), unit: 'ms' },
      { name: 'lsp.edit_to_diagnostics_p95_ms', value: round1(percentile(times, 95)), unit: 'ms', target: { max: 50 } },
    ];
  } finally {
    await client.stop();
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
