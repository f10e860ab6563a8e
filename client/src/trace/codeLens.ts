/** "▶ Simulate" above a driver's DriverEntry definition (not its declarations). */
import * as vscode from 'vscode';
import { driverEntryLines } from './driverScenario';

export function activate(context: vscode.ExtensionContext): void {
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.languages.registerCodeLensProvider([{ language: 'c' }, { language: 'cpp' }], {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses(doc) {
        if (!vscode.workspace.isTrusted || !doc.getText().includes('DriverEntry')) return [];
        return driverEntryLines(doc.getText()).map((line) => new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: '▶ Simulate',
          tooltip: 'Run this driver in the NDIS stack simulator with the default scenario for its kind',
          command: 'ndis.simulateDriver',
          arguments: [doc.uri],
        }));
      },
    }),
  );
}
