/**
 * Status-bar item naming the active file's driver kind and NDIS version: "NDIS 6.30 · protocol".
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DriverInfoRequest } from '../../common/src/protocol';

export function activate(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('ndis.driver', vscode.StatusBarAlignment.Left, 50);
  item.name = 'NDIS driver';
  context.subscriptions.push(item);
  let generation = 0;

  const update = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const mine = ++generation;
    if (!editor || (editor.document.languageId !== 'c' && editor.document.languageId !== 'cpp')) {
      item.hide();
      return;
    }
    try {
      const info = await client.sendRequest(DriverInfoRequest, { uri: editor.document.uri.toString() });
      if (mine !== generation) return;
      if (!info) {
        item.hide();
        return;
      }
      const version = info.ndisVersion ? `NDIS ${info.ndisVersion}` : 'NDIS';
      item.text = `$(plug) ${version} · ${displayKinds(info.kinds).join(' + ')}`;
      item.tooltip = new vscode.MarkdownString(
        `**${info.kinds.join(', ')}** driver in \`${vscode.workspace.asRelativePath(vscode.Uri.parse(info.driverUri))}\` ` +
          `(${info.files} files)\n\nNDIS version: ${info.ndisVersion || 'unknown'} (from ${info.versionSource})`,
      );
      item.accessibilityInformation = { label: `${version}, ${info.kinds.join(' and ')} driver` };
      item.show();
    } catch {
      if (mine === generation) item.hide();
    }
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidSaveTextDocument(() => void update()),
    vscode.languages.onDidChangeDiagnostics(() => void update()),
  );
  void update();
}

/** An intermediate driver's miniport and protocol edges are implied by "intermediate". */
export function displayKinds(kinds: readonly string[]): string[] {
  return kinds.includes('intermediate') ? kinds.filter((k) => k !== 'miniport' && k !== 'protocol') : [...kinds];
}
