/**
 * Building text edits for quick fixes: insert whole lines with the indentation of the code around
 * them, replace an expression, delete a statement line, and collect the edits per file.
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { SourceFile } from '../model/driver';
import type { ObjectInfo } from './driverModel';
import type { DocContext } from './services';
import { rangeIn } from './services';

/** Edits grouped by file (model URIs until `toWorkspaceEdit` spells them for the client). */
export class EditSet {
  private readonly byUri = new Map<string, { file: SourceFile; edits: TextEdit[] }>();

  add(file: SourceFile, start: number, end: number, newText: string): void {
    let e = this.byUri.get(file.uri);
    if (!e) this.byUri.set(file.uri, (e = { file, edits: [] }));
    e.edits.push({ range: rangeIn(file, start, end), newText });
  }

  get size(): number {
    let n = 0;
    for (const e of this.byUri.values()) n += e.edits.length;
    return n;
  }

  toWorkspaceEdit(spell: (uri: string) => string): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, e] of this.byUri) changes[spell(uri)] = e.edits;
    return { changes };
  }
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** The whitespace that starts the line containing `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s, s + 200))![0];
}

/** The line's newline style. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Insert lines before the line containing `offset`, indented like it. */
export function insertLinesBefore(edits: EditSet, file: SourceFile, offset: number, lines: readonly string[]): void {
  const text = file.raw;
  const at = lineStart(text, offset);
  const ind = indentAt(text, offset);
  const nl = eol(text);
  edits.add(file, at, at, lines.map((l) => (l ? ind + l : l) + nl).join(''));
}

/** The end of the statement an expression belongs to: just after its `;` (or the expression). */
export function statementEnd(text: string, exprEnd: number): number {
  let i = exprEnd;
  while (i < text.length && /[ \t)]/.test(text[i]!)) i++;
  return text[i] === ';' ? i + 1 : exprEnd;
}

/** Insert lines after the statement ending at `end`, indented like the statement's line. */
export function insertLinesAfter(edits: EditSet, file: SourceFile, end: number, lines: readonly string[], indentFrom = end): void {
  const text = file.raw;
  const at = lineEnd(text, end);
  const ind = indentAt(text, indentFrom);
  const nl = eol(text);
  edits.add(file, at, at, lines.map((l) => nl + (l ? ind + l : l)).join(''));
}

/** Delete the line holding a statement when the line holds nothing else; else just the statement. */
export function deleteStatement(edits: EditSet, file: SourceFile, start: number, end: number): void {
  const text = file.raw;
  const stEnd = statementEnd(text, end);
  const ls = lineStart(text, start);
  const le = lineEnd(text, stEnd);
  if (!text.slice(ls, start).trim() && !text.slice(stEnd, le).trim()) edits.add(file, ls, Math.min(text.length, le + 1), '');
  else edits.add(file, start, stEnd, '');
}

/** A quick fix: its title and edits. */
export interface Fix {
  readonly title: string;
  readonly edits: EditSet;
  readonly preferred?: boolean;
}

/** `Chars.` or `p->`: how the object is written in its last single-member assignment of `fn`. */
export function objectPrefix(ctx: DocContext, obj: ObjectInfo, fn: string | undefined): { prefix: string; after: number; uri: string } | undefined {
  let best: { prefix: string; after: number; uri: string } | undefined;
  for (const v of obj.values) {
    if (v.source !== 'write' || !v.memberSpan || v.path.includes('.') || (fn !== undefined && v.fn !== fn)) continue;
    const f = ctx.model.index.fileOf(v.uri);
    if (!f) continue;
    const prefix = f.raw.slice(v.assignSpan.start, v.memberSpan.start).replace(/\s+/g, '');
    if (!/^[A-Za-z_]\w*(\.|->)$/.test(prefix)) continue;
    const end = statementEnd(f.raw, v.assignSpan.end);
    if (!best || (v.uri === best.uri && end > best.after)) best = { prefix, after: end, uri: v.uri };
  }
  return best;
}
