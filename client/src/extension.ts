/**
 * NDIS Workbench extension entry. Start-up reads as the list of features it activates.
 */
import * as vscode from 'vscode';
import * as driverView from './driverView';
import * as languageClient from './languageClient';
import * as showHandlers from './showHandlers';
import * as statusBar from './statusBar';
import * as trace from './trace';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('NDIS Workbench', { log: true });
  context.subscriptions.push(output, vscode.commands.registerCommand('ndis.showOutput', () => output.show()));
  const clientReady = languageClient.activate(context, output);
  trace.activate(context, output, clientReady); // before the await: the trace panel serializer must be registered during activation
  const client = await clientReady;
  statusBar.activate(context, client);
  driverView.activate(context, client);
  showHandlers.activate(context, client);
}

export function deactivate(): Thenable<void> | undefined {
  return languageClient.stop();
}
