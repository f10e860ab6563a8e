/**
 * The trace viewer's webview panel: strict CSP (scripts by a crypto nonce, everything else only
 * from dist/ through localResourceRoots), the typed protocol of common/src/traceProtocol.ts, and
 * a serializer that brings the panel back after a reload from the state the webview saved (no
 * retainContextWhenHidden: a hidden panel is rebuilt from the host when shown again).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isWebviewMessage, type ExportFormat, type TraceViewState } from '../../../common/src/traceProtocol';
import { TraceHost, type HostHooks } from './traceHost';

export const VIEW_TYPE = 'ndis.trace';

export interface PanelServices {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  /** Export the trace of a panel (exports.ts through the commands). */
  exportTrace(panel: TracePanel, format: ExportFormat): Promise<void>;
  /** Folders a relative source path in the trace is tried against, besides the workspace. */
  readonly sourceRoots?: readonly string[];
  /** A pcapng frame summary for captures without ndiswb comments. */
  summarize(frame: Uint8Array): string;
}

export class TracePanel {
  private static readonly panels = new Set<TracePanel>();
  private static lastActive: TracePanel | undefined;
  private static readonly changed = new vscode.EventEmitter<void>();
  /** Fires when panels open, close, or their run starts or ends. */
  static readonly onDidChange = TracePanel.changed.event;

  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly host: TraceHost,
    private readonly services: PanelServices,
    readonly sourceDirs: readonly string[],
  ) {
    TracePanel.panels.add(this);
    TracePanel.lastActive = this;
    panel.webview.options = webviewOptions(services.extensionUri);
    panel.webview.html = this.html();
    host.attach((m) => {
      void panel.webview.postMessage(m);
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isWebviewMessage(m)) void host.handle(m).catch((e: unknown) => services.output.error(`trace viewer: ${(e as Error).stack ?? e}`));
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) TracePanel.lastActive = this;
        void vscode.commands.executeCommand('setContext', 'ndis.traceFocused', e.webviewPanel.active);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    void host.ready.then(() => TracePanel.changed.fire());
    TracePanel.changed.fire();
  }

  /** A new panel for `host` beside the active editor. */
  static show(host: TraceHost, services: PanelServices, sourceDirs: readonly string[]): TracePanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, host.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(services.extensionUri));
    return new TracePanel(panel, host, services, sourceDirs);
  }

  /** A panel VS Code restored after a reload: reopen the trace file its state names. */
  static restore(panel: vscode.WebviewPanel, state: TraceViewState | undefined, services: PanelServices): TracePanel | undefined {
    const file = state?.traceFile;
    if (!file || !fs.existsSync(file)) {
      panel.webview.options = webviewOptions(services.extensionUri);
      panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body><p>The trace${file ? ` ${escapeHtml(file)}` : ''} is no longer available (a simulation's trace lives until its viewer is closed). Run the scenario again, or use NDIS: Open Trace…</p></body></html>`;
      return undefined;
    }
    const host = TraceHost.open(file, hostHooks(() => current), services.summarize, {
      ...(state?.title ? { title: state.title } : {}),
      ...(state?.pcapngFile ? { pcapngFile: state.pcapngFile } : {}),
    });
    let current: TracePanel | undefined;
    current = new TracePanel(panel, host, services, [path.dirname(file)]);
    return current;
  }

  static get active(): TracePanel | undefined {
    return TracePanel.lastActive && TracePanel.panels.has(TracePanel.lastActive) ? TracePanel.lastActive : [...TracePanel.panels].pop();
  }

  static get running(): TracePanel[] {
    return [...TracePanel.panels].filter((p) => p.host.running);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(18).toString('base64');
    const dist = vscode.Uri.joinPath(this.services.extensionUri, 'dist');
    const js = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css.toString()}">
<title>${escapeHtml(this.host.title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
  }

  /** Opens a source location of the trace in an editor beside the viewer. */
  async openSource(file: string, line: number): Promise<void> {
    const uri = this.resolveSource(file);
    if (!uri) {
      void vscode.window.showWarningMessage(`NDIS: cannot find ${file} (looked next to the scenario and in the workspace folders).`);
      return;
    }
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(pos, pos), preserveFocus: false });
  }

  private resolveSource(file: string): vscode.Uri | undefined {
    if (path.isAbsolute(file)) return fs.existsSync(file) ? vscode.Uri.file(file) : undefined;
    const roots = [...this.sourceDirs, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
    for (const r of roots) {
      const p = path.resolve(r, file);
      if (fs.existsSync(p)) return vscode.Uri.file(p);
    }
    return undefined;
  }

  exportTrace(format: ExportFormat): Promise<void> {
    return this.services.exportTrace(this, format);
  }

  dispose(): void {
    if (!TracePanel.panels.delete(this)) return;
    for (const d of this.disposables) d.dispose();
    this.host.dispose();
    if (TracePanel.lastActive === this) TracePanel.lastActive = undefined;
    TracePanel.changed.fire();
  }

  static disposeAll(): void {
    for (const p of [...TracePanel.panels]) p.panel.dispose();
  }
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')], enableFindWidget: false };
}

/** Host hooks that route viewer requests to the panel showing the host. */
export function hostHooks(panel: () => TracePanel | undefined, progress?: (events: number) => void): HostHooks {
  return {
    openSource: (file: string, line: number) => void panel()?.openSource(file, line),
    exportTrace: (format: ExportFormat) => void panel()?.exportTrace(format),
    ...(progress ? { progress } : {}),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Registers the serializer that restores trace panels after a reload. */
export function registerSerializer(services: PanelServices): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      TracePanel.restore(panel, (state ?? undefined) as TraceViewState | undefined, services);
    },
  });
}
