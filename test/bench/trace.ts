/**
 * The trace viewer with a million events: the real viewer bundle (dist/webview.js) in headless
 * chromium (playwright-core + Debian chromium) and its host side (client/src/trace, the same code
 * the extension host runs) in a child process of its own, as VS Code keeps the extension host
 * apart from the window; this process relays the messages between them, one at a time, as
 * structured data. The child measures its own event loop, so Playwright's work here is not
 * counted as the host's.
 *   trace.first_rows_ms       opening a 1M-event JSONL trace: from the host starting to open it
 *                             (the viewer page loading meanwhile) until the first rows are on
 *                             screen (target ≤ 1000 ms)
 *   trace.open_index_ms       until the host has indexed all of it (rows show long before)
 *   trace.scroll_fps          frames per second while the event table scrolls steadily through the
 *                             million rows, rows pulled in windows as they come on screen (≥ 30)
 *   trace.scroll_worst_frame_ms  the longest frame of that scroll
 *   trace.open_max_stall_ms   the longest the host's event loop was blocked while indexing the file
 *   trace.run_max_stall_ms    the longest the host's event loop was blocked while a 1M-event
 *                             simulation ran in its worker and streamed to a client following it
 *                             as the viewer does (≤ 50 ms: "no task over 50 ms" on the extension
 *                             host's main thread)
 *   trace.run_events_per_s    events per second through worker, host store and index
 *   trace.run_max_stall_with_viewer_ms  the same with the real viewer rendering in chromium: on a
 *                             2-core machine the browser, the worker and the host share the cores,
 *                             and preemption and slower (parallel) GC show up as longer gaps
 *   trace.index_bytes_per_event  the host's index (the events themselves stay on disk)
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { TraceHost } from '../../client/src/trace/traceHost';
import type { HostToWebview, WebviewToHost } from '../../common/src/traceProtocol';
import { runScenario } from '../../simulator/src/run/run';
import type { Metric } from './types';

export const name = 'trace';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const EVENTS = 1_000_000;

function scenario(events: number): string {
  return `name: bench - UDP echo, ${events} events
seed: 1
hosts:
  - name: alice
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.1/24 } }
    adapters: [{ name: eth0, driver: VETH }]
  - name: bob
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }
    adapters: [{ name: eth0, driver: VETH }]
wires:
  - { name: w0, between: [alice/eth0, bob/eth0], bandwidth: 100Gbps, latency: 1us }
traffic:
  - at: 1ms
    udp: { from: alice, to: 10.0.0.2, port: 7, payload: bench, count: 1000000000, interval: 2us }
stop: { events: ${events}, teardown: false }
limits: { maxEvents: 1000000000, maxWallTime: 900s, maxVirtualTime: 100000s }
`;
}

type HostMode = 'open' | 'run';
interface HostResult {
  readonly stallMs: number;
  readonly events: number;
  readonly indexBytes: number;
  /** Until the trace was indexed (open) or the run ended (run). */
  readonly readyMs: number;
  readonly end?: string;
}
type FromHost = { readonly kind: 'loaded' } | { readonly kind: 'post'; readonly m: HostToWebview } | { readonly kind: 'ready'; readonly readyMs: number; readonly events: number; readonly end?: string } | { readonly kind: 'result'; readonly result: HostResult };
type ToHost = { readonly kind: 'start' } | { readonly kind: 'msg'; readonly m: WebviewToHost } | { readonly kind: 'finish' };

/** Child mode: the extension host's part, measuring its own event loop from `start` until `finish`. */
function hostChild(mode: HostMode, arg: string, dir: string): void {
  const send = (m: FromHost): void => {
    if (process.connected) process.send!(m); // answers still in flight after `finish` go nowhere
  };
  let host: TraceHost | undefined;
  let timer: NodeJS.Timeout | undefined;
  let worst = 0;
  let readyMs = 0;
  const start = (): void => {
    let last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 5);
      last = now;
    }, 5);
    const t0 = performance.now();
    const h = mode === 'open' ? TraceHost.open(arg) : TraceHost.run({ title: 'bench', text: scenario(Number(arg)), file: 'bench.yaml', dir, workerFile: path.join(DIST, 'simWorker.js') });
    host = h;
    h.attach((m) => send({ kind: 'post', m }));
    void h.ready.then((end) => {
      readyMs = performance.now() - t0;
      send({ kind: 'ready', readyMs, events: h.events, ...(end ? { end: end.kind } : {}) });
    });
  };
  process.on('message', (msg: ToHost) => {
    if (msg.kind === 'start') start();
    else if (msg.kind === 'msg') void host?.handle(msg.m);
    else {
      clearInterval(timer);
      send({ kind: 'result', result: { stallMs: Math.max(0, Math.round(worst)), events: host?.events ?? 0, indexBytes: host?.session.index.bytes ?? 0, readyMs } });
      host?.dispose();
      process.disconnect();
    }
  });
  send({ kind: 'loaded' });
}

