/**
 * Diagnostics over LSP. Analysis runs one driver at a time, serialised; changes arriving during a
 * run are coalesced into the next one. In push mode every analysed document gets its diagnostics
 * with its version after every change, even when they did not change, so a client knows analysis
 * has caught up. In pull mode results are cached per document and a refresh asks the client to
 * pull again when other files of a driver changed.
 *
 * Files are identified by path, not by URI string: clients spell file URIs their own way (VS Code
 * percent-encodes `(`, `@`, `+` and the Windows drive colon, `file:///c%3A/...`; Node's
 * pathToFileURL, which the model uses, does not). Answers go out under the client's spelling.
 */
import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';
import { analyzeDriver } from '../analysis/analyze';
import type { Driver } from '../model/driver';
import { isSourceFile } from '../model/driver';
import { uriToPath, type Workspace } from '../model/workspace';
import { toLsp } from './convert';

export class DiagnosticsService {
  /** Client URIs of documents opened or changed since the last analysis. */
  private readonly pending = new Set<string>();
  private running: Promise<void> | undefined;
  /** Latest diagnostics per file path (pull mode answers from here). */
  private readonly results = new Map<string, Diagnostic[]>();
  /** What was last published per file path (push mode skips unchanged files of other documents). */
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
    const docs = this.openDocumentsByPath();
    for (const d of this.workspace.drivers.values()) {
      for (const f of d.files.values()) {
        const doc = docs.get(f.fsPath);
        if (doc) this.pending.add(doc.uri);
      }
    }
    this.kick();
  }

  async closed(uri: string): Promise<void> {
    await this.running;
    const key = fileKey(uri);
    const d = await this.workspace.closeDocument(uri);
    if (!this.mode().pull) this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (key) {
      this.results.delete(key);
      this.lastPublished.delete(key);
    }
    if (d) this.analyze(d, undefined);
  }

  /** Pull request: wait for pending work, then answer from the cache. */
  async pullFor(uri: string): Promise<Diagnostic[]> {
    const key = isAnalysable(uri) ? fileKey(uri) : undefined;
    if (!key) return [];
    this.kick();
    while (this.running) await this.running;
    if (!this.results.has(key)) {
      const doc = this.documents.get(uri);
      const d = doc ? await this.workspace.changeDocument(uri, doc.getText(), doc.version) : await this.workspace.driverFor(uriToPath(uri));
      if (d) this.analyze(d, undefined);
    }
    return this.results.get(key) ?? [];
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
      // The model is current: let requests that queued up behind this edit (completion, hover)
      // run before the analysis. If more edits came in meanwhile, take them first instead.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (batch.some((uri) => this.pending.has(uri))) {
        for (const uri of batch) this.pending.add(uri); // unchanged text re-applies as a no-op
        continue;
      }
      const changed = new Set(batch.map(fileKey).filter((k): k is string => k !== undefined));
      for (const d of drivers) this.analyze(d, changed);
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
    const docs = this.openDocumentsByPath();
    // Locations in open documents use the client's spelling of their URI.
    const spelled = new Map<string, string>();
    const spell = (uri: string): string => {
      let s = spelled.get(uri);
      if (s === undefined) {
        const k = fileKey(uri);
        s = (k && docs.get(k)?.uri) ?? uri;
        spelled.set(uri, s);
      }
      return s;
    };
    let othersChanged = false;
    for (const f of d.files.values()) {
      const doc = docs.get(f.fsPath);
      // An open document whose newest text has not reached the model yet (a change is pending):
      // its result would be labelled with a version it does not describe. The pending run publishes it.
      if (doc && f.version !== doc.version) continue;
      const diags = (byUri.get(f.uri) ?? []).map((x) => toLsp(x, relatedSupport, spell));
      const key = JSON.stringify(diags);
      const before = this.lastPublished.get(f.fsPath);
      this.results.set(f.fsPath, diags);
      this.lastPublished.set(f.fsPath, key);
      const isChanged = changed?.has(f.fsPath) ?? false;
      if (!isChanged && before === key) continue;
      if (!isChanged) othersChanged = true;
      if (!pull) this.connection.sendDiagnostics({ uri: doc?.uri ?? f.uri, diagnostics: diags, ...(doc ? { version: doc.version } : {}) });
    }
    if (pull && othersChanged) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  private openDocumentsByPath(): Map<string, TextDocument> {
    const m = new Map<string, TextDocument>();
    for (const doc of this.documents.all()) {
      const k = fileKey(doc.uri);
      if (k) m.set(k, doc);
    }
    return m;
  }
}

/** The path the model keys a file by (`path.resolve` of the URI's path); undefined for other schemes. */
export function fileKey(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(uriToPath(uri));
  } catch {
    return undefined; // e.g. file://host/share on POSIX
  }
}

/**
 * Documents the server analyses: C/C++ files on disk. Other schemes (`untitled:`, `git:`...) have
 * no folder, so no driver: treating the URI as a path would load the server's working directory.
 */
export function isAnalysable(uri: string): boolean {
  const key = fileKey(uri);
  return key !== undefined && isSourceFile(key);
}
