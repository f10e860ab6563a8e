/**
 * The active build configuration of a driver: preprocessor definitions and NDIS version, from the
 * `ndis.version` / `ndis.defines` settings, else from `PreprocessorDefinitions` in a `.vcxproj`
 * in the driver's folder. Unknown when neither says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { NdisSettings } from '../../../common/src/settings';
import { catalog, type NdisVersion } from './catalogView';

export interface BuildConfig {
  /** Macros the build defines (name → value; `NAME` alone is 1). */
  readonly defines: ReadonlyMap<string, number | string>;
  /** The NDIS version when the configuration fixes it. */
  readonly version: NdisVersion | undefined;
  readonly source: 'settings' | 'vcxproj' | 'unknown';
  /** The .vcxproj that was read, if any. */
  readonly project?: string;
  /** Problems reading the configuration (shown in the log, not as diagnostics). */
  readonly warnings: readonly string[];
}

/** Parse `NAME`, `NAME=VALUE` definitions (MSBuild `%(PreprocessorDefinitions)` and `$(...)` skipped). */
export function parseDefines(list: readonly string[]): Map<string, number | string> {
  const out = new Map<string, number | string>();
  for (const raw of list) {
    for (const part of raw.split(';')) {
      const d = part.trim();
      if (!d || d.startsWith('%(') || d.startsWith('$(')) continue;
      const eq = d.indexOf('=');
      const name = (eq < 0 ? d : d.slice(0, eq)).trim();
      if (!/^[A-Za-z_]\w*$/.test(name)) continue;
      const value = eq < 0 ? '1' : d.slice(eq + 1).trim();
      const num = Number(value);
      out.set(name, value === '' ? 1 : Number.isFinite(num) ? num : value);
    }
  }
  return out;
}

/** The NDIS version a set of build macros selects (NDIS630=1, NDIS680_MINIPORT=1 ...); highest wins. */
export function versionFromDefines(defines: ReadonlyMap<string, number | string>): NdisVersion | undefined {
  let best: NdisVersion | undefined;
  for (const [name, value] of defines) {
    if (value === 0 || value === '0') continue;
    const v = catalog.versionFromBuildMacro(name);
    if (v && (!best || v.minor > best.minor)) best = v;
  }
  return best;
}

/** Read every PreprocessorDefinitions element of a .vcxproj (all configurations, in order). */
export function readVcxprojDefines(file: string): { defines: string[]; warnings: string[] } {
  const warnings: string[] = [];
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { defines: [], warnings: [`${file}: cannot read (${(e as Error).message})`] };
  }
  const defines: string[] = [];
  try {
    const doc = new XMLParser({ ignoreAttributes: true, isArray: () => true }).parse(xml) as unknown;
    collect(doc, defines);
  } catch (e) {
    warnings.push(`${file}: not valid XML (${(e as Error).message})`);
  }
  return { defines, warnings };
}

function collect(node: unknown, out: string[]): void {
  // Iterative walk: project files can nest deeply and are user input.
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
    } else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
        if (k === 'PreprocessorDefinitions') {
          for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string') out.push(s);
        } else {
          stack.push(v);
        }
      }
    }
  }
}

/** Find the .vcxproj files directly in a folder. */
export function findVcxproj(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder)
      .filter((f) => f.toLowerCase().endsWith('.vcxproj'))
      .sort()
      .map((f) => path.join(folder, f));
  } catch {
    return [];
  }
}

/**
 * The configuration of the driver in `folder`: settings first (`ndis.version` / `ndis.defines`),
 * then the folder's .vcxproj. With several configurations in one project, the version macros of
 * the first that names one are used.
 */
export function resolveConfig(folder: string | undefined, settings: NdisSettings): BuildConfig {
  const warnings: string[] = [];
  const fromSettings = parseDefines(settings.defines);
  let version: NdisVersion | undefined;
  if (settings.version) {
    version = catalog.versionByLabel(settings.version);
    if (!version) warnings.push(`ndis.version "${settings.version}" is not a released NDIS 6 version`);
  }
  version ??= versionFromDefines(fromSettings);
  if (version || fromSettings.size) {
    return { defines: withBuiltins(fromSettings, version), version, source: 'settings', warnings };
  }
  for (const proj of folder ? findVcxproj(folder) : []) {
    const r = readVcxprojDefines(proj);
    warnings.push(...r.warnings);
    // Each PreprocessorDefinitions element is one configuration; take the first naming a version.
    for (const def of r.defines) {
      const d = parseDefines([def]);
      const v = versionFromDefines(d);
      if (v) return { defines: withBuiltins(d, v), version: v, source: 'vcxproj', project: proj, warnings };
    }
  }
  return { defines: new Map(), version: undefined, source: 'unknown', warnings };
}

/** Add what the WDK's ndis.h derives from the build macro (NDIS_SUPPORT_*, NDIS_*_MINOR_VERSION). */
function withBuiltins(defines: Map<string, number | string>, version: NdisVersion | undefined): Map<string, number | string> {
  if (!version) return defines;
  const isMiniport = [...defines.keys()].some((k) => /^NDIS\d+_MINIPORT$/.test(k));
  const out = new Map<string, number | string>(catalog.builtinMacrosFor(version, isMiniport ? 'miniport' : 'other'));
  for (const [k, v] of defines) out.set(k, v);
  return out;
}
