/**
 * `ndis.showHandlers`, the command behind the code lens above a registration call: peeks the
 * handler definitions the registration hands to NDIS. The server sends LSP locations; they are
 * converted with the client's converter (which survives server restarts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageserver-protocol';

export function activate(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ndis.showHandlers', async (uri?: string, position?: Position, locations?: Location[]) => {
      if (!uri || !position || !Array.isArray(locations)) return;
      const c = client.protocol2CodeConverter;
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        c.asPosition(position),
        locations.map((l) => c.asLocation(l)),
      );
    }),
  );
}
