/**
 * The set of drivers the server or the CLI knows: which driver a file belongs to, loading a
 * driver's files (and the headers they include) from disk, and applying editor changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NdisSettings } from '../../../common/src/settings';
import { ensureGrammar, grammarFor } from '../parser/cparser';
import { evaluateCondition } from '../parser/cexpr';
import { catalog } from './catalogView';
import { resolveConfig, type BuildConfig } from './config';
import { Driver, SourceFile, driverRootFor, isSourceFile, listSourceFiles, readSource } from './driver';

/** Most files read into one driver (a guard against pointing the tool at a whole disk). */
const MAX_DRIVER_FILES = 2000;

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}

export interface WorkspaceLog {
  info(message: string): void;
  error(message: string): void;
}

export class Workspace {
  readonly drivers = new Map<string, Driver>();

  constructor(
    private settings: NdisSettings,
    private readonly log: WorkspaceLog,
    /** Folders that bound the search for a driver's project files (workspace folders). */
    private readonly boundaries: () => readonly string[] = () => [],
  ) {}

  /** New settings: recompute each driver's configuration and re-analyse its files under it. */
  async updateSettings(settings: NdisSettings): Promise<void> {
    this.settings = settings;
    for (const d of this.drivers.values()) {
      d.config = this.configFor(d.root);
      d.invalidate(); // results computed under the old configuration are keyed by the index
      for (const sf of d.files.values()) await this.updateFile(d, sf, sf.raw, sf.version);
    }
  }

  get currentSettings(): NdisSettings {
    return this.settings;
  }

  private configFor(root: string): BuildConfig {
    const cfg = resolveConfig(root, this.settings);
    for (const w of cfg.warnings) this.log.info(w);
    return cfg;
  }

  /** The driver a file belongs to, creating (and loading from disk) it when needed. */
  async driverFor(fsPath: string): Promise<Driver> {
    for (const d of this.drivers.values()) {
      if (d.files.has(path.resolve(fsPath))) return d;
    }
    const boundary = this.boundaries().find((b) => path.resolve(fsPath).startsWith(path.resolve(b) + path.sep));
    const root = driverRootFor(fsPath, boundary);
    let d = this.drivers.get(root);
    if (!d) {
      d = new Driver(root, this.configFor(root));
      this.drivers.set(root, d);
      await this.loadFiles(d, listSourceFiles(root, false));
    }
    if (!d.files.has(path.resolve(fsPath))) await this.loadFiles(d, [fsPath]);
    return d;
  }

  /** Load a driver from a directory (the CLI: one driver per directory argument, recursively). */
  async loadDirectory(root: string): Promise<Driver> {
    const d = new Driver(root, this.configFor(root));
    this.drivers.set(root, d);
    await this.loadFiles(d, listSourceFiles(root, true, MAX_DRIVER_FILES));
    return d;
  }

  /** Load explicitly named files as one driver rooted at their folder (the CLI with file arguments). */
  async loadFileSet(root: string, files: readonly string[]): Promise<Driver> {
    const d = new Driver(root, this.configFor(root));
    this.drivers.set(`${root}#files`, d);
    await this.loadFiles(d, files);
    return d;
  }

  /** Read files from disk into a driver, then the quoted includes they name, transitively. */
  private async loadFiles(d: Driver, files: readonly string[]): Promise<void> {
    const queue = files.map((f) => path.resolve(f));
    while (queue.length && d.files.size < MAX_DRIVER_FILES) {
      const p = queue.shift()!;
      if (d.files.has(p)) continue;
      let text: string;
      try {
        text = readSource(p);
      } catch (e) {
        this.log.error(`${p}: cannot read (${(e as Error).message})`);
        continue;
      }
      const sf = new SourceFile(pathToUri(p), p);
      d.files.set(p, sf);
      await this.updateFile(d, sf, text, undefined);
      for (const inc of sf.facts?.includes ?? []) {
        if (inc.system) continue;
        const target = resolveInclude(p, inc.path, d.root);
        if (target && !d.files.has(target)) queue.push(target);
      }
    }
    d.invalidate();
  }

  /** Apply new text to a file of a driver (an editor change, or a read from disk). */
  async updateFile(d: Driver, sf: SourceFile, text: string, version: number | undefined): Promise<void> {
    await ensureGrammar(grammarFor(sf.fsPath, text));
    const cfg = d.config;
    const evaluate =
      cfg.source === 'unknown'
        ? undefined
        : (expr: string): boolean | undefined =>
            evaluateCondition(expr, {
              macro: () => undefined,
              isDefined: (n) => cfg.defines.has(n),
              constant: (n) => {
                const v = cfg.defines.get(n);
                return typeof v === 'number' ? v : catalog.constant(n)?.value;
              },
              undefinedIsZero: true,
            });
    try {
      sf.update(text, version, this.settings.maxFileSize, evaluate);
    } catch (e) {
      // The parser failing on some input must not take the server down: keep the file, without facts.
      this.log.error(`${sf.fsPath}: could not be analysed (${(e as Error).message})`);
    }
    d.invalidate();
  }

  /** An editor opened or changed a document. */
  async changeDocument(uri: string, text: string, version: number): Promise<Driver | undefined> {
    const p = uriToPath(uri);
    if (!isSourceFile(p)) return undefined;
    const d = await this.driverFor(p);
    let sf = d.files.get(path.resolve(p));
    if (!sf) {
      sf = new SourceFile(uri, path.resolve(p));
      d.files.set(path.resolve(p), sf);
    }
    if (sf.raw === text && sf.facts) {
      sf.version = version;
      return d;
    }
    await this.updateFile(d, sf, text, version);
    return d;
  }

  /** An editor closed a document: go back to the text on disk (or drop the file if it is gone). */
  async closeDocument(uri: string): Promise<Driver | undefined> {
    const p = path.resolve(uriToPath(uri));
    for (const d of this.drivers.values()) {
      const sf = d.files.get(p);
      if (!sf) continue;
      if (fs.existsSync(p)) await this.updateFile(d, sf, readSource(p), undefined);
      else {
        sf.dispose();
        d.files.delete(p);
        d.invalidate();
      }
      return d;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.drivers.values()) d.dispose();
    this.drivers.clear();
  }
}

/** Resolve `#include "x.h"` relative to the including file, then the driver root. */
export function resolveInclude(from: string, inc: string, root: string): string | undefined {
  const rel = inc.replace(/\\/g, '/');
  for (const base of [path.dirname(from), root]) {
    const p = path.resolve(base, rel);
    try {
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
