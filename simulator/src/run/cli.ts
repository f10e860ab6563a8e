/**
 * `ndiswb run [scenario.yaml] [--trace out.jsonl] [--pcapng out.pcapng] [--format text|json]
 * [--seed N] [--max-events N] [--quiet]`. Without a scenario it runs the bundled demo.
 * Exit status: 0 clean, 1 bug check or violation, 2 bad usage, bad scenario or budget stop.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_FILE, DEMO_SCENARIO } from '../scenario/demo';
import { TextSink } from '../trace/text';
import { writeAll } from '../trace/jsonl';
import { exitCode, runScenario } from './run';
import { summaryJson, summaryText } from './summary';
import { RUN_USAGE } from './usage';


/** Writes to an fd synchronously; a closed pipe (EPIPE) silences further output instead of crashing. */
function writer(fd: number): (s: string) => void {
  let closed = false;
  return (s) => {
    if (closed) return;
    try {
      writeAll(fd, Buffer.from(s, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') closed = true;
      else throw e;
    }
  };
}

function nonNegativeInt(v: string | undefined, name: string): number | string | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) && Number(v) <= Number.MAX_SAFE_INTEGER ? Number(v) : `--${name} needs a non-negative integer, got "${v}"`;
}

/** The `run` command; returns the exit status. */
export function runCommand(argv: readonly string[]): number {
  const err = writer(2);
  let values: { trace?: string; pcapng?: string; format?: string; seed?: string; 'max-events'?: string; quiet?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv], allowPositionals: true,
      options: { trace: { type: 'string' }, pcapng: { type: 'string' }, format: { type: 'string' }, seed: { type: 'string' }, 'max-events': { type: 'string' }, quiet: { type: 'boolean' } },
    }));
  } catch (e) {
    err(`ndiswb run: ${(e as Error).message}\nusage: ndiswb run [scenario.yaml] [options]\n${RUN_USAGE}`);
    return 2;
  }
  const format = values.format ?? 'text';
  const seed = nonNegativeInt(values.seed, 'seed');
  const maxEvents = nonNegativeInt(values['max-events'], 'max-events');
  const problems = [
    format !== 'text' && format !== 'json' ? `unknown --format "${format}" (text or json)` : '',
    positionals.length > 1 ? `one scenario at a time (got ${positionals.length})` : '',
    typeof seed === 'string' ? seed : '',
    typeof maxEvents === 'string' ? maxEvents : maxEvents === 0 ? '--max-events must be at least 1' : '',
    values.trace === '-' && format === 'text' && !values.quiet ? '--trace - writes JSON Lines to stdout, so the text trace cannot go there too: add --quiet' : '',
  ].filter(Boolean);
  if (problems.length) {
    err(problems.map((p) => `ndiswb run: ${p}\n`).join(''));
    return 2;
  }
  let text = DEMO_SCENARIO;
  let file = DEMO_FILE;
  let dir = process.cwd();
  if (positionals[0] !== undefined) {
    file = positionals[0];
    dir = path.dirname(path.resolve(file));
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      err(`ndiswb run: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}\n`);
      return 2;
    }
  }
  const out = writer(1);
  const toStdout = values.trace === '-';
  // With the trace on stdout, the summary (text or JSON) goes to stderr.
  const summaryOut = toStdout ? err : out;
  const textSink = format === 'text' && !values.quiet ? new TextSink(out) : undefined;
  let outcome;
  try {
    outcome = runScenario({
      text, file, dir, ...(typeof seed === 'number' ? { seed } : {}), ...(typeof maxEvents === 'number' ? { maxEvents } : {}),
      ...(values.trace !== undefined ? { trace: toStdout ? 1 : values.trace } : {}), ...(values.pcapng !== undefined ? { pcapng: values.pcapng } : {}),
      sinks: textSink ? [textSink] : [],
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && (e as NodeJS.ErrnoException).path) {
      err(`ndiswb run: cannot write ${(e as NodeJS.ErrnoException).path}: ${code}\n`);
      return 2;
    }
    throw e;
  }
  if (format === 'json') summaryOut(JSON.stringify(summaryJson(outcome)) + '\n');
  else if (outcome.kind === 'invalid') err(summaryText(outcome));
  else summaryOut((textSink ? '\n' : '') + summaryText(outcome));
  return exitCode(outcome);
}
