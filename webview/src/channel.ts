/**
 * How the viewer talks to its host: the VS Code webview API (acquireVsCodeApi), or, in an HTML
 * report, a host running in the page itself (reportHost.ts). The viewer sees one interface.
 */
import type { HostToWebview, TraceViewState, WebviewToHost } from '../../common/src/traceProtocol';

export interface Channel {
  readonly kind: 'vscode' | 'report';
  post(m: WebviewToHost): void;
  onMessage(cb: (m: HostToWebview) => void): void;
  getState(): TraceViewState | undefined;
  setState(s: TraceViewState): void;
}

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeChannel(): Channel {
  const api = acquireVsCodeApi();
  return {
    kind: 'vscode',
    post: (m) => api.postMessage(m),
    onMessage: (cb) => window.addEventListener('message', (ev: MessageEvent) => {
      const d = ev.data as HostToWebview | undefined;
      if (d && typeof d === 'object' && typeof d.type === 'string') cb(d);
    }),
    getState: () => (api.getState() ?? undefined) as TraceViewState | undefined,
    setState: (s) => api.setState(s),
  };
}
