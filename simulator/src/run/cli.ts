/**
 * `ndiswb run [scenario.yaml] [--trace out.jsonl] [--pcapng out.pcapng] [--format text|json]
 * [--seed N] [--max-events N] [--quiet]`. Without a scenario it runs the bundled demo.
 * `ndiswb run --driver DIR [--kind K] [--print-scenario]` runs the driver in DIR (its C sources,
 * interpreted) in the default scenario for its kind (simulator/src/user/scenarios.ts).
 * Exit status: 0 clean, 1 bug check, violation or a failed DriverEntry, 2 bad usage, bad scenario
 * or budget stop.
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
import type { UserDriverLoader } from '../scenario/compile';
import { defaultScenario, detectKind, detectRoles, detectServiceName, type UserDriverKind } from '../user';

/** What the embedding CLI provides: driver execution needs a C parser, which lives in the language server. */
export interface RunCommandOptions {
  /** A loader for `source:` drivers and `--driver` (undefined: user drivers cannot run). */
  readonly userDriverLoader?: () => UserDriverLoader;
}

const KINDS: readonly UserDriverKind[] = ['protocol', 'miniport', 'filter', 'intermediate', 'provider'];

/** The default scenario for `--driver DIR`, or an error message. */
function driverScenario(dir: string, kind: string | undefined, seed: number | undefined): { text: string; file: string } | string {
  const folder = path.resolve(dir);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) return `--driver ${dir}: no such folder`;
  if (kind !== undefined && !KINDS.includes(kind as UserDriverKind)) return `unknown --kind "${kind}" (${KINDS.join(', ')})`;
  const k = (kind as UserDriverKind | undefined) ?? detectKind(folder);
  if (!k) return `--driver ${dir}: its .c files register no NDIS driver (no NdisRegisterProtocolDriver, NdisMRegisterMiniportDriver, NdisFRegisterFilterDriver or NdisIfRegisterProvider); give --kind`;
  const text = defaultScenario({ source: folder, kind: k, serviceName: detectServiceName(folder), provider: detectRoles(folder, k).includes('provider'), ...(seed !== undefined ? { seed } : {}) });
  return { text, file: `${dir} (default ${k} scenario)` };
}


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
export function runCommand(argv: readonly string[], opts: RunCommandOptions = {}): number {
  const err = writer(2);
  let values: {
    trace?: string; pcapng?: string; format?: string; seed?: string; 'max-events'?: string; quiet?: boolean; driver?: string; kind?: string; 'print-scenario'?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv], allowPositionals: true,
      options: {
        trace: { type: 'string' }, pcapng: { type: 'string' }, format: { type: 'string' }, seed: { type: 'string' }, 'max-events': { type: 'string' }, quiet: { type: 'boolean' },
        driver: { type: 'string' }, kind: { type: 'string' }, 'print-scenario': { type: 'boolean' },
      },
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
    values.driver !== undefined && positionals.length ? '--driver runs the default scenario for the driver; give a scenario file or --driver, not both' : '',
    values.driver === undefined && (values.kind !== undefined || values['print-scenario']) ? '--kind and --print-scenario go with --driver' : '',
  ].filter(Boolean);
  if (problems.length) {
    err(problems.map((p) => `ndiswb run: ${p}\n`).join(''));
    return 2;
  }
  let text = DEMO_SCENARIO;
  let file = DEMO_FILE;
  let dir = process.cwd();
  if (values.driver !== undefined) {
    const s = driverScenario(values.driver, values.kind, typeof seed === 'number' ? seed : undefined);
    if (typeof s === 'string') {
      err(`ndiswb run: ${s}\n`);
      return 2;
    }
    if (values['print-scenario']) {
      writer(1)(s.text);
      return 0;
    }
    ({ text, file } = s);
  } else if (positionals[0] !== undefined) {
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
  const userDriverLoader = opts.userDriverLoader?.();
  if (values.driver !== undefined && !userDriverLoader) {
    err('ndiswb run: --driver needs driver execution, which this build of ndiswb does not provide\n');
    return 2;
  }
  let outcome;
  try {
    outcome = runScenario({
      text, file, dir, ...(typeof seed === 'number' ? { seed } : {}), ...(typeof maxEvents === 'number' ? { maxEvents } : {}),
      ...(values.trace !== undefined ? { trace: toStdout ? 1 : values.trace } : {}), ...(values.pcapng !== undefined ? { pcapng: values.pcapng } : {}),
      sinks: textSink ? [textSink] : [], ...(userDriverLoader ? { userDriverLoader } : {}),
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
