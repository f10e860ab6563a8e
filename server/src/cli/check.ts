/**
 * `ndiswb check [paths...]`: analyse files and directories, one driver per directory argument
 * (recursively), with the project configuration found beside them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, type NdisSettings } from '../../../common/src/settings';
import { analyzeDriver, type NdisDiagnostic } from '../analysis/analyze';
import { initParser } from '../parser/cparser';
import { driverRootFor, isSourceFile } from '../model/driver';
import { Workspace, pathToUri } from '../model/workspace';
import { formatJson, formatSarif, formatText } from './format';
import { analyzeInWorkers, plannedWorkers, runAsCheckWorker, type DriverOutcome } from './parallel';

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly format: 'text' | 'json' | 'sarif';
  readonly settings?: Partial<NdisSettings>;
  readonly cwd: string;
}

export interface CheckResult {
  readonly output: string;
  readonly exitCode: number;
  /** Messages for stderr (unreadable inputs, analysis failures). */
  readonly errors: readonly string[];
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const errors: string[] = [];
  const inputs: { kind: 'dir' | 'file'; path: string }[] = [];
  for (const p of opts.paths.length ? opts.paths : ['.']) {
    const abs = path.resolve(opts.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
      if (st.isDirectory()) fs.readdirSync(abs);
      else fs.accessSync(abs, fs.constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(`ndiswb: ${p}: ${code === 'ENOENT' ? 'no such file or directory' : 'cannot read'} (${code ?? (e as Error).message})`);
      continue;
    }
    inputs.push({ kind: st.isDirectory() ? 'dir' : 'file', path: abs });
  }
  if (errors.length) return { output: '', exitCode: 2, errors };

  await initParser();
  const settings = normalizeSettings({ ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) });
  let unreadable = false;
  const ws = new Workspace(settings, {
    info: () => undefined,
    error: (m) => {
      // Workspace reports a file it could not read as "<path>: cannot read (<reason>)".
      if (/: cannot read \(/.test(m)) unreadable = true;
      errors.push(`ndiswb: ${firstLine(m)}`);
    },
  });
  const diags: NdisDiagnostic[] = [];
  const files = new Set<string>();
  // A rule failing is our bug, not the user's: one line (no stack trace) unless NDISWB_DEBUG is set.
  const log = { error: (m: string) => errors.push(`ndiswb: internal error: ${firstLine(m)}`) };

  // Directory arguments: one driver each (a folder of drivers yields each of them), analysed on
  // worker threads when there are several and enough source.
  const dirs = inputs.filter((i) => i.kind === 'dir').flatMap((i) => driverRoots(i.path).map((r) => r.dir));
  const plan = plannedWorkers(dirs);
  const outcomes: DriverOutcome[] = plan.workers
    ? await analyzeInWorkers(dirs, plan.sizes, settings, plan.workers)
    : [await analyzeDirectories(dirs, settings, ws)].flat();
  for (const o of outcomes) {
    o.files.forEach((f) => files.add(f));
    diags.push(...o.diags);
    errors.push(...o.errors);
    if (o.unreadable) unreadable = true;
  }

  for (const input of inputs) {
    if (input.kind === 'dir') {
      continue;
    } else {
      if (!isSourceFile(input.path)) {
        errors.push(`ndiswb: ${input.path}: not a C/C++ source file (.c, .h, .cpp, .hpp)`);
        return { output: '', exitCode: 2, errors };
      }
      const d = await ws.driverFor(input.path);
      const uri = pathToUri(path.resolve(input.path));
      files.add(uri);
      diags.push(...(analyzeDriver(d, settings, log).get(uri) ?? []));
    }
  }
  ws.dispose();

  const unique = dedupe(diags).sort(
    (a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.start.line - b.start.line || a.start.character - b.start.character,
  );
  const output =
    opts.format === 'json' ? formatJson(unique, files.size, opts.cwd) : opts.format === 'sarif' ? formatSarif(unique, opts.cwd) : formatText(unique, files.size, opts.cwd);
  const exitCode = unreadable ? 2 : unique.some((d) => d.severity === 'error') ? 1 : 0;
  return { output, exitCode, errors };
}

/**
 * Analyse driver directories in this thread (a shared workspace when given, so the main thread's
 * log callbacks see every file). Used directly and by the check workers.
 */
async function analyzeDirectories(dirs: readonly string[], settings: NdisSettings, shared?: Workspace): Promise<DriverOutcome[]> {
  const out: DriverOutcome[] = [];
  for (const dir of dirs) {
    const errors: string[] = [];
    let unreadable = false;
    const ws =
      shared ??
      new Workspace(settings, {
        info: () => undefined,
        error: (m) => {
          if (/: cannot read \(/.test(m)) unreadable = true;
          errors.push(`ndiswb: ${firstLine(m)}`);
        },
      });
    const d = await ws.loadDirectory(dir);
    const diags: NdisDiagnostic[] = [];
    for (const list of analyzeDriver(d, settings, { error: (m) => errors.push(`ndiswb: internal error: ${firstLine(m)}`) }).values()) diags.push(...list);
    out.push({ files: [...d.files.values()].map((f) => f.uri), diags, errors, unreadable });
    if (!shared) ws.dispose();
  }
  return out;
}

// A check worker (see parallel.ts) runs the same analysis and reports back.
runAsCheckWorker(async (dirs, settings) => {
  await initParser();
  return analyzeDirectories(dirs, settings);
});

function firstLine(message: string): string {
  if (process.env.NDISWB_DEBUG) return message;
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/**
 * The drivers under a directory argument. A directory holding sources or a project file
 * (.vcxproj/.inf) itself is one driver, sub-folders included (rules.md: one driver per directory
 * argument). A directory that holds neither — a folder of drivers, like examples/broken — yields
 * each sub-folder that does, the nearest project folder winning.
 */
function driverRoots(dir: string): { dir: string }[] {
  const out: { dir: string }[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    const hasSources = entries.some((e) => e.isFile() && isSourceFile(e.name));
    const hasProject = entries.some((e) => e.isFile() && /\.(vcxproj|inf)$/i.test(e.name));
    if (d !== dir && (hasProject || hasSources) && driverRootFor(path.join(d, 'x.c'), d) === d) {
      out.push({ dir: d });
      continue;
    }
    if (d === dir && (hasSources || hasProject)) {
      out.push({ dir: d });
      continue;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') stack.push(path.join(d, e.name));
  }
  return out.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

function dedupe(diags: NdisDiagnostic[]): NdisDiagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.uri}|${d.start.line}|${d.start.character}|${d.code}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
