/**
 * Scenario YAML in the editor, with no other extension installed (VS Code has no YAML language
 * server of its own): problems from the simulator's own loader and compiler (the same
 * file:line:col errors `ndiswb run` prints) in a diagnostics collection, and completion of keys
 * and values from the scenario JSON Schema (scenarioSchema.ts).
 */
import * as vscode from 'vscode';
import { SCENARIO_SCHEMA } from '../../../simulator/src/scenario/load';
import type { ScenarioError } from '../../../simulator/src/scenario/model';
import { checkScenario } from './scenarioCheck';
import { cursorContext, suggest, type SchemaNode } from './scenarioSchema';

const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

/** Is this document a scenario? A YAML file under a `scenarios` folder, named *.scenario.yaml, or with a top-level `hosts:`. */
export function isScenarioDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'yaml') return false;
  const p = doc.uri.path;
  return /\/scenarios?\//i.test(p) || /\.scenario\.ya?ml$/i.test(p) || /^hosts\s*:/m.test(doc.getText());
}

function toDiagnostic(doc: vscode.TextDocument, e: ScenarioError): vscode.Diagnostic {
  const line = Math.min(Math.max(0, e.line - 1), doc.lineCount - 1);
  const text = doc.lineAt(line).text;
  const col = Math.min(Math.max(0, e.col - 1), text.length);
  const token = /^[^\s:,\]}]*/.exec(text.slice(col))![0];
  const range = new vscode.Range(line, col, line, col + Math.max(1, token.length));
  const d = new vscode.Diagnostic(range, e.message, vscode.DiagnosticSeverity.Error);
  d.source = 'ndis scenario';
  return d;
}

export function activate(context: vscode.ExtensionContext): { collection: vscode.DiagnosticCollection } {
  const collection = vscode.languages.createDiagnosticCollection('ndis-scenario');
  const timers = new Map<string, NodeJS.Timeout>();
  const check = (doc: vscode.TextDocument): void => {
    if (!isScenarioDocument(doc)) {
      collection.delete(doc.uri);
      return;
    }
    const errors = checkScenario(doc.getText(), doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path);
    collection.set(doc.uri, errors.map((e) => toDiagnostic(doc, e)));
  };
  const later = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      check(doc);
    }, 300));
  };
  const updateContext = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'ndis.scenarioActive', !!doc && isScenarioDocument(doc));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems }, ':', ' ', '-', '{', ','),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(check);
  updateContext();
  return { collection };
}

function provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
  if (!isScenarioDocument(doc)) return undefined;
  const lines = doc.getText().split(/\r?\n/);
  const ctx = cursorContext(lines, pos.line, pos.character);
  const word = doc.getWordRangeAtPosition(pos, /[\w.-]+/);
  return suggest(SCENARIO_SCHEMA as SchemaNode, ctx).map((s) => {
    const item = new vscode.CompletionItem(s.label, s.kind === 'property' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
    item.insertText = s.insert;
    if (word) item.range = word;
    if (s.detail) item.detail = s.detail;
    if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
    if (s.kind === 'property') item.command = { command: 'editor.action.triggerSuggest', title: 'values' };
    return item;
  });
}
