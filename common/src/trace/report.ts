/**
 * The self-contained HTML report: the trace viewer's bundle (script and style inlined, under a
 * strict CSP with a nonce) and the trace itself embedded as JSON Lines, plus the capture as
 * base64 when there is one. No network: everything the page needs is in the file. The webview
 * bundle finds the embedded data by the element ids below and serves itself from it.
 * Written as a stream of strings, so a large trace is never held in memory twice.
 */

export const REPORT_DATA_ID = 'ndis-trace-data';
export const REPORT_PCAPNG_ID = 'ndis-trace-pcapng';
export const REPORT_META_ID = 'ndis-trace-meta';

export interface ReportInfo {
  readonly title: string;
  /** dist/webview.js and dist/webview.css. */
  readonly script: string;
  readonly style: string;
  /** A fresh random nonce (base64 or hex; the caller draws it from a CSPRNG). */
  readonly nonce: string;
  /** Shown in the report's header: scenario, seed, exit status... */
  readonly summary?: Readonly<Record<string, string | number | boolean | null>>;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** JSON text that is safe inside a <script> element: every `<` becomes \u003c (valid in JSON strings, the only place JSON has one). */
export function scriptSafeJson(text: string): string {
  return text.replace(/</g, '\\u003c');
}

/** JavaScript that is safe inside a <script> element. */
export function scriptSafeJs(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS that is safe inside a <style> element. */
export function styleSafeCss(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of a byte stream in pieces (common/ has neither Buffer nor btoa). */
export class Base64Writer {
  private carry: number[] = [];
  push(bytes: Uint8Array): string {
    const all = this.carry.length ? Uint8Array.from([...this.carry, ...bytes]) : bytes;
    const whole = all.length - (all.length % 3);
    this.carry = Array.from(all.subarray(whole));
    return encode(all, 0, whole);
  }
  end(): string {
    const rest = Uint8Array.from(this.carry);
    this.carry = [];
    return encode(rest, 0, rest.length);
  }
}

function encode(b: Uint8Array, from: number, to: number): string {
  const parts: string[] = [];
  let s = '';
  for (let i = from; i < to; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const left = to - i;
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (left > 1 ? B64[(n >> 6) & 63]! : '=') + (left > 2 ? B64[n & 63]! : '=');
    if (s.length >= 65536) {
      parts.push(s);
      s = '';
    }
  }
  parts.push(s);
  return parts.join('');
}

/** Bytes from base64 (the report page decodes the embedded capture with it). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  const val = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) val[B64.charCodeAt(i)] = i;
  let o = 0;
  for (let i = 0; i + 1 < clean.length; i += 4) {
    const a = val[clean.charCodeAt(i)]!;
    const b = val[clean.charCodeAt(i + 1)]!;
    const c = i + 2 < clean.length ? val[clean.charCodeAt(i + 2)]! : -1;
    const d = i + 3 < clean.length ? val[clean.charCodeAt(i + 3)]! : -1;
    const n = (a << 18) | (b << 12) | ((c < 0 ? 0 : c) << 6) | (d < 0 ? 0 : d);
    out[o++] = (n >> 16) & 255;
    if (c >= 0) out[o++] = (n >> 8) & 255;
    if (d >= 0) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

/** Writes the report: `write` receives the HTML in order; `trace` yields JSON Lines text in any chunking. */
export async function writeReport(
  info: ReportInfo,
  trace: AsyncIterable<string>,
  pcapng: AsyncIterable<Uint8Array> | undefined,
  write: (s: string) => void | Promise<void>,
): Promise<void> {
  const n = escapeHtml(info.nonce);
  const csp = `default-src 'none'; style-src 'nonce-${n}'; script-src 'nonce-${n}'; img-src data:;`;
  await write(
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
      `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
      `<meta name="generator" content="NDIS Workbench">\n<title>${escapeHtml(info.title)}</title>\n` +
      `<style nonce="${n}">\n${styleSafeCss(info.style)}\n</style>\n</head>\n<body class="ndis-report">\n` +
      `<script type="application/json" id="${REPORT_META_ID}">${scriptSafeJson(JSON.stringify({ title: info.title, summary: info.summary ?? {} }))}</script>\n` +
      `<script type="application/x-ndjson" id="${REPORT_DATA_ID}">\n`,
  );
  for await (const chunk of trace) await write(scriptSafeJson(chunk));
  await write('</script>\n');
  if (pcapng) {
    await write(`<script type="application/octet-stream" id="${REPORT_PCAPNG_ID}" data-encoding="base64">`);
    const b64 = new Base64Writer();
    for await (const bytes of pcapng) await write(b64.push(bytes));
    await write(b64.end() + '</script>\n');
  }
  await write(`<script nonce="${n}">\n${scriptSafeJs(info.script)}\n</script>\n</body>\n</html>\n`);
}
