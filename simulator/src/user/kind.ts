/**
 * What a driver folder is, read from its sources without running them: the registration DDIs
 * its .c files call (comments stripped) give its kind and roles, and the INF's AddService
 * directive (else the protocol Name / filter ServiceName, else the folder) its service name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionByMinor } from '../../../common/src/catalog';
import { driverSources, resolveDefines } from '../exec';
import type { DriverImage } from '../ndis/driverImage';
import type { UserDriverKind } from './runtime';

/** The driver's C sources with comments removed. */
function sourceText(folder: string, headers = false): string {
  let text = '';
  let extra: string[] = [];
  if (headers) {
    try {
      extra = fs.readdirSync(folder).filter((f) => /\.h$/i.test(f)).sort().map((f) => path.join(folder, f));
    } catch {
      extra = [];
    }
  }
  for (const f of [...driverSources(folder), ...extra]) {
    try {
      text += fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ') + '\n';
    } catch {
      /* unreadable: ignored */
    }
  }
  return text;
}

interface Registers {
  readonly protocol: boolean;
  readonly miniport: boolean;
  readonly intermediate: boolean;
  readonly filter: boolean;
  readonly provider: boolean;
}

function registers(folder: string): Registers {
  const t = sourceText(folder);
  const miniport = /\bNdisMRegisterMiniportDriver\s*\(/.test(t);
  return {
    protocol: /\bNdisRegisterProtocolDriver\s*\(/.test(t),
    miniport,
    intermediate: miniport && /\bNDIS_INTERMEDIATE_DRIVER\b/.test(t),
    filter: /\bNdisFRegisterFilterDriver\s*\(/.test(t),
    provider: /\bNdisIfRegisterProvider\s*\(/.test(t),
  };
}

/** The kind of driver a folder holds, or undefined when it registers nothing NDIS knows. */
export function detectKind(folder: string): UserDriverKind | undefined {
  const r = registers(folder);
  if (r.intermediate) return 'intermediate';
  if (r.filter) return 'filter';
  if (r.miniport) return 'miniport';
  if (r.protocol) return 'protocol';
  if (r.provider) return 'provider';
  return undefined;
}

/** The roles of an image of `kind` built from `folder` (what it registers, as far as the source shows). */
export function detectRoles(folder: string, kind: UserDriverKind): DriverImage['roles'] {
  const r = registers(folder);
  const roles = new Set<DriverImage['roles'][number]>([kind]);
  if (kind === 'intermediate') roles.add('protocol');
  if (r.protocol && kind !== 'miniport' && kind !== 'filter') roles.add('protocol');
  if (r.provider) roles.add('provider');
  if (r.miniport && !r.intermediate) roles.add('miniport');
  return [...roles];
}

/** The service name: the INF's first AddService, else the registered name, else the folder name. */
export function detectServiceName(folder: string): string {
  let infs: string[] = [];
  try {
    infs = fs.readdirSync(folder).filter((f) => /\.inf$/i.test(f)).sort();
  } catch {
    /* no folder */
  }
  for (const inf of infs) {
    let text = '';
    try {
      text = fs.readFileSync(path.join(folder, inf), 'utf8');
    } catch {
      continue;
    }
    const m = /^\s*AddService\s*=\s*"?([A-Za-z0-9_.-]+)"?/im.exec(text);
    if (m) return m[1]!;
  }
  const t = sourceText(folder, true);
  const named = /\bName\s*=\s*NDIS_STRING_CONST\s*\(\s*"([A-Za-z0-9_.-]+)"\s*\)/.exec(t) ?? /_SERVICE_NAME\s+L"([A-Za-z0-9_.-]+)"/.exec(t);
  if (named) return named[1]!;
  const sources = driverSources(folder);
  const base = sources.length === 1 ? path.basename(sources[0]!, path.extname(sources[0]!)) : path.basename(path.resolve(folder));
  return base.toUpperCase().replace(/[^A-Z0-9_.-]/g, '_') || 'DRIVER';
}

/**
 * Build defines for a folder without a project naming an NDIS version: the NDIS version the
 * driver's characteristics declare (`MinorNdisVersion = 80`, directly or through a #define),
 * highest first, as NDIS6xx=1 (and NDIS6xx_MINIPORT=1 for miniport drivers). Undefined when a
 * .vcxproj gives the version, or the sources name no released version.
 */
export function inferDefines(folder: string): string[] | undefined {
  const read = (p: string): string | undefined => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  if (resolveDefines(folder, undefined, read).source !== 'default') return undefined;
  const t = sourceText(folder, true);
  const defines = new Map<string, string>();
  for (const m of t.matchAll(/#\s*define\s+([A-Za-z_]\w*)\s+\(?\s*(\d+)\s*\)?\s*$/gm)) defines.set(m[1]!, m[2]!);
  let best: ReturnType<typeof versionByMinor>;
  for (const m of t.matchAll(/MinorNdisVersion\s*=\s*([A-Za-z_]\w*|\d+)\s*;/g)) {
    const v = versionByMinor(Number(/^\d+$/.test(m[1]!) ? m[1] : defines.get(m[1]!)));
    if (v && (!best || v.minor > best.minor)) best = v;
  }
  if (!best) return undefined;
  const r = registers(folder);
  return r.miniport ? [`${best.buildMacro}=1`, `${best.miniportMacro}=1`, 'NDIS_MINIPORT_DRIVER=1'] : [`${best.buildMacro}=1`];
}

/** What the driver folder's INF files install: service names (AddService) and NetCfgInstanceIds. */
export interface InfIdentity {
  readonly services: readonly string[];
  readonly instanceIds: readonly string[];
}

export function infIdentity(folder: string): InfIdentity {
  const services: string[] = [];
  const instanceIds: string[] = [];
  let infs: string[] = [];
  try {
    infs = fs.readdirSync(folder).filter((f) => /\.inf$/i.test(f)).sort();
  } catch {
    return { services, instanceIds };
  }
  for (const inf of infs) {
    let text = '';
    try {
      const raw = fs.readFileSync(path.join(folder, inf));
      text = raw[0] === 0xff && raw[1] === 0xfe ? raw.subarray(2).toString('utf16le') : raw.toString('utf8');
    } catch {
      continue;
    }
    text = text.replace(/;[^\n]*/g, '');
    for (const m of text.matchAll(/^\s*AddService\s*=\s*"?([A-Za-z0-9_.-]+)"?/gim)) services.push(m[1]!);
    for (const m of text.matchAll(/^\s*NetCfgInstanceId\s*=\s*"?(\{[0-9A-Fa-f-]+\})"?/gim)) instanceIds.push(m[1]!);
  }
  return { services, instanceIds };
}
