/**
 * Helpers for the editor-feature tests: a pull-mode client over `ndiswb lsp --stdio` that keeps
 * the text of the documents it opened, applies workspace edits the way an editor does, and pulls
 * diagnostics (the pull waits for pending analysis, so no test waits on time).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientCapabilities, Diagnostic, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { LspClient, pathToUri, positionAt, type StartOptions } from '../../helpers/lspClient';

export const FEATURE_CAPS: ClientCapabilities = {
  textDocument: {
    diagnostic: {},
    publishDiagnostics: { relatedInformation: true },
    completion: { completionItem: { snippetSupport: true } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { workspaceFolders: true, configuration: false, didChangeWatchedFiles: { dynamicRegistration: false } },
};

/** An editor: open documents with their text, edits applied locally and sent as full changes. */
export class Editor {
  readonly texts = new Map<string, string>();

  private constructor(readonly client: LspClient) {}

  static async start(opts: StartOptions & { folders?: string[] } = {}): Promise<Editor> {
    const client = await LspClient.start({ capabilities: FEATURE_CAPS, ...opts });
    return new Editor(client);
  }

  async open(file: string): Promise<string> {
    const uri = pathToUri(file);
    const text = fs.readFileSync(file, 'utf8');
    this.texts.set(uri, text);
    await this.client.open(uri, text);
    return uri;
  }

  text(uri: string): string {
    const t = this.texts.get(uri);
    assert.ok(t !== undefined, `${uri} is not open`);
    return t;
  }

  async setText(uri: string, text: string): Promise<void> {
    if (!this.texts.has(uri)) {
      this.texts.set(uri, text);
      await this.client.open(uri, text);
      return;
    }
    this.texts.set(uri, text);
    await this.client.change(uri, [{ text }]);
  }

  /** The position of `needle` (first occurrence, or after `after`) plus `delta` characters. */
  pos(uri: string, needle: string, delta = 0, after?: string): Position {
    const text = this.text(uri);
    const from = after ? text.indexOf(after) : 0;
    assert.ok(from >= 0, `"${after}" not in ${uri}`);
    const i = text.indexOf(needle, from);
    assert.ok(i >= 0, `"${needle}" not in ${uri}`);
    return positionAt(text, i + delta);
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const r = await this.client.pull(uri);
    assert.equal(r.kind, 'full');
    return r.kind === 'full' ? r.items : [];
  }

  /** Apply a workspace edit like an editor: every file it touches is opened (from disk) and changed. */
  async apply(edit: WorkspaceEdit | undefined): Promise<void> {
    assert.ok(edit?.changes, 'the action has no edit');
    for (const [uri, edits] of Object.entries(edit.changes)) {
      const before = this.texts.get(uri) ?? fs.readFileSync(fileURLToPath(uri), 'utf8');
      await this.setText(uri, applyTextEdits(before, edits));
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.request<R>(method, params);
  }

  stop(): Promise<void> {
    return this.client.stop();
  }
}

function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line) {
    const n = text.indexOf('\n', i);
    if (n < 0) return text.length;
    i = n + 1;
    line++;
  }
  return i + p.character;
}

/** Apply LSP text edits (non-overlapping; inserts at one position keep their order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const indexed = edits.map((e, i) => ({ e, i, start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end) }));
  indexed.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const x of indexed) out = out.slice(0, x.start) + x.e.newText + out.slice(x.end);
  return out;
}

export function codesOf(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => String(d.code)).sort();
}
