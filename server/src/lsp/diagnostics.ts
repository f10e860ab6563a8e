/**
 * Diagnostics over LSP. Analysis runs one driver at a time, serialised; changes arriving during a
 * run are coalesced into the next one. In push mode every analysed document gets its diagnostics
 * with its version after every change, even when they did not change, so a client knows analysis
 * has caught up. In pull mode results are cached per document and a refresh asks the client to
 * pull again when other files of a driver changed.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { analyzeDriver } from '../analysis/analyze';
import type { Driver } from '../model/driver';
import { isSourceFile } from '../model/driver';
import { uriToPath, type Workspace } from '../model/workspace';
import { toLsp } from './convert';

export class DiagnosticsService {
  private readonly pending = new Set<string>();
  private running: Promise<void> | undefined;
  private readonly results = new Map<string, Diagnostic[]>();
  private readonly lastPublished = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly log: { info(m: string): void; error(m: string): void },
    private readonly mode: () => { pull: boolean; relatedSupport: boolean },
  ) {}

  /** A document opened or changed: analyse it (and its driver) soon. */
  schedule(uri: string): void {
    if (!isAnalysable(uri)) return;
    this.pending.add(uri);
    this.kick();
  }

  /** Re-analyse every known driver (settings changed). */
  reanalyzeAll(): void {
    for (const d of this.workspace.drivers.values()) for (const f of d.files.values()) if (this.documents.get(f.uri)) this.pending.add(f.uri);
    this.kick();
  }

  async closed(uri: string): Promise<void> {
    await this.running;
    const d = await this.workspace.closeDocument(uri);
    if (!this.mode().pull) this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.results.delete(uri);
    this.lastPublished.delete(uri);
    if (d) this.analyze(d, undefined);
  }

  /** Pull request: wait for pending work on the document, then answer from the cache. */
  async pullFor(uri: string): Promise<Diagnostic[]> {
    if (this.pending.has(uri)) this.kick();
    while (this.running) await this.running;
    if (!this.results.has(uri) && isAnalysable(uri)) {
      const doc = this.documents.get(uri);
      const d = doc ? await this.workspace.changeDocument(uri, doc.getText(), doc.version) : await this.workspace.driverFor(uriToPath(uri));
      if (d) this.analyze(d, undefined);
    }
    return this.results.get(uri) ?? [];
  }

  /** Publish analysis results of a driver loaded in the background. */
  publishDriver(d: Driver): void {
    this.analyze(d, undefined);
  }

  /**
   * Start draining `pending` unless a drain is running. `running` is cleared only by the run it
   * belongs to, after it was assigned (an empty drain completes synchronously: clearing inside it
   * would leave a settled promise in `running` and wedge every later change).
   */
  private kick(): void {
    if (this.running || !this.pending.size) return;
    const run = this.drain();
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
      if (this.pending.size) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size) {
      const batch = [...this.pending];
      this.pending.clear();
      const drivers = new Set<Driver>();
      for (const uri of batch) {
        const doc = this.documents.get(uri);
        if (!doc) continue;
        try {
          const d = await this.workspace.changeDocument(uri, doc.getText(), doc.version);
          if (d) drivers.add(d);
        } catch (e) {
          this.log.error(`${uri}: ${(e as Error).stack ?? e}`);
        }
      }
      for (const d of drivers) this.analyze(d, new Set(batch));
    }
  }

  /** Analyse a driver and publish (push) or cache (pull) its files' diagnostics. */
  private analyze(d: Driver, changed: Set<string> | undefined): void {
    const { pull, relatedSupport } = this.mode();
    let byUri;
    try {
      byUri = analyzeDriver(d, this.workspace.currentSettings, this.log);
    } catch (e) {
      this.log.error(`analysis of ${d.root} failed: ${(e as Error).stack ?? e}`);
      return;
    }
    let othersChanged = false;
    const analysedVersion = new Map<string, number | undefined>();
    for (const f of d.files.values()) analysedVersion.set(f.uri, f.version);
    for (const [uri, list] of byUri) {
      // An open document whose newest text has not reached the model yet (a change is pending):
      // its result would be labelled with a version it does not describe. The pending run publishes it.
      const doc = this.documents.get(uri);
      if (doc && analysedVersion.get(uri) !== doc.version) continue;
      const diags = list.map((x) => toLsp(x, relatedSupport));
      const key = JSON.stringify(diags);
      const before = this.lastPublished.get(uri);
      this.results.set(uri, diags);
      this.lastPublished.set(uri, key);
      const isChanged = changed?.has(uri) ?? false;
      if (!isChanged && before === key) continue;
      if (!isChanged) othersChanged = true;
      if (!pull) this.connection.sendDiagnostics({ uri, diagnostics: diags, ...(doc ? { version: doc.version } : {}) });
    }
    if (pull && othersChanged) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
  }
}

/**
 * Documents the server analyses: C/C++ files on disk. Other schemes (`untitled:`, `git:`...) have
 * no folder, so no driver: treating the URI as a path would load the server's working directory.
 */
export function isAnalysable(uri: string): boolean {
  return uri.startsWith('file:') && isSourceFile(uriToPath(uri));
}
