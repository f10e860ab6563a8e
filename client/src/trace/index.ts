/**
 * Run and trace in VS Code: the commands, the trace viewer panel and its serializer, scenario
 * diagnostics and completion, and the "▶ Simulate" lens over DriverEntry. One activate() for the
 * extension's start-up list.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as codeLens from './codeLens';
import { TraceCommands } from './commands';
import { registerSerializer, TracePanel } from './panel';
import * as scenarioFiles from './scenarioFiles';
import { cleanStaleTraceFolders } from './traceHost';

export function activate(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, clientReady: Promise<LanguageClient>): void {
  let client: LanguageClient | undefined;
  clientReady.then((c) => {
    client = c;
  }, () => {
    /* the language server's failure is reported where it is started */
  });
  const commands = new TraceCommands({ context, output, client: () => client });
  context.subscriptions.push(
    ...commands.register(),
    registerSerializer(commands.services),
    // Workers end with the extension host; trace files stay for the panels VS Code restores.
    { dispose: () => TracePanel.running.forEach((p) => p.host.stop()) },
  );
  scenarioFiles.activate(context);
  codeLens.activate(context);
  setTimeout(() => cleanStaleTraceFolders(), 10_000).unref?.();
}
