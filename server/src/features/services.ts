/**
 * What the editor features share with the rest of the server: the open documents, the workspace
 * (drivers, files and their cached facts), the diagnostics service (to re-analyse after a project
 * file changed), the workspace folders and the client's capabilities. Each feature file exports
 * `register(connection, services)`.
 */
import * as path from 'node:path';
import type { ClientCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsService } from '../lsp/diagnostics';
import { fileKey, isAnalysable } from '../lsp/diagnostics';
import type { Driver, SourceFile } from '../model/driver';
import { uriToPath, type Workspace } from '../model/workspace';
import { driverModel, type DriverModel } from './driverModel';

export interface FeatureServices {
  readonly documents: TextDocuments<TextDocument>;
  readonly workspace: Workspace;
  readonly diagnostics: DiagnosticsService;
  readonly log: { info(m: string): void; error(m: string): void };
  /** The workspace folders (paths); `set` when the client adds or removes a folder. */
  readonly folders: { get(): readonly string[]; set(folders: readonly string[]): void };
  /** What the client declared in `initialize` (valid once it has been received). */
  readonly clientCapabilities: () => ClientCapabilities;
  /** Settles after `initialized`: features that must wait for it (folder events) chain on it. */
  readonly initialized: Promise<void>;
}

/** A document of a driver, brought up to date with the editor's text, for one request. */
export interface DocContext {
  /** The file's URI as the model spells it (facts and analysis results use this spelling). */
  readonly uri: string;
  /** The URI as the client spelled it in the request. */
  readonly clientUri: string;
  readonly driver: Driver;
  readonly file: SourceFile;
  /** The file's text (the editor's, when it is open). */
  readonly text: string;
  readonly model: DriverModel;
  offsetAt(position: { line: number; character: number }): number;
  positionAt(offset: number): { line: number; character: number };
}

/**
 * The driver and file behind `uri`. When the editor holds a newer version than the model (a
 * change still queued for analysis), the file's facts are brought up to date first: re-extraction
 * is incremental (per top-level item), so this costs what the queued analysis would have.
 */
export async function documentContext(s: FeatureServices, uri: string): Promise<DocContext | undefined> {
  if (!isAnalysable(uri)) return undefined;
  const p = path.resolve(uriToPath(uri));
  const doc = s.documents.get(uri);
  let driver: Driver | undefined;
  try {
    if (doc) {
      driver = [...s.workspace.drivers.values()].find((d) => d.files.get(p)?.version === doc.version && d.files.get(p)?.facts);
      driver ??= await s.workspace.changeDocument(uri, doc.getText(), doc.version);
    } else {
      driver = await s.workspace.driverFor(p);
    }
  } catch (e) {
    s.log.error(`${uri}: ${(e as Error).message}`);
    return undefined;
  }
  const file = driver?.files.get(p);
  if (!driver || !file || !file.facts || file.skipped) return undefined;
  const text = file.raw;
  const starts = lineStarts(file);
  return {
    uri: file.uri,
    clientUri: uri,
    driver,
    file,
    text,
    model: driverModel(driver),
    offsetAt: (pos) => {
      const line = Math.max(0, Math.min(pos.line, starts.length - 1));
      const start = starts[line]!;
      const end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
      return Math.min(start + Math.max(0, pos.character), end);
    },
    positionAt: (offset) => file.lines.position(offset),
  };
}

const startsCache = new WeakMap<SourceFile, { raw: string; starts: number[] }>();

/** Offsets at which each line of a file starts (cached per text). */
export function lineStarts(file: SourceFile): number[] {
  const hit = startsCache.get(file);
  if (hit && hit.raw === file.raw) return hit.starts;
  const starts = [0];
  const raw = file.raw;
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) starts.push(i + 1);
  startsCache.set(file, { raw, starts });
  return starts;
}

/**
 * Maps the model's URI spelling to the client's for files the client has open (VS Code
 * percent-encodes characters Node's pathToFileURL keeps); other URIs pass through.
 */
export function uriSpeller(s: FeatureServices): (modelUri: string) => string {
  let byKey: Map<string, string> | undefined;
  return (modelUri) => {
    if (!byKey) {
      byKey = new Map();
      for (const d of s.documents.all()) {
        const k = fileKey(d.uri);
        if (k) byKey.set(k, d.uri);
      }
    }
    const k = fileKey(modelUri);
    return (k && byKey.get(k)) ?? modelUri;
  };
}

/** An LSP range for offsets in a file of the driver. */
export function rangeIn(file: SourceFile, start: number, end: number): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: file.lines.position(start), end: file.lines.position(end) };
}

/** The identifier around an offset (or ending at it): its text and offsets. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  let start = offset;
  while (start > 0 && isIdent(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isIdent(text.charCodeAt(end))) end++;
  if (start === end) return undefined;
  const word = text.slice(start, end);
  if (/^\d/.test(word)) return undefined;
  return { word, start, end };
}

export function isIdent(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
