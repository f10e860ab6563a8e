/**
 * The host of an HTML report, in the page: the same TraceSession the extension host runs, over
 * the JSON Lines embedded in the report (and the capture, when there is one). Lines are indexed in
 * slices, so the first rows show before a large trace is fully read.
 */
import { readAllPackets } from '../../common/src/trace/pcapng';
import { decodeBase64, REPORT_DATA_ID, REPORT_META_ID, REPORT_PCAPNG_ID } from '../../common/src/trace/report';
import { TraceSession, type FrameStore } from '../../common/src/trace/session';
import { splitLines } from '../../common/src/trace/traceIndex';
import type { ExportFormat, HostToWebview, TraceViewState } from '../../common/src/traceProtocol';
import type { Channel } from './channel';
import { h } from './dom';

const CHUNK_CHARS = 256 * 1024;

/** Lets the page paint and handle input (a message-channel turn, not clamped like setTimeout). */
function yieldNow(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { attrs: { href: url, download: name } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function reportChannel(): Channel {
  const text = document.getElementById(REPORT_DATA_ID)?.textContent ?? '';
  const metaText = document.getElementById(REPORT_META_ID)?.textContent;
  const meta = metaText ? (JSON.parse(metaText) as { title?: string }) : {};
  const pcapEl = document.getElementById(REPORT_PCAPNG_ID);
  let pcapBytes: Uint8Array | undefined;
  let frames: FrameStore | undefined;
  if (pcapEl?.textContent?.trim()) {
    try {
      pcapBytes = decodeBase64(pcapEl.textContent);
      const { packets } = readAllPackets(pcapBytes);
      frames = { frame: async (k) => packets[k]?.frame };
    } catch {
      frames = undefined;
    }
  }
  const lines: string[] = [];
  let listener: ((m: HostToWebview) => void) | undefined;
  const queue: HostToWebview[] = [];
  const deliver = (m: HostToWebview): void => {
    if (listener) queueMicrotask(() => listener!(m));
    else queue.push(m);
  };
  const exportTrace = (format: ExportFormat): void => {
    const base = (meta.title ?? 'trace').replace(/[^\w.-]+/g, '-').slice(0, 60) || 'trace';
    if (format === 'jsonl') download(`${base}.jsonl`, text.replace(/^\s+/, ''), 'application/x-ndjson');
    else if (format === 'pcapng' && pcapBytes) download(`${base}.pcapng`, pcapBytes.slice().buffer, 'application/octet-stream');
  };
  const session = new TraceSession({
    title: meta.title ?? 'NDIS trace',
    origin: 'report',
    exports: pcapBytes ? ['jsonl', 'pcapng'] : ['jsonl'],
    store: { read: async (from, to) => lines.slice(from, to) },
    ...(frames ? { frames } : {}),
    port: { post: deliver, yieldNow, exportTrace },
    now: () => performance.now(),
  });
  let state: TraceViewState | undefined;

  // Index the embedded lines in slices; the session posts `grew` as they arrive.
  void (async () => {
    let pos = 0;
    while (pos < text.length) {
      let end = Math.min(text.length, pos + CHUNK_CHARS);
      const nl = text.indexOf('\n', end);
      end = nl < 0 ? text.length : nl + 1;
      const chunk = splitLines(text.slice(pos, end));
      for (const l of chunk) lines.push(l);
      session.ingest(chunk);
      session.flush();
      pos = end;
      await yieldNow();
    }
    session.flush();
  })();

  return {
    kind: 'report',
    post: (m) => void session.handle(m),
    onMessage: (cb) => {
      listener = cb;
      for (const m of queue.splice(0)) queueMicrotask(() => cb(m));
    },
    getState: () => state,
    setState: (s) => {
      state = s;
    },
  };
}
