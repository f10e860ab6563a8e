/**
 * Starts the NDIS language server over IPC and keeps it running: at most 4 restarts in 3 minutes,
 * then it stays down with a message instead of looping.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export async function activate(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
    ],
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{c,h,cpp,hpp,vcxproj,inf}') },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) {
          return {
            action: CloseAction.DoNotRestart,
            message: `The NDIS language server crashed ${restarts.length} times in 3 minutes and will not be restarted. See the "NDIS Workbench" output for details.`,
          };
        }
        return { action: CloseAction.Restart };
      },
    },
  };
  client = new LanguageClient('ndis', 'NDIS Workbench', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
  return client;
}

export function stop(): Thenable<void> | undefined {
  return client?.stop();
}
