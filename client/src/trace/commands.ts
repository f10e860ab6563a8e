/**
 * The NDIS run-and-trace commands: Run Scenario…, Simulate This Driver, Stop Simulation, Open
 * Trace…, Export Trace…; a progress notification (cancel stops the run) and a status-bar item
 * while a simulation runs; clear messages when a budget stops a run. Running is refused in
 * Restricted Mode (a scenario loads captures and, later, driver code from the workspace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DriverInfoRequest } from '../../../common/src/protocol';
import type { ExportFormat } from '../../../common/src/traceProtocol';
import { decodeFrame } from '../../../simulator/src/packets/decode';
import { DEMO_FILE, DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import { driverRunArgs, kindsFromSource, primaryKind, usesSourceDrivers } from './driverScenario';
import { copyFile, webviewAssets, writeHtmlReport } from './exports';
import { hostHooks, TracePanel, type PanelServices } from './panel';
import { describeEnd } from './runner';
import { checkScenario } from './scenarioCheck';
import { isScenarioDocument } from './scenarioFiles';
import { TraceHost, type RunSpec } from './traceHost';

export interface CommandDeps {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  client(): LanguageClient | undefined;
}

const FORMATS: readonly { format: ExportFormat; label: string; ext: string; filter: string }[] = [
  { format: 'pcapng', label: 'pcapng capture (Wireshark)', ext: 'pcapng', filter: 'pcapng' },
  { format: 'jsonl', label: 'JSON Lines trace', ext: 'jsonl', filter: 'JSON Lines' },
  { format: 'html', label: 'HTML report (self-contained)', ext: 'html', filter: 'HTML' },
];

export function summarizeFrame(frame: Uint8Array): string {
  return decodeFrame(frame).summary;
}

export class TraceCommands {
  readonly services: PanelServices;
  private readonly status: vscode.StatusBarItem;

  constructor(private readonly deps: CommandDeps) {
    this.services = {
      extensionUri: deps.context.extensionUri,
      output: deps.output,
      exportTrace: (panel, format) => this.exportPanel(panel, format),
      summarize: summarizeFrame,
    };
    this.status = vscode.window.createStatusBarItem('ndis.simulation', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'NDIS simulation';
    this.status.command = 'ndis.stopSimulation';
    deps.context.subscriptions.push(this.status, TracePanel.onDidChange(() => this.updateStatus()));
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('ndis.runScenario', (uri?: vscode.Uri) => this.runScenario(uri)),
      vscode.commands.registerCommand('ndis.simulateDriver', (uri?: vscode.Uri) => this.simulateDriver(uri)),
      vscode.commands.registerCommand('ndis.stopSimulation', () => this.stop()),
      vscode.commands.registerCommand('ndis.openTrace', (uri?: vscode.Uri) => this.openTrace(uri)),
      vscode.commands.registerCommand('ndis.exportTrace', (format?: ExportFormat, target?: vscode.Uri) => this.exportCommand(format, target)),
    ];
  }

  private updateStatus(): void {
    const running = TracePanel.running;
    void vscode.commands.executeCommand('setContext', 'ndis.simulationRunning', running.length > 0);
    void vscode.commands.executeCommand('setContext', 'ndis.hasTrace', !!TracePanel.active);
    if (!running.length) {
      this.status.hide();
      return;
    }
    const events = running.reduce((n, p) => n + p.host.events, 0);
    this.status.text = `$(loading~spin) NDIS: ${events.toLocaleString('en-US')} events`;
    this.status.tooltip = `${running.map((p) => p.host.title).join(', ')} — click to stop`;
    this.status.accessibilityInformation = { label: `NDIS simulation running, ${events} events; activate to stop` };
    this.status.show();
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('NDIS: simulations are disabled in Restricted Mode — a scenario reads captures and driver code from the workspace. Trust the workspace to run it.', 'Manage Workspace Trust')
      .then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
    return false;
  }

  private workerFile(): string {
    return vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist', 'simWorker.js').fsPath;
  }

  private cliFile(): string {
    return vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist', 'cli.js').fsPath;
  }

  /** Runs scenario text of built-in drivers in a worker and shows its trace live. */
  async run(title: string, text: string, file: string, dir: string): Promise<TracePanel | undefined> {
    if (!this.trusted()) return undefined;
    const problems = checkScenario(text, file);
    if (problems.length) {
      const first = problems[0]!;
      void vscode.window.showErrorMessage(`NDIS: ${path.basename(file)} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was run. ${first.line}:${first.col}: ${first.message}`);
      return undefined;
    }
    return this.start({ title, text, file, dir, workerFile: this.workerFile() }, [dir]);
  }

  /** Runs `ndiswb run <args>` (the developer's driver code: a --driver folder, or a scenario with source: drivers). */
  async runCli(title: string, args: readonly string[], cwd: string, sourceDirs: readonly string[]): Promise<TracePanel | undefined> {
    if (!this.trusted()) return undefined;
    return this.start({ title, cliFile: this.cliFile(), args, cwd }, [cwd, ...sourceDirs]);
  }

  private start(spec: RunSpec, sourceDirs: readonly string[]): TracePanel {
    const title = spec.title;
    let panel: TracePanel | undefined;
    let report: ((n: number) => void) | undefined;
    const host = TraceHost.run(spec, hostHooks(() => panel, (n) => {
      report?.(n);
      this.updateStatus();
    }));
    panel = TracePanel.show(host, this.services, sourceDirs);
    this.deps.output.info(`simulation started: ${title}${'cliFile' in spec ? ` (ndiswb run ${spec.args.join(' ')})` : ` (${spec.file})`}`);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `NDIS: ${title}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => host.stop());
      report = (n) => progress.report({ message: `${n.toLocaleString('en-US')} events` });
      await host.ready;
    });
    this.updateStatus();
    void host.ready.then((end) => {
      this.updateStatus();
      if (!end) return;
      const d = describeEnd(end);
      this.deps.output.info(`simulation ended: ${title}: ${d.message}${d.budget ? ` — ${d.budget}` : ''}`);
      if (d.budget) {
        void vscode.window.showWarningMessage(`NDIS: "${title}" was stopped by its budget: ${d.budget} The scenario never finished on its own — give it stop.at or stop.events, or raise limits.maxEvents, maxVirtualTime or maxWallTime.`);
      } else if (end.kind === 'failed') void vscode.window.showErrorMessage(`NDIS: ${d.message}`);
      else if (end.kind === 'done' && end.summary.errors?.length) {
        const e = end.summary.errors[0]!;
        void vscode.window.showErrorMessage(`NDIS: ${d.message}. ${e.file}:${e.line}:${e.col}: ${e.message}`);
      }
    });
    return panel;
  }

  private async runScenario(uri?: vscode.Uri): Promise<void> {
    let target = uri;
    const active = vscode.window.activeTextEditor?.document;
    if (!target && active && isScenarioDocument(active)) target = active.uri;
    if (!target) {
      const picked = await this.pickScenario();
      if (picked === undefined) return;
      if (picked === 'demo') {
        const dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
        await this.run(`NDIS trace: ${DEMO_FILE} (built-in demo)`, DEMO_SCENARIO, DEMO_FILE, dir);
        return;
      }
      target = picked;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target!.toString());
    let text: string;
    try {
      text = open ? open.getText() : fs.readFileSync(target.fsPath, 'utf8');
    } catch (e) {
      void vscode.window.showErrorMessage(`NDIS: cannot read ${target.fsPath}: ${(e as Error).message}`);
      return;
    }
    const title = `NDIS trace: ${path.basename(target.fsPath)}`;
    if (usesSourceDrivers(text)) {
      // The developer's drivers run in `ndiswb run` (it has the C parser); it reads the file, so save it first.
      if (open?.isDirty && !(await open.save())) return;
      const folder = vscode.workspace.getWorkspaceFolder(target)?.uri.fsPath ?? path.dirname(target.fsPath);
      await this.runCli(title, [target.fsPath], folder, [path.dirname(target.fsPath)]);
      return;
    }
    await this.run(title, text, target.fsPath, path.dirname(target.fsPath));
  }

  private async pickScenario(): Promise<vscode.Uri | 'demo' | undefined> {
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', 500);
    const scenarios = files.filter((f) => {
      if (/\/scenarios?\//i.test(f.path) || /\.scenario\.ya?ml$/i.test(f.path)) return true;
      try {
        return /^hosts\s*:/m.test(fs.readFileSync(f.fsPath, 'utf8'));
      } catch {
        return false;
      }
    }).sort((a, b) => a.path.localeCompare(b.path));
    type Item = vscode.QuickPickItem & { value: vscode.Uri | 'demo' };
    const items: Item[] = [
      { label: '$(play) Built-in demo', description: 'two hosts ping across a filter and a wire', value: 'demo' },
      ...scenarios.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(path.dirname(u.fsPath)), value: u })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'NDIS: Run Scenario', placeHolder: 'Scenario to simulate', matchOnDescription: true });
    return pick?.value;
  }

  private async simulateDriver(uri?: vscode.Uri): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target || !/\.(c|cpp|h)$/i.test(target.path)) {
      void vscode.window.showWarningMessage('NDIS: open a driver source file (.c) to simulate its driver.');
      return;
    }
    let kinds: readonly string[] = [];
    let driverDir = path.dirname(target.fsPath);
    const client = this.deps.client();
    if (client) {
      try {
        const info = await client.sendRequest(DriverInfoRequest, { uri: target.toString() });
        if (info) {
          kinds = info.kinds;
          driverDir = vscode.Uri.parse(info.driverUri).fsPath;
        }
      } catch (e) {
        this.deps.output.warn(`driver info for ${target.fsPath}: ${(e as Error).message}`);
      }
    }
    if (!kinds.length) {
      let text = '';
      try {
        for (const f of fs.readdirSync(driverDir)) if (/\.(c|cpp)$/i.test(f)) text += fs.readFileSync(path.join(driverDir, f), 'utf8');
      } catch {
        /* the file alone */
      }
      kinds = kindsFromSource(text || (vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString())?.getText() ?? ''));
    }
    const kind = primaryKind(kinds);
    const name = path.basename(driverDir);
    if (!kind) {
      void vscode.window.showWarningMessage(`NDIS: no NDIS registration found in ${name} (NdisRegisterProtocolDriver, NdisMRegisterMiniportDriver, NdisFRegisterFilterDriver…), so there is no scenario to simulate it in.`);
      return;
    }
    // The driver's own C code runs in the default scenario for its kind (`ndiswb run --driver`).
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(driverDir))?.uri.fsPath ?? path.dirname(driverDir);
    await this.runCli(`NDIS trace: ${name} (${kind})`, driverRunArgs(driverDir, kind), folder, [driverDir]);
  }

  private stop(): void {
    const running = TracePanel.running;
    if (!running.length) {
      void vscode.window.showInformationMessage('NDIS: no simulation is running.');
      return;
    }
    for (const p of running) p.host.stop();
  }

  private async openTrace(uri?: vscode.Uri): Promise<void> {
    let target = uri;
    if (!target) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Trace', title: 'NDIS: Open Trace', filters: { 'NDIS traces': ['jsonl', 'pcapng'] } });
      target = picked?.[0];
    }
    if (!target) return;
    if (!fs.existsSync(target.fsPath)) {
      void vscode.window.showErrorMessage(`NDIS: ${target.fsPath} does not exist.`);
      return;
    }
    let panel: TracePanel | undefined;
    const host = TraceHost.open(target.fsPath, hostHooks(() => panel), summarizeFrame);
    panel = TracePanel.show(host, this.services, [path.dirname(target.fsPath)]);
  }

  private async exportCommand(format?: ExportFormat, target?: vscode.Uri): Promise<void> {
    const panel = TracePanel.active;
    if (!panel) {
      void vscode.window.showWarningMessage('NDIS: no trace is open. Run a scenario or open a trace first.');
      return;
    }
    let f = format;
    if (!f) {
      const pick = await vscode.window.showQuickPick(FORMATS.map((x) => ({ label: x.label, value: x.format })), { title: 'NDIS: Export Trace', placeHolder: `Export ${panel.host.title} as` });
      f = pick?.value;
    }
    if (f) await this.exportPanel(panel, f, target);
  }

  async exportPanel(panel: TracePanel, format: ExportFormat, target?: vscode.Uri): Promise<void> {
    const host = panel.host;
    const spec = FORMATS.find((x) => x.format === format)!;
    if (host.running && format !== 'jsonl') {
      void vscode.window.showWarningMessage(`NDIS: the simulation is still running; export the ${spec.label} when it ends (or stop it).`);
      return;
    }
    if (format === 'pcapng' && !host.pcapngFile) {
      void vscode.window.showWarningMessage('NDIS: this trace has no capture (a .jsonl opened without its .pcapng beside it).');
      return;
    }
    const base = host.title.replace(/^NDIS trace: /, '').replace(/\.(ya?ml|jsonl|pcapng)\b.*$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'trace';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const dest = target ?? await vscode.window.showSaveDialog({
      title: `NDIS: Export ${spec.label}`,
      saveLabel: 'Export',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}.${spec.ext}`) } : {}),
      filters: { [spec.filter]: [spec.ext] },
    });
    if (!dest) return;
    try {
      if (format === 'jsonl') await copyFile(host.traceFile, dest.fsPath);
      else if (format === 'pcapng') await copyFile(host.pcapngFile!, dest.fsPath);
      else {
        const assets = webviewAssets([vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist').fsPath]);
        await writeHtmlReport(dest.fsPath, { title: host.title, traceFile: host.traceFile, ...(host.pcapngFile ? { pcapngFile: host.pcapngFile } : {}), assets, summary: { events: host.events } });
      }
      this.deps.output.info(`exported ${host.title} as ${format} to ${dest.fsPath}`);
      host.session.notify(`Exported ${spec.label} to ${dest.fsPath}`);
      void vscode.window.showInformationMessage(`NDIS: exported ${spec.label} to ${vscode.workspace.asRelativePath(dest)}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`NDIS: export to ${dest.fsPath} failed: ${(e as Error).message}`);
    }
  }
}
