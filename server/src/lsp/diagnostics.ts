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
    if (!isSourceFile(uriToPath(uri))) return;
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
    if (!this.results.has(uri) && isSourceFile(uriToPath(uri))) {
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

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      try {
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
      } finally {
        this.running = undefined;
      }
    })();
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
    for (const [uri, list] of byUri) {
      const diags = list.map((x) => toLsp(x, relatedSupport));
      const key = JSON.stringify(diags);
      const before = this.lastPublished.get(uri);
      this.results.set(uri, diags);
      this.lastPublished.set(uri, key);
      const isChanged = changed?.has(uri) ?? false;
      if (!isChanged && before === key) continue;
      if (!isChanged) othersChanged = true;
      if (!pull) {
        const version = this.documents.get(uri)?.version;
        this.connection.sendDiagnostics({ uri, diagnostics: diags, ...(version !== undefined ? { version } : {}) });
      }
    }
    if (pull && othersChanged) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
  }
}
