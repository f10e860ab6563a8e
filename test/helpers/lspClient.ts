/**
 * A minimal LSP client for tests and benchmarks: spawns `ndiswb lsp --stdio` (the built CLI),
 * speaks JSON-RPC over its stdin/stdout, records every publishDiagnostics, and lets a test wait
 * on a signal (a matching notification, with a timeout whose timer is cleared) — never on a sleep.
 *
 * Independently of vscode-jsonrpc's reader it checks the raw stdout stream frame by frame, so a
 * stray `console.log` in the server (which the reader might skip or choke on) is a test failure.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const NDISWB_BIN = path.join(REPO_ROOT, 'bin', 'ndiswb.js');

/** Resolve with `promise`, or reject after `ms` with `what` in the message; the timer is always cleared. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks that a byte stream is nothing but LSP base-protocol frames
 * (`Content-Length: N\r\n[other headers]\r\n\r\n` + N bytes of a JSON-RPC 2.0 message).
 */
export class FrameChecker {
  readonly problems: string[] = [];
  frames = 0;
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        if (this.buf.length > 4096) this.fail(`no header terminator in ${this.buf.length} bytes`);
        return;
      }
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      let length = -1;
      for (const line of header.split('\r\n')) {
        const m = /^([A-Za-z-]+): (.*)$/.exec(line);
        if (!m) return this.fail(`not a header line: ${JSON.stringify(line.slice(0, 200))}`);
        if (m[1]!.toLowerCase() === 'content-length') length = Number(m[2]);
      }
      if (!Number.isInteger(length) || length < 0) return this.fail(`bad or missing Content-Length in ${JSON.stringify(header)}`);
      const start = headerEnd + 4;
      if (this.buf.length < start + length) return;
      const body = this.buf.subarray(start, start + length).toString('utf8');
      this.buf = this.buf.subarray(start + length);
      try {
        const msg = JSON.parse(body) as { jsonrpc?: unknown };
        if (msg.jsonrpc !== '2.0') this.fail(`not a JSON-RPC 2.0 message: ${body.slice(0, 200)}`);
      } catch {
        this.fail(`frame body is not JSON: ${body.slice(0, 200)}`);
      }
      this.frames++;
    }
  }

  private fail(problem: string): void {
    this.problems.push(problem);
    this.buf = Buffer.alloc(0); // resynchronisation is impossible; stop checking this chunk
  }
}

export interface StartOptions {
  /** Workspace folder (path). */
  readonly folder?: string;
  /** Client capabilities (merged over nothing: pass exactly what the client declares). */
  readonly capabilities?: ClientCapabilities;
  /** Answers to `workspace/configuration` for section "ndis" (a function so a test can change it). */
  readonly settings?: () => unknown;
  readonly initializationOptions?: unknown;
}

