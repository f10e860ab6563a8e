/**
 * `ndis/drivers`: every loaded driver with its registrations (and their handlers), interface
 * registrations and unload routines, and how many NDIS errors and warnings each driver and each
 * handler has, for the client's "NDIS Drivers" view. The counts come from the same analysis the
 * diagnostics use, cached per driver state, so files that are not open count too.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { NdisSettings } from '../../../common/src/settings';
import { analyzeDriver, type NdisDiagnostic } from '../analysis/analyze';
import type { DriverIndex } from '../model/driver';
import {
  DriversRequest,
  type ProblemCounts,
  type DriverTreeDriver,
  type DriverTreeHandler,
  type DriverTreeInterface,
  type DriverTreeRegistration,
  type NdisLocation,
} from '../../../common/src/protocol';
import { catalog } from '../model/catalogView';
import type { Driver } from '../model/driver';
import { pathToUri } from '../model/workspace';
import { handlerValues } from './codeLens';
import { driverModel, irqlText } from './driverModel';
import { rangeIn, uriSpeller, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  // By method name: the server package pins its own copy of the protocol types.
  connection.onRequest(DriversRequest.method, () => driverTree(s));
}

export function driverTree(s: FeatureServices): DriverTreeDriver[] {
  const spell = uriSpeller(s);
  return [...s.workspace.drivers.values()]
    .filter((d) => d.files.size > 0)
    .map((d) => describeDriver(d, spell, findings(d, s.workspace.currentSettings, s.log)))
    .sort((a, b) => (a.rootUri < b.rootUri ? -1 : a.rootUri > b.rootUri ? 1 : 0));
}

const findingsCache = new WeakMap<DriverIndex, { settings: NdisSettings; byUri: Map<string, NdisDiagnostic[]> }>();

/** The driver's diagnostics (the analysis the Problems panel shows), cached per driver state and settings. */
function findings(driver: Driver, settings: NdisSettings, log: { error(m: string): void }): Map<string, NdisDiagnostic[]> {
  const index = driver.getIndex();
  const hit = findingsCache.get(index);
  if (hit && hit.settings === settings) return hit.byUri;
  let byUri = new Map<string, NdisDiagnostic[]>();
  try {
    byUri = analyzeDriver(driver, settings, log);
  } catch (e) {
    log.error(`counting findings of ${driver.root} failed: ${(e as Error).message}`);
  }
  findingsCache.set(index, { settings, byUri });
  return byUri;
}

function count(diags: Iterable<NdisDiagnostic>, inside?: (d: NdisDiagnostic) => boolean): ProblemCounts {
  let errors = 0;
  let warnings = 0;
  for (const d of diags) {
    if (!/^NDIS\d{3}$/.test(d.code) || (inside && !inside(d))) continue;
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

function describeDriver(driver: Driver, spell: (uri: string) => string, byUri: Map<string, NdisDiagnostic[]>): DriverTreeDriver {
  const m = driverModel(driver);
  const loc = (uri: string, start: number, end: number): NdisLocation | undefined => {
    const f = m.index.fileOf(uri);
    return f ? { uri: spell(uri), range: rangeIn(f, start, end) } : undefined;
  };
  const registrations: DriverTreeRegistration[] = [];
  const interfaces: DriverTreeInterface[] = [];
  const kinds = new Set<string>();
  for (const obj of m.objects) {
    for (const r of obj.registrations) {
      const location = loc(r.uri, r.call.start, r.call.end);
      if (!location) continue;
      if (obj.struct.name === 'NET_IF_INFORMATION' || obj.struct.driverKind === 'provider') {
        interfaces.push({ ddi: r.ddi.name, label: obj.name, location });
        if (obj.struct.driverKind === 'provider') kinds.add('provider');
        continue;
      }
      if (obj.kind === 'intermediate miniport') kinds.add('intermediate');
      if (obj.struct.driverKind) kinds.add(obj.struct.driverKind);
      const handlers: DriverTreeHandler[] = [];
      for (const h of handlerValues(obj)) {
        const member = catalog.member(obj.struct, h.member)!;
        const role = catalog.role(member.role!);
        const value = obj.values.find((v) => v.path === h.member && !(v.value.k === 'int' && v.value.v === 0));
        const assignment = value ? loc(value.uri, value.assignSpan.start, value.assignSpan.end) : undefined;
        if (!assignment) continue;
        const def = h.fn ? m.definitionOf(h.fn) : undefined;
        const defRange = def ? rangeIn(def.file, def.fact.start, def.fact.end) : undefined;
        const problems = def && defRange
          ? count(byUri.get(def.file.uri) ?? [], (d) => d.start.line >= defRange.start.line && d.start.line <= defRange.end.line)
          : { errors: 0, warnings: 0 };
        handlers.push({
          member: h.member, function: h.fn ?? value!.expr.text, role: member.role!, irql: role ? irqlText(role.irql) : '', assignment, problems,
          ...(def && defRange ? { definition: { uri: spell(def.file.uri), range: defRange } } : {}),
        });
      }
      const version = obj.minor !== undefined ? catalog.versionByMinor(obj.minor) : m.version;
      registrations.push({
        ddi: r.ddi.name, object: obj.name, struct: obj.struct.name, kind: obj.kind, ...(obj.registeredName ? { name: obj.registeredName } : {}),
        ndisVersion: version?.label ?? '', location, handlers,
      });
    }
  }
  // NdisIfRegisterInterface calls whose NET_IF_INFORMATION the analysis could not tie to a variable.
  for (const f of driver.files.values()) {
    for (const c of f.facts?.calls ?? []) {
      if (c.callee !== 'NdisIfRegisterInterface' || interfaces.some((i) => i.ddi === c.callee && i.location.uri === spell(f.uri) && i.location.range.start.line === f.lines.position(c.start).line)) continue;
      interfaces.push({ ddi: c.callee, label: c.args[3]?.text.replace(/^&/, '') ?? 'interface', location: { uri: spell(f.uri), range: rangeIn(f, c.start, c.end) } });
    }
  }
  const unloads = m.unloads.map((u) => {
    const def = m.definitionOf(u.fn);
    return { function: u.fn, kind: u.kind, ...(def ? { location: { uri: spell(def.file.uri), range: rangeIn(def.file, def.fact.nameSpan.start, def.fact.nameSpan.end) } } : {}) };
  });
  const order = ['intermediate', 'miniport', 'protocol', 'filter', 'provider'];
  return {
    name: driver.name,
    rootUri: pathToUri(driver.root),
    kinds: [...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    ndisVersion: m.version?.label ?? '',
    files: [...driver.files.values()].map((f) => spell(f.uri)).sort(),
    problems: count([...byUri.values()].flat()),
    registrations: registrations.sort((a, b) => a.location.uri.localeCompare(b.location.uri) || a.location.range.start.line - b.location.range.start.line),
    interfaces,
    unloads,
  };
}
