/**
 * Exporting a trace: the JSON Lines file and the pcapng capture are copied; the HTML report is the
 * viewer's bundle with the trace embedded (common/src/trace/report.ts), streamed to disk.
 * VS Code-free so the CLI's `--html` and the tests share it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { writeReport, type ReportInfo } from '../../../common/src/trace/report';

/** The viewer bundle next to this bundle (dist/), or in the repository's dist/ when run from source. */
export function webviewAssets(distDirs: readonly string[]): { script: string; style: string } {
  for (const d of distDirs) {
    const js = path.join(d, 'webview.js');
    const css = path.join(d, 'webview.css');
    if (fs.existsSync(js) && fs.existsSync(css)) return { script: fs.readFileSync(js, 'utf8'), style: fs.readFileSync(css, 'utf8') };
  }
  throw new Error(`the trace viewer bundle (webview.js, webview.css) is not in ${distDirs.join(' or ')}; run \`npm run build\``);
}

/** Writes a self-contained HTML report of `traceFile` (and `pcapngFile`) to `out`. */
export async function writeHtmlReport(out: string, opts: {
  readonly title: string;
  readonly traceFile: string;
  readonly pcapngFile?: string;
  readonly assets: { readonly script: string; readonly style: string };
  readonly summary?: ReportInfo['summary'];
}): Promise<void> {
  const info: ReportInfo = { title: opts.title, script: opts.assets.script, style: opts.assets.style, nonce: randomBytes(18).toString('base64'), ...(opts.summary ? { summary: opts.summary } : {}) };
  const stream = fs.createWriteStream(out);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  const write = async (s: string): Promise<void> => {
    if (!stream.write(s)) await Promise.race([once(stream, 'drain'), failed]);
  };
  const trace = fs.createReadStream(opts.traceFile, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
  const pcap = opts.pcapngFile && fs.existsSync(opts.pcapngFile) ? (fs.createReadStream(opts.pcapngFile, { highWaterMark: 3 << 18 }) as AsyncIterable<Uint8Array>) : undefined;
  await writeReport(info, trace, pcap, write);
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}

/** Copies a file (streamed). */
export async function copyFile(from: string, to: string): Promise<void> {
  await fs.promises.copyFile(from, to);
}