interface Waiter {
  readonly match: (p: PublishDiagnosticsParams, index: number) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

/** A spawned `ndiswb lsp --stdio` and a connection to it. */
export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  readonly frames = new FrameChecker();
  /** Errors vscode-jsonrpc's reader or the connection reported (parse errors, bad headers...). */
  readonly readerErrors: string[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly logMessages: string[] = [];
  stderr = '';
  initializeResult: InitializeResult | undefined;
  private waiters: Waiter[] = [];
  private configWaiters: (() => void)[] = [];
  private exited: Promise<number | null>;
  private versions = new Map<string, number>();

  constructor(private readonly opts: StartOptions = {}) {
    // NDISWB_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
    const nodeArgs = (process.env.NDISWB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, NDISWB_BIN, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.folder ?? REPO_ROOT });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
    this.proc.stdout.on('data', (chunk: Buffer) => this.frames.push(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    const reader = new StreamMessageReader(this.proc.stdout);
    reader.onError((e) => this.readerErrors.push(`reader: ${e.message}`));
    this.connection = createProtocolConnection(reader, new StreamMessageWriter(this.proc.stdin));
    this.connection.onError(([e]) => this.readerErrors.push(`connection: ${e.message}`));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const index = this.published.push(p) - 1;
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(p, index)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification(LogMessageNotification.method, (p: LogMessageParams) => {
      this.logMessages.push(p.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (p) => {
      this.configurationRequests.push(p);
      const answer = p.items.map((item) => (item.section === 'ndis' ? (this.opts.settings?.() ?? {}) : null));
      // Signal after the answer has been written (the response follows this handler's return).
      const waiters = this.configWaiters.splice(0);
      setImmediate(() => waiters.forEach((w) => w()));
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  /** Spawn, initialize and send `initialized`. */
  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const c = new LspClient(opts);
    const folderUri = opts.folder ? pathToUri(opts.folder) : null;
    c.initializeResult = await withTimeout(
      c.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folderUri,
        workspaceFolders: folderUri ? [{ uri: folderUri, name: path.basename(opts.folder!) }] : null,
        capabilities: opts.capabilities ?? {},
        initializationOptions: opts.initializationOptions,
      }),
      20_000,
      `initialize (stderr: ${c.stderr})`,
    );
    await c.connection.sendNotification(InitializedNotification.type, {});
    return c;
  }

  async open(uri: string, text: string, version = 1, languageId = 'c'): Promise<void> {
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Send incremental changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  pull(uri: string, ms = 20_000): Promise<DocumentDiagnosticReport> {
    return withTimeout(this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }), ms, `textDocument/diagnostic for ${uri}`);
  }

  request<R>(method: string, params: unknown, ms = 20_000): Promise<R> {
    return withTimeout(this.connection.sendRequest<R>(method, params), ms, `${method} response`);
  }

  /**
   * Wait for a publishDiagnostics matching `match` — including ones already received at index
   * `since` or later (default: all of them).
   */
  waitForDiagnostics(
    match: (p: PublishDiagnosticsParams) => boolean,
    what: string,
    opts: { since?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const since = opts.since ?? 0;
    for (let i = since; i < this.published.length; i++) if (match(this.published[i]!)) return Promise.resolve(this.published[i]!);
    let waiter: Waiter | undefined;
    const p = new Promise<PublishDiagnosticsParams>((resolve) => {
      waiter = { match: (x, index) => index >= since && match(x), resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(p, opts.timeoutMs ?? 20_000, `publishDiagnostics: ${what}`).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  /** Wait until the server has asked for (and been answered) `count` configuration requests in all. */
  waitForConfigurationRequests(count: number, timeoutMs = 20_000): Promise<void> {
    const p = new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.configurationRequests.length >= count) setImmediate(resolve);
        else this.configWaiters.push(check);
      };
      check();
    });
    return withTimeout(p, timeoutMs, `workspace/configuration request #${count}`);
  }

  /** Wait for the publish of `uri` at exactly `version`. */
  waitForVersion(uri: string, version: number, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics((p) => p.uri === uri && p.version === version, `${path.basename(uri)} version ${version}`, { timeoutMs });
  }

  get processAlive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** shutdown + exit, then kill if it has not exited within a few seconds. */
  async stop(): Promise<void> {
    if (this.processAlive) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5_000, 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        /* killed below */
      }
      try {
        await withTimeout(this.exited, 5_000, 'server exit');
      } catch {
        this.proc.kill('SIGKILL');
        await this.exited;
      }
    }
    this.connection.dispose();
  }
}

export function pathToUri(p: string): string {
  // Same spelling as the server (url.pathToFileURL), so URIs compare equal.
  return pathToFileURL(p).toString();
}

/** The range covering `needle` (first occurrence) in `text`. */
export function rangeOf(text: string, needle: string, from = 0): Range {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${JSON.stringify(needle)} not in text`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => String(d.code));
}

/** A diagnostic's message as plain text (LSP 3.18 also allows markup). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
