/**
 * "NDIS Drivers" in the Explorer: every driver of the workspace with its registrations (and the
 * handlers each hands to NDIS, with the IRQL they run at), its interface registrations and unload
 * routines, with the number of NDIS errors and warnings (the server counts every file, open or
 * not). Clicking a node opens its code. The data is asked again (`ndis/drivers`) when
 * diagnostics change, when the server (re)starts, and on "Refresh".
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  DriversRequest,
  type DriverTreeDriver,
  type DriverTreeHandler,
  type DriverTreeInterface,
  type DriverTreeRegistration,
  type NdisLocation,
  type ProblemCounts,
} from '../../common/src/protocol';

type Node =
  | { readonly kind: 'driver'; readonly driver: DriverTreeDriver }
  | { readonly kind: 'registration'; readonly driver: DriverTreeDriver; readonly reg: DriverTreeRegistration }
  | { readonly kind: 'handler'; readonly handler: DriverTreeHandler }
  | { readonly kind: 'group'; readonly label: string; readonly driver: DriverTreeDriver; readonly what: 'interfaces' | 'unloads' }
  | { readonly kind: 'interface'; readonly item: DriverTreeInterface }
  | { readonly kind: 'unload'; readonly fn: string; readonly unloadKind: string; readonly location: NdisLocation | undefined };

const REFRESH_DELAY_MS = 300;

export function activate(context: vscode.ExtensionContext, client: LanguageClient): void {
  const provider = new DriverTreeProvider(client);
  const view = vscode.window.createTreeView('ndis.drivers', { treeDataProvider: provider, showCollapseAll: true });
  let timer: NodeJS.Timeout | undefined;
  let stale = false;
  // Counting problems costs the server an analysis per changed driver: only while the view is shown.
  const soon = (): void => {
    clearTimeout(timer);
    if (!view.visible) {
      stale = true;
      return;
    }
    timer = setTimeout(() => void provider.refresh(), REFRESH_DELAY_MS);
  };
  context.subscriptions.push(
    view,
    { dispose: () => clearTimeout(timer) },
    vscode.commands.registerCommand('ndis.refreshDrivers', () => provider.refresh()),
    vscode.languages.onDidChangeDiagnostics(soon),
    vscode.workspace.onDidChangeWorkspaceFolders(soon),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) soon();
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        soon();
      }
    }),
  );
  soon();
}

class DriverTreeProvider implements vscode.TreeDataProvider<Node> {
  private drivers: DriverTreeDriver[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private generation = 0;

  constructor(private readonly client: LanguageClient) {}

  /** Ask the server again; while it is (re)starting, keep what is shown. */
  async refresh(): Promise<void> {
    if (this.client.state !== State.Running) return;
    const mine = ++this.generation;
    try {
      const list = await this.client.sendRequest(DriversRequest, {});
      if (mine !== this.generation) return;
      this.drivers = list;
    } catch {
      return; // the server restarted mid-request; the next state change refreshes
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.drivers.filter((d) => d.registrations.length || d.interfaces.length).map((driver) => ({ kind: 'driver', driver }));
    switch (node.kind) {
      case 'driver': {
        const d = node.driver;
        const out: Node[] = d.registrations.map((reg) => ({ kind: 'registration', driver: d, reg }));
        if (d.interfaces.length) out.push({ kind: 'group', label: 'Interfaces', driver: d, what: 'interfaces' });
        if (d.unloads.length) out.push({ kind: 'group', label: 'Unload', driver: d, what: 'unloads' });
        return out;
      }
      case 'registration':
        return node.reg.handlers.map((handler) => ({ kind: 'handler', handler }));
      case 'group':
        return node.what === 'interfaces'
          ? node.driver.interfaces.map((item) => ({ kind: 'interface', item }))
          : node.driver.unloads.map((u) => ({ kind: 'unload', fn: u.function, unloadKind: u.kind, location: u.location }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'driver': {
        const d = node.driver;
        const counts = d.problems;
        // Many drivers (a folder of samples): start folded, so the whole list fits.
        const state = this.drivers.length > 3 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
        const item = new vscode.TreeItem(`${d.name} — ${d.kinds.join(' + ') || 'driver'}`, state);
        item.description = [d.ndisVersion ? `NDIS ${d.ndisVersion}` : '', describeCounts(counts)].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('plug', counts.errors ? new vscode.ThemeColor('problemsErrorIcon.foreground') : counts.warnings ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
        item.tooltip = new vscode.MarkdownString(`**${d.name}**: ${d.kinds.join(', ')} driver, ${d.files.length} files\n\n${vscode.Uri.parse(d.rootUri).fsPath}`);
        item.resourceUri = vscode.Uri.parse(d.rootUri);
        item.contextValue = 'ndisDriver';
        item.id = `driver:${d.rootUri}`;
        return item;
      }
      case 'registration': {
        const r = node.reg;
        const item = new vscode.TreeItem(`${r.kind}${r.name ? ` ${r.name}` : ''}`, vscode.TreeItemCollapsibleState.Expanded);
        item.description = [r.ddi, r.ndisVersion ? `NDIS ${r.ndisVersion}` : '', `${r.handlers.length} handler${r.handlers.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
        item.tooltip = `${r.ddi}(…${r.object}…): ${r.struct}`;
        item.iconPath = new vscode.ThemeIcon('symbol-event');
        item.command = openCommand(r.location);
        item.id = `reg:${r.location.uri}:${r.location.range.start.line}`;
        return item;
      }
      case 'handler': {
        const h = node.handler;
        const counts = h.problems;
        const item = new vscode.TreeItem(h.function, vscode.TreeItemCollapsibleState.None);
        item.description = [h.member, h.irql, describeCounts(counts)].filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(`\`${h.member}\` = **${h.function}** (\`${h.role}\`)\n\nNDIS calls it at ${h.irql}.`);
        item.iconPath = new vscode.ThemeIcon('symbol-method', counts.errors ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined);
        item.command = openCommand(h.definition ?? h.assignment);
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon(node.what === 'interfaces' ? 'symbol-interface' : 'debug-stop');
        return item;
      }
      case 'interface': {
        const item = new vscode.TreeItem(node.item.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.item.ddi;
        item.iconPath = new vscode.ThemeIcon('symbol-interface');
        item.command = openCommand(node.item.location);
        return item;
      }
      case 'unload': {
        const item = new vscode.TreeItem(node.fn, vscode.TreeItemCollapsibleState.None);
        item.description = node.unloadKind;
        item.iconPath = new vscode.ThemeIcon('debug-stop');
        if (node.location) item.command = openCommand(node.location);
        return item;
      }
    }
  }
}

function toRange(r: NdisLocation['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function openCommand(loc: NdisLocation): vscode.Command {
  const range = toRange(loc.range);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(loc.uri), { selection: new vscode.Range(range.start, range.start) }] };
}

/** "2 errors, 1 warning"; "" when there is nothing. */
export function describeCounts(c: ProblemCounts): string {
  const parts: string[] = [];
  if (c.errors) parts.push(`${c.errors} error${c.errors === 1 ? '' : 's'}`);
  if (c.warnings) parts.push(`${c.warnings} warning${c.warnings === 1 ? '' : 's'}`);
  return parts.join(', ') || 'no problems';
}
