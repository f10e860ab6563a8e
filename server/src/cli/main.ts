/**
 * `ndiswb`: the NDIS Workbench command line.
 *   ndiswb check [paths...] [--format text|json|sarif] [--ndis-version 6.30] [--define NAME[=V]]...
 *   ndiswb run [scenario.yaml] [--trace out.jsonl] [--pcapng out.pcapng] [--format text|json] [--seed N] [--max-events N]
 *   ndiswb run --driver DIR [--kind K] [--print-scenario] [options]
 *   ndiswb lsp --stdio
 * Exit status: 0 no error-severity finding, 1 at least one, 2 bad usage or unreadable input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { runCheck } from './check';
import { TOOL_VERSION } from './format';
import { RUN_USAGE } from '../../../simulator/src/run/usage';

const USAGE = `usage: ndiswb <command> [options]

commands:
  check [paths...]   analyse NDIS driver sources (directories recursively: .c .h .cpp .hpp)
      --format text|json|sarif   output format (default: text)
      --ndis-version 6.30        NDIS version the driver is built for (default: from the .vcxproj)
      --define NAME[=VALUE]      a preprocessor definition (repeatable)
${RUN_USAGE}  lsp --stdio        run the language server over stdin/stdout (for other editors)
  --version          print the version
`;

/**
 * Driver execution for `ndiswb run` (`--driver DIR`, or `source:` drivers in the scenario): the C
 * interpreter needs tree-sitter's C grammar, which is only loaded when a run needs it.
 */
async function userDriverOptions(argv: readonly string[]): Promise<import('../../../simulator/src/run/cli').RunCommandOptions> {
  const usesSource = (f: string): boolean => {
    try {
      return /(^|[\s{,])source\s*:/m.test(readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  };
  if (!argv.some((a) => a === '--driver' || a.startsWith('--driver=')) && !argv.some((a) => /\.ya?ml$/i.test(a) && usesSource(a))) return {};
  const { ensureGrammar, initParser, parse } = await import('../parser/cparser');
  await initParser();
  await ensureGrammar('c');
  const { createUserDriverLoader } = await import('../../../simulator/src/user');
  return { userDriverLoader: () => createUserDriverLoader({ parser: { parse: (text) => parse('c', text) } }) };
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`ndiswb ${TOOL_VERSION}\n`);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? process.stdout : process.stderr).write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'lsp') {
    if (!rest.includes('--stdio')) {
      process.stderr.write('ndiswb lsp: only --stdio is supported\n');
      return 2;
    }
    const { startServer } = await import('../lsp/server');
    startServer('stdio');
    return -1; // keep running
  }
  if (command === 'run') {
    const { runCommand } = await import('../../../simulator/src/run/cli');
    const opts = await userDriverOptions(rest);
    const run = (a: readonly string[]): number => runCommand(a, opts);
    if (!rest.some((a) => a === '--html' || a.startsWith('--html='))) return run(rest);
    const { runWithHtml } = await import('./htmlReport');
    return runWithHtml(rest, run);
  }
  if (command === 'check') {
    let values: { format?: string; 'ndis-version'?: string; define?: string[] };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...rest],
        allowPositionals: true,
        options: { format: { type: 'string' }, 'ndis-version': { type: 'string' }, define: { type: 'string', multiple: true } },
      }));
    } catch (e) {
      process.stderr.write(`ndiswb check: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json' && format !== 'sarif') {
      process.stderr.write(`ndiswb check: unknown --format "${format}" (text, json or sarif)\n`);
      return 2;
    }
    const result = await runCheck({
      paths: positionals,
      format,
      cwd: process.cwd(),
      settings: { version: values['ndis-version'] ?? '', defines: values.define ?? [] },
    });
    for (const e of result.errors) process.stderr.write(e + '\n');
    // `ndiswb check | head`: the reader going away is not an error worth a stack trace.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') process.stderr.write(`ndiswb: cannot write the report: ${e.message}\n`);
      process.exit(e.code === 'EPIPE' ? result.exitCode : 2);
    });
    process.stdout.write(result.output);
    return result.exitCode;
  }
  process.stderr.write(`ndiswb: unknown command "${command}"\n${USAGE}`);
  return 2;
}

// Entry point of the bundled CLI (a check worker loads this bundle too: it must not run main).
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ndiswb: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
