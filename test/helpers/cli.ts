/**
 * Run the built `ndiswb` CLI (bin/ndiswb.js → dist/cli.js) as a child process. A child that runs
 * past its timeout is killed and reported through `timedOut` (tests assert on that, not on time).
 */
import { spawn } from 'node:child_process';
import { NDISWB_BIN } from './lspClient';

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Close our end of stdout after the first chunk, like `ndiswb check | head -1`. */
  readonly closeStdoutEarly?: boolean;
}

export function runCli(args: readonly string[], opts: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NDISWB_BIN, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      if (opts.closeStdoutEarly) child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A V8 stack frame line ("    at f (file.js:1:2)") or Node's uncaught-exception banner. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$|^Node\.js v\d+|^\S+Error: .*\n\s+at /m;

export function describeRun(r: CliResult): string {
  return `status ${r.status}, signal ${r.signal}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr.slice(0, 2000)}`;
}