interface HostHandle {
  readonly child: ChildProcess;
  readonly ready: Promise<{ readyMs: number; events: number; end?: string }>;
  toHost(m: WebviewToHost): void;
  /** Starts the host's work (the extension host was up before: its start-up is not counted). */
  start(): number;
  finish(): Promise<HostResult>;
}

/** The host in a child process; `onPost` receives what it posts to the webview. */
async function startHost(mode: HostMode, arg: string, dir: string, onPost: (m: HostToWebview) => void): Promise<HostHandle> {
  const child = fork(__filename, ['host', mode, arg, dir], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('error', (e) => process.stderr.write(`bench host: ${e.message}\n`));
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  let onReady!: (r: { readyMs: number; events: number; end?: string }) => void;
  let onResult!: (r: HostResult) => void;
  const ready = new Promise<{ readyMs: number; events: number; end?: string }>((r) => (onReady = r));
  const result = new Promise<HostResult>((r) => (onResult = r));
  child.on('message', (m: FromHost) => {
    if (m.kind === 'post') onPost(m.m);
    else if (m.kind === 'ready') onReady(m);
    else if (m.kind === 'result') onResult(m.result);
  });
  return {
    child, ready,
    toHost: (m) => {
      // the page may still ask after `finish`; a closed channel then is no error
      if (child.connected) child.send({ kind: 'msg', m } satisfies ToHost, () => {});
    },
    start: () => {
      child.send({ kind: 'start' } satisfies ToHost);
      return performance.now();
    },
    finish: () => {
      child.send({ kind: 'finish' } satisfies ToHost);
      return result;
    },
  };
}

/** The host in a child process and a page with the viewer bundle wired to it (acquireVsCodeApi stand-in). */
async function openViewer(page: Page, mode: HostMode, arg: string, dir: string): Promise<HostHandle & { started: number }> {
  const toPage: HostToWebview[] = [];
  let sending = false;
  const pump = async (): Promise<void> => {
    if (sending) return;
    sending = true;
    while (toPage.length) {
      const batch = toPage.splice(0, 64);
      await page.evaluate(`for (const m of ${JSON.stringify(batch)}) window.postMessage(m, '*');`).catch(() => {});
    }
    sending = false;
  };
  const host = await startHost(mode, arg, dir, (m) => {
    toPage.push(m);
    void pump();
  });
  await page.exposeFunction('__toHost', (m: WebviewToHost) => host.toHost(m));
  // Page scripts are strings: tsx's helpers (__name) do not exist in the page, and this project has no DOM types.
  await page.addInitScript(`{
    let state;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m), getState: () => state, setState: (s) => { state = s; } });
  }`);
  page.on('pageerror', (e) => process.stderr.write(`bench page error: ${e.message}\n`));
  const started = host.start();
  const html = path.join(os.tmpdir(), `ndiswb-bench-viewer-${process.pid}.html`);
  fs.writeFileSync(html, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="file://${DIST}/webview.css"></head>` +
    `<body class="vscode-dark"><div id="app"></div><script src="file://${DIST}/webview.js"></script></body></html>`);
  await page.goto(`file://${html}`);
  fs.rmSync(html, { force: true });
  return { ...host, started };
}

/**
 * A run followed by a client that speaks the protocol as the viewer does while following (ready,
 * the whole-trace view, then the newest rows at every `grew`), without a browser: on a small
 * machine a rendering browser competes with the host and its worker for the same cores.
 */
async function followHeadless(dir: string): Promise<{ ran: { readyMs: number; events: number; end?: string }; result: HostResult; windows: number }> {
  let windows = 0;
  let requestId = 0;
  const host = await startHost('run', String(EVENTS), dir, (m) => {
    if (m.type === 'grew' && m.rows > 0) host.toHost({ type: 'getWindow', requestId: ++requestId, viewId: 1, start: Math.max(0, m.rows - 40), count: 40 });
    else if (m.type === 'window') windows++;
  });
  host.start();
  host.toHost({ type: 'ready' });
  host.toHost({ type: 'setFilter', viewId: 1, filter: {} });
  const ran = await host.ready;
  const result = await host.finish();
  return { ran, result, windows };
}

/** Steady scrolling of the event table for `ms`: frames per second and the worst frame. */
async function scroll(page: Page, ms: number): Promise<{ fps: number; worstMs: number; rowsSeen: number }> {
  return page.evaluate(`(async () => {
    const duration = ${ms};
    const grid = document.querySelector('#panel-events .vlist');
    const frames = [];
    const seen = new Set();
    const start = performance.now();
    let t = start;
    grid.scrollTop = grid.scrollHeight / 4;
    await new Promise((resolve) => {
      const step = (now) => {
        frames.push(now - t);
        t = now;
        grid.scrollTop += 900; // about 220 rows a frame through the scaled range: ~13,000 rows a second
        for (const r of grid.querySelectorAll('.vlist-layer [data-seq]')) seen.add(r.dataset.seq);
        if (now - start < duration) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    const elapsed = (t - start) / 1000;
    return { fps: (frames.length - 1) / elapsed, worstMs: Math.max(...frames.slice(1)), rowsSeen: seen.size };
  })()`);
}

export async function run(): Promise<Metric[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-bench-trace-'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    // A 1M-event trace on disk.
    const file = path.join(dir, 'million.jsonl');
    const o = runScenario({ text: scenario(EVENTS), file: 'bench.yaml', dir, trace: file });
    if (o.kind !== 'ran' || o.result.events < EVENTS) throw new Error('bench: the 1M-event scenario did not run');

    // Open it in the viewer: time to the first rows, then scroll through it.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const opened = await openViewer(page, 'open', file, dir);
    await page.locator('#panel-events .vlist-layer [data-seq]').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = performance.now() - opened.started;
    const indexed = await opened.ready;
    if (indexed.events < EVENTS) throw new Error(`bench: indexed ${indexed.events} of ${EVENTS} events`);
    await page.waitForFunction(`(document.querySelector('#row-count')?.textContent ?? '').replace(/\\D/g, '') === '${indexed.events}'`, undefined, { timeout: 60_000 });
    const s = await scroll(page, 3000);
    const open = await opened.finish();
    await page.close();

    // A 1M-event simulation followed by a client, then by the real viewer.
    const headless = await followHeadless(dir);
    if (headless.ran.end !== 'done') throw new Error(`bench: the live run ended ${headless.ran.end}`);
    if (headless.windows < 5) throw new Error(`bench: the follower got ${headless.windows} windows`);
    const page2 = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const live = await openViewer(page2, 'run', String(EVENTS), dir);
    const ran = await live.ready;
    if (ran.end !== 'done') throw new Error(`bench: the live run ended ${ran.end}`);
    const withViewer = await live.finish();
    await page2.close();

    return [
      { name: 'trace.first_rows_ms', value: Math.round(firstRowsMs), unit: 'ms', target: { max: 1000 } },
      { name: 'trace.scroll_fps', value: Math.round(s.fps), unit: 'fps', target: { min: 30 } },
      { name: 'trace.scroll_worst_frame_ms', value: Math.round(s.worstMs), unit: 'ms' },
      { name: 'trace.scroll_rows_seen', value: s.rowsSeen, unit: 'rows' },
      { name: 'trace.open_index_ms', value: Math.round(indexed.readyMs), unit: 'ms' },
      { name: 'trace.open_max_stall_ms', value: open.stallMs, unit: 'ms', target: { max: 50 } },
      { name: 'trace.run_max_stall_ms', value: headless.result.stallMs, unit: 'ms', target: { max: 50 } },
      { name: 'trace.run_events_per_s', value: Math.round(headless.ran.events / (headless.ran.readyMs / 1000)), unit: 'events/s' },
      { name: 'trace.run_max_stall_with_viewer_ms', value: withViewer.stallMs, unit: 'ms' },
      { name: 'trace.index_bytes_per_event', value: Math.round((open.indexBytes / open.events) * 10) / 10, unit: 'B' },
    ];
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === 'host') {
  hostChild(process.argv[3] as HostMode, process.argv[4]!, process.argv[5]!);
} else if (require.main === module) {
  run().then((ms) => {
    for (const m of ms) process.stdout.write(`${m.name} ${m.value} ${m.unit}\n`);
  }, (e: unknown) => {
    process.stderr.write(String((e as Error)?.stack ?? e));
    process.exitCode = 1;
  });
}
