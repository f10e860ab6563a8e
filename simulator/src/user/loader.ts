/**
 * Loading user drivers for a run: the `userDriverLoader` a scenario's `source:` drivers go
 * through. Each image is a fresh interpreter over the driver's folder (fresh globals, as loading
 * the .sys again gives) with a UserRuntime as its Host; the image finds its machine's NDIS when
 * the world is bound (`bindWorld`). The first image the scenario check loads is kept for the
 * first boot, so a run parses the driver once. `unmodelled()` lists the external functions the
 * drivers called that nothing models, for the run summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDriver, type Budgets, type CParser, type MemoryOptions } from '../exec';
import type { DriverImage } from '../ndis/driverImage';
import type { NdisHost } from '../ndis/host';
import type { UnmodelledCall, UserDriverContext } from '../scenario/compile';
import { registerNblDdis } from './nbl';
import { registerNdisDdis } from './ndisDdis';
import { registerKernelDdis } from './kernel';
import { registerOidDdis } from './oid';
import { registerWdmDdis } from './wdm';
import { statusText, UserImage } from './image';
import { UserRuntime, type Ddi, type UserDriverKind } from './runtime';
import { detectRoles, inferDefines, infIdentity } from './kind';

export type { UserDriverContext, UnmodelledCall };

export interface UserDriverLoaderOptions {
  /** tree-sitter C (the language server's `parse('c', text)` after `ensureGrammar('c')`). */
  readonly parser: CParser;
  readonly budgets?: Budgets;
  readonly memory?: MemoryOptions;
  /** How files are named in locations (default: relative to the current directory). */
  readonly displayName?: (absPath: string) => string;
}

/** Something with the simulated machines (a World). */
export interface HostDirectory {
  host(name: string): NdisHost;
}

/** The loader function and its run-level companions. */
export interface UserDriverLoader {
  (source: string, kind: string, serviceName: string, context?: UserDriverContext): DriverImage | string;
  bindWorld(world: HostDirectory): void;
  unmodelled(): UnmodelledCall[];
  driverFailures(): string[];
}

let table: Map<string, Ddi> | undefined;
/** Every modelled DDI (built once). */
function ddiTable(): Map<string, Ddi> {
  if (!table) {
    table = new Map();
    registerKernelDdis(table);
    registerWdmDdis(table);
    registerNblDdis(table);
    registerOidDdis(table);
    registerNdisDdis(table);
  }
  return table;
}

/** Names of every DDI the user-driver host models (for docs and tests). */
export function modelledDdis(): string[] {
  return [...ddiTable().keys()].sort();
}

const KINDS = new Set(['protocol', 'miniport', 'filter', 'intermediate', 'provider']);

/** Interpreter limitations are not build errors: the function raises when it is called. */
const LIMITATION = /not supported/;

export function createUserDriverLoader(o: UserDriverLoaderOptions): UserDriverLoader {
  let world: HostDirectory | undefined;
  const spare = new Map<string, UserImage>();
  const images: UserImage[] = [];
  const display = o.displayName ?? ((p: string) => path.relative(process.cwd(), p) || p);

  const load = (source: string, kind: string, serviceName: string, c: UserDriverContext): UserImage | string => {
    if (!KINDS.has(kind)) return `unknown kind "${kind}" (protocol, miniport, filter, intermediate or provider)`;
    let st: fs.Stats;
    try {
      st = fs.statSync(source);
    } catch {
      return `${display(source)}: no such folder`;
    }
    if (!st.isDirectory()) return `${display(source)} is not a folder (give the driver's source folder)`;
    const rt = new UserRuntime({ serviceName, kind: kind as UserDriverKind, irqlBugCheck: c.irqlBugCheck ?? true, failCalls: c.failCalls ?? new Map(), inf: infIdentity(source) });
    for (const [k, v] of ddiTable()) rt.ddis.set(k, v);
    let interp;
    const defines = c.defines ?? inferDefines(source);
    try {
      interp = loadDriver({
        folder: source, parser: o.parser, host: rt, displayName: display,
        ...(defines ? { defines } : {}), ...(o.budgets ? { budgets: o.budgets } : {}), ...(o.memory ? { memory: o.memory } : {}),
      });
    } catch (e) {
      return `cannot load ${display(source)}: ${(e as Error).message}`;
    }
    const errors = interp.diagnostics.filter((d) => d.severity === 'error' && !LIMITATION.test(d.message));
    if (errors.length) {
      const list = errors.slice(0, 5).map((d) => `${d.loc ? `${d.loc.file}:${d.loc.line}: ` : ''}${d.message}`);
      return `${display(source)} does not build: ${list.join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`;
    }
    if (interp.functionAddress('DriverEntry') === undefined) return `${display(source)} defines no DriverEntry`;
    rt.attach(interp);
    const hostName = c.host ?? '';
    const image = new UserImage(rt, detectRoles(source, kind as UserDriverKind), hostName, () => {
      if (!world) throw new Error('user drivers run inside a world: call bindWorld(world) before world.run()');
      return world.host(hostName);
    });
    images.push(image);
    return image;
  };

  const loader = ((source: string, kind: string, serviceName: string, context: UserDriverContext = {}): DriverImage | string => {
    const folder = path.resolve(context.dir ?? process.cwd(), source);
    const key = `${context.host ?? ''}/${serviceName}/${folder}`;
    const kept = spare.get(key);
    if (kept) {
      spare.delete(key);
      return kept;
    }
    const r = load(folder, kind, serviceName, context);
    if (typeof r !== 'string' && !world) spare.set(key, r);
    return r;
  }) as UserDriverLoader;
  loader.bindWorld = (w) => {
    world = w;
  };
  loader.driverFailures = () =>
    images.filter((i) => i.entryStatus !== undefined && i.entryFailed).map((i) => `${i.serviceName}${i.hostName ? ` on ${i.hostName}` : ''}: DriverEntry returned ${statusText(i.entryStatus!)}`);
  loader.unmodelled = () => {
    const byName = new Map<string, { count: number; sites: Set<string> }>();
    for (const img of images) {
      const i = img.rt.interp;
      for (const [name, count] of i.unmodelled) {
        const e = byName.get(name) ?? { count: 0, sites: new Set<string>() };
        e.count += count;
        byName.set(name, e);
      }
      for (const l of i.logEntries) {
        if (l.kind !== 'unmodelled' || !l.site) continue;
        const name = /^unmodelled call (\S+)/.exec(l.message)?.[1];
        if (name) byName.get(name)?.sites.add(`${l.site.file}:${l.site.line}`);
      }
    }
    return [...byName].map(([name, e]) => ({ name, count: e.count, sites: [...e.sites].sort() })).sort((a, b) => (a.name < b.name ? -1 : 1));
  };
  return loader;
}
