/**
 * The NDIS Workbench language server. Runs inside the extension (IPC) and standalone
 * (`ndiswb lsp --stdio`). Never writes to stdout except protocol: console output is redirected to
 * the client's log.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../common/src/settings';
import { DriverInfoRequest, type DriverInfoParams } from '../../../common/src/protocol';
import { initParser, warmUp } from '../parser/cparser';
import { Workspace, uriToPath } from '../model/workspace';
import { DiagnosticsService } from './diagnostics';
import { driverInfo } from './driverInfo';
import { loadWorkspaceInBackground } from './background';
import { featureCapabilities, registerFeatures } from '../features';

export function startServer(_transport: 'ipc' | 'stdio'): Connection {
  const connection = createConnection(ProposedFeatures.all);
  // Nothing may reach stdout but the protocol.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.info = (...a: unknown[]) => connection.console.info(a.map(String).join(' '));
  console.warn = (...a: unknown[]) => connection.console.warn(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));

  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  const log = { info: (m: string) => connection.console.info(m), error: (m: string) => connection.console.error(m) };
  const workspace = new Workspace(DEFAULT_SETTINGS, log, () => folders);
  let pull = false;
  let relatedSupport = false;
  let configSupport = false;
  const diagnostics = new DiagnosticsService(connection, documents, workspace, log, () => ({ pull, relatedSupport }));
  let clientCapabilities: ClientCapabilities = {};
  let markInitialized = (): void => undefined;
  const initialized = new Promise<void>((resolve) => (markInitialized = resolve));
  registerFeatures(connection, {
    documents, workspace, diagnostics, log, initialized,
    folders: { get: () => folders, set: (f) => (folders = [...f]) },
    clientCapabilities: () => clientCapabilities,
  });

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const caps = params.capabilities;
    clientCapabilities = caps;
    pull = !!caps.textDocument?.diagnostic;
    relatedSupport = !!caps.textDocument?.publishDiagnostics?.relatedInformation || pull;
    configSupport = !!caps.workspace?.configuration;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)];
    const opts = params.initializationOptions as { settings?: unknown } | undefined;
    if (opts?.settings) await workspace.updateSettings(normalizeSettings(opts.settings));
    await initParser();
    await warmUp();
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...featureCapabilities(caps),
      },
      serverInfo: { name: 'ndis-workbench', version: '0.1.0' },
    };
  });

  // Registered before any message arrives: a handler registered after an await would miss a
  // didChangeConfiguration sent while the first settings were being read.
  connection.onDidChangeConfiguration((p) => {
    if (configSupport) {
      void refreshSettings();
      return;
    }
    const s = (p.settings as { ndis?: unknown } | undefined)?.ndis;
    if (s) void workspace.updateSettings(normalizeSettings(s)).then(() => diagnostics.reanalyzeAll());
  });

  connection.onInitialized(async () => {
    if (configSupport) await refreshSettings();
    markInitialized();
    void loadWorkspaceInBackground(folders, workspace, diagnostics, log);
  });

  async function refreshSettings(): Promise<void> {
    try {
      const s = (await connection.workspace.getConfiguration('ndis')) as unknown;
      await workspace.updateSettings(normalizeSettings(s));
      diagnostics.reanalyzeAll();
    } catch (e) {
      log.error(`reading settings failed: ${(e as Error).message}`);
    }
  }

  documents.onDidOpen((e) => diagnostics.schedule(e.document.uri));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri));
  documents.onDidClose((e) => diagnostics.closed(e.document.uri));

  connection.languages.diagnostics.on(async (params) => ({ kind: 'full', items: await diagnostics.pullFor(params.textDocument.uri) }));
  // By method name: the server package pins its own copy of the protocol types.
  connection.onRequest(DriverInfoRequest.method, async (params: DriverInfoParams) => driverInfo(workspace, params.uri));
  connection.onShutdown(() => workspace.dispose());

  documents.listen(connection);
  connection.listen();
  return connection;
}
