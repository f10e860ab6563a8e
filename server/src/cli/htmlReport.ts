/**
 * `ndiswb run … --html report.html`: runs the scenario as `ndiswb run` does, with the trace and
 * the capture going to files (the ones given with --trace / --pcapng, else temporary ones), then
 * writes the self-contained HTML report: the trace viewer with the data embedded, no network
 * (common/src/trace/report.ts).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeReport } from '../../../common/src/trace/report';

/** `--html X` / `--html=X` taken out of argv; undefined when absent. */
export function takeHtmlOption(argv: readonly string[]): { html?: string; rest: string[]; error?: string } {
  const rest: string[] = [];
  let html: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--html') {
      if (i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) return { rest, error: '--html needs a file name' };
      html = argv[++i];
    } else if (a.startsWith('--html=')) html = a.slice('--html='.length);
    else rest.push(a);
  }
  return html !== undefined ? { html, rest } : { rest };
}

function optionValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i]!.startsWith(`${name}=`)) return argv[i]!.slice(name.length + 1);
  }
  return undefined;
}

/** The viewer bundle: next to the CLI bundle (dist/), or the repository's dist/ when run from source. */
function assets(): { script: string; style: string } {
  for (const d of [__dirname, path.resolve(__dirname, '..', '..', '..', 'dist')]) {
    const js = path.join(d, 'webview.js');
    const css = path.join(d, 'webview.css');
    if (fs.existsSync(js) && fs.existsSync(css)) return { script: fs.readFileSync(js, 'utf8'), style: fs.readFileSync(css, 'utf8') };
  }
  throw new Error('the trace viewer bundle (dist/webview.js, dist/webview.css) is missing; run `npm run build`');
}

/** Runs `run` with --html handled; returns the exit status. */
export async function runWithHtml(argv: readonly string[], run: (argv: readonly string[]) => number): Promise<number> {
  const opt = takeHtmlOption(argv);
  if (opt.error) {
    process.stderr.write(`ndiswb run: ${opt.error}\n`);
    return 2;
  }
  if (opt.html === undefined) return run(opt.rest);
  const userTrace = optionValue(opt.rest, '--trace');
  if (userTrace === '-') {
    process.stderr.write('ndiswb run: --html needs the trace in a file; use --trace out.jsonl (not -) with it\n');
    return 2;
  }
  let tmp: string | undefined;
  const args = [...opt.rest];
  const tmpDir = (): string => (tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-html-')));
  const trace = userTrace ?? path.join(tmpDir(), 'trace.jsonl');
  if (!userTrace) args.push('--trace', trace);
  const pcapng = optionValue(opt.rest, '--pcapng') ?? path.join(tmpDir(), 'capture.pcapng');
  if (!optionValue(opt.rest, '--pcapng')) args.push('--pcapng', pcapng);
  try {
    const code = run(args);
    if (!fs.existsSync(trace)) return code; // bad usage or a bad scenario: nothing ran, nothing to report
    const positional = opt.rest.find((a, i) => !a.startsWith('--') && (i === 0 || !/^--(trace|pcapng|format|seed|max-events|driver)$/.test(opt.rest[i - 1]!)));
    const title = `NDIS trace: ${positional ? path.basename(positional) : 'demo.yaml'}`;
    try {
      const out = fs.createWriteStream(opt.html);
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      await writeReport(
        { title, ...assets(), nonce: randomBytes(18).toString('base64'), summary: { exitCode: code } },
        fs.createReadStream(trace, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>,
        fs.existsSync(pcapng) ? (fs.createReadStream(pcapng, { highWaterMark: 3 << 18 }) as AsyncIterable<Uint8Array>) : undefined,
        async (s) => {
          if (!out.write(s)) await Promise.race([once(out, 'drain'), failed]);
        },
      );
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    } catch (e) {
      process.stderr.write(`ndiswb run: cannot write the HTML report ${opt.html}: ${(e as Error).message}\n`);
      return 2;
    }
    return code;
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
