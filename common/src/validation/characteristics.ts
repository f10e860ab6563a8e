/**
 * Validation of a characteristics structure given as data (member name → value), the check NDIS
 * performs inside NdisRegisterProtocolDriver, NdisMRegisterMiniportDriver,
 * NdisFRegisterFilterDriver and NdisIfRegisterProvider (ndis-facts §2.5, §3.1–3.7). It reads
 * only the catalog, so the simulator rejects a structure for the same reasons the language
 * server's rules flag it in source. The server's rules work on C source text and are not reused;
 * the catalog is.
 *
 * The result names the NDIS_STATUS real NDIS returns:
 * - NDIS_STATUS_BAD_VERSION: MajorNdisVersion is not 6, MinorNdisVersion is not a released
 *   NDIS 6 minor, or it is newer than the NDIS of the machine.
 * - NDIS_STATUS_BAD_CHARACTERISTICS: wrong Header.Type, unknown Header.Revision, Header.Size
 *   below the revision's size, a required handler NULL, a broken handler pair, a reserved flag,
 *   a filter revision that does not match its NDIS version (issue #2938), an empty name.
 * - NDIS_STATUS_NOT_SUPPORTED: an interface-provider header NDIS does not support.
 * - NDIS_STATUS_INVALID_PARAMETER: interface-provider member data is invalid (NULL handler,
 *   non-NULL reserved member).
 * Findings with severity `warning` do not fail the registration (tolerated header types, the
 * unverified revision/version match of protocols and miniports, IM drivers with CheckForHang).
 */
import { constant, member, requiredRevision, revisionDef, STRUCTS, versionByMinor } from '../catalog';
import type { CharacteristicsName, StructDef } from '../catalog/types';

export type CharacteristicsStatus =
  | 'NDIS_STATUS_SUCCESS'
  | 'NDIS_STATUS_BAD_VERSION'
  | 'NDIS_STATUS_BAD_CHARACTERISTICS'
  | 'NDIS_STATUS_NOT_SUPPORTED'
  | 'NDIS_STATUS_INVALID_PARAMETER';

export interface CharacteristicsFinding {
  /** ndis-facts §2.5 check id (CH1 … CH10). */
  readonly check: string;
  /** Member path, e.g. "Header.Size" or "BindAdapterHandlerEx". */
  readonly member: string;
  readonly severity: 'error' | 'warning';
  /** The status an error makes the registration return (SUCCESS for warnings). */
  readonly status: CharacteristicsStatus;
  readonly message: string;
}

export interface CharacteristicsResult {
  /** What the registration call returns: the first error's status, or SUCCESS. */
  readonly status: CharacteristicsStatus;
  readonly findings: readonly CharacteristicsFinding[];
}

export interface CheckOptions {
  /** MinorNdisVersion of the NDIS on the machine; a driver asking for more gets BAD_VERSION. */
  readonly hostMinor?: number;
}

type Data = Readonly<Record<string, unknown>>;

const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== 0 && v !== false;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const hex = (v: number): string => `0x${v.toString(16).toUpperCase()}`;

/** Check a characteristics structure given as data. Never throws. */
export function checkCharacteristics(name: CharacteristicsName, data: Data, options: CheckOptions = {}): CharacteristicsResult {
  const struct = STRUCTS[name];
  const findings: CharacteristicsFinding[] = [];
  const add = (check: string, m: string, severity: 'error' | 'warning', status: CharacteristicsStatus, message: string): void => {
    findings.push({ check, member: m, severity, status: severity === 'error' ? status : 'NDIS_STATUS_SUCCESS', message });
  };
  if (name === 'NDIS_IF_PROVIDER_CHARACTERISTICS') checkProvider(struct, data, add);
  else checkDriver(struct, data, options, add);
  const firstError = findings.find((f) => f.severity === 'error');
  return { status: firstError ? firstError.status : 'NDIS_STATUS_SUCCESS', findings };
}

type Add = (check: string, member: string, severity: 'error' | 'warning', status: CharacteristicsStatus, message: string) => void;

function header(data: Data): { type?: number; revision?: number; size?: number } {
  const h = data.Header as Data | undefined;
  if (!h || typeof h !== 'object') return {};
  return { type: num(h.Type), revision: num(h.Revision), size: num(h.Size) };
}

function checkProvider(struct: StructDef, data: Data, add: Add): void {
  const h = header(data);
  const rev = revisionDef(struct, 1)!;
  const def = constant('NDIS_OBJECT_TYPE_DEFAULT')!.value;
  if (h.type !== def) add('CH1', 'Header.Type', 'error', 'NDIS_STATUS_NOT_SUPPORTED', `Header.Type is ${h.type === undefined ? 'missing' : hex(h.type)}; NdisIfRegisterProvider supports NDIS_OBJECT_TYPE_DEFAULT (0x80) only`);
  if (h.revision !== 1) add('CH2', 'Header.Revision', 'error', 'NDIS_STATUS_NOT_SUPPORTED', `Header.Revision is ${h.revision ?? 'missing'}; NdisIfRegisterProvider supports NDIS_OBJECT_REVISION_1 only`);
  if (h.size === undefined || h.size < rev.sizeX64) add('CH3', 'Header.Size', 'error', 'NDIS_STATUS_NOT_SUPPORTED', `Header.Size is ${h.size ?? 'missing'}; ${rev.sizeConstant} is ${rev.sizeX64}`);
  for (const m of struct.members) {
    if (m.role && m.requirement === 'required' && !isSet(data[m.name])) add('CH6', m.name, 'error', 'NDIS_STATUS_INVALID_PARAMETER', `${m.name} is NULL`);
    if (m.requirement === 'reserved' && isSet(data[m.name])) add('CH10', m.name, 'error', 'NDIS_STATUS_INVALID_PARAMETER', `${m.name} is reserved and must be NULL`);
  }
}

function checkDriver(struct: StructDef, data: Data, options: CheckOptions, add: Add): void {
  // Version first: NDIS answers a version it cannot serve before it looks at anything else.
  const major = num(data.MajorNdisVersion);
  const minor = num(data.MinorNdisVersion);
  if (major !== 6) add('CH5', 'MajorNdisVersion', 'error', 'NDIS_STATUS_BAD_VERSION', `MajorNdisVersion is ${major ?? 'missing'}; NDIS 6 drivers must say 6`);
  else if (minor === undefined || !versionByMinor(minor)) add('CH5', 'MinorNdisVersion', 'error', 'NDIS_STATUS_BAD_VERSION', `MinorNdisVersion ${minor ?? 'missing'} is not a released NDIS 6 version (0, 1, 20, 30 … 89)`);
  else if (options.hostMinor !== undefined && minor > options.hostMinor) add('CH5', 'MinorNdisVersion', 'error', 'NDIS_STATUS_BAD_VERSION', `the driver asks for NDIS 6.${minor}; this machine runs NDIS 6.${options.hostMinor}`);

  const h = header(data);
  const own = constant(struct.objectType!)!.value;
  const tolerated = (struct.toleratedObjectTypes ?? []).map((t) => constant(t)!.value);
  if (h.type === undefined || (h.type !== own && !tolerated.includes(h.type))) {
    add('CH1', 'Header.Type', 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `Header.Type is ${h.type === undefined ? 'missing' : hex(h.type)}; expected ${struct.objectType} (${hex(own)})`);
  } else if (h.type !== own) {
    add('CH1', 'Header.Type', 'warning', 'NDIS_STATUS_SUCCESS', `Header.Type is ${hex(h.type)} (tolerated); ${struct.objectType} (${hex(own)}) is the documented value`);
  }
  const rev = h.revision === undefined ? undefined : revisionDef(struct, h.revision);
  if (!rev) {
    add('CH2', 'Header.Revision', 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `Header.Revision ${h.revision ?? 'missing'} is not a revision of ${struct.name} (${struct.revisions.map((r) => r.revision).join(', ')})`);
    return;
  }
  if (h.size === undefined || h.size < rev.sizeX64) {
    add('CH3', 'Header.Size', 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `Header.Size is ${h.size ?? 'missing'}; revision ${rev.revision} needs at least ${rev.sizeConstant} = ${rev.sizeX64}`);
  }
  if (minor !== undefined && major === 6) {
    const want = requiredRevision(struct, minor);
    if (want !== undefined && want !== rev.revision) {
      const enforced = struct.revisionEnforcedAtRuntime;
      add('CH4', 'Header.Revision', enforced ? 'error' : 'warning', 'NDIS_STATUS_BAD_CHARACTERISTICS', `NDIS 6.${minor} needs revision ${want} of ${struct.name}, the header says ${rev.revision}${enforced ? '' : ' (not known to be enforced for this structure)'}`);
    }
  }
  checkMembers(struct, data, rev.revision, add);
  checkFlags(struct, data, add);
  for (const n of ['Name', 'ServiceName', 'UniqueName', 'FriendlyName']) {
    if (member(struct, n) && (typeof data[n] !== 'string' || !(data[n] as string).length)) add('CH9', n, 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `${n} is empty`);
  }
  if (member(struct, 'UniqueName') && typeof data.UniqueName === 'string' && data.UniqueName && !/^\{[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}\}$/i.test(data.UniqueName)) {
    add('CH9', 'UniqueName', 'warning', 'NDIS_STATUS_SUCCESS', `UniqueName "${data.UniqueName}" is not a braced GUID (it must equal NetCfgInstanceId in the INF)`);
  }
}

function checkMembers(struct: StructDef, data: Data, revision: number, add: Add): void {
  for (const m of struct.members) {
    if (!m.role || m.sinceRevision > revision) continue;
    const set = isSet(data[m.name]);
    if (m.requirement === 'required' && !set) add('CH6', m.name, 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `${m.name} is NULL; NDIS requires it`);
    for (const p of m.pairedWith ?? []) {
      const pm = member(struct, p);
      if (set && pm && pm.sinceRevision <= revision && !isSet(data[p])) add('CH7', p, 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `${m.name} is set, so ${p} must be set too`);
    }
  }
}

function checkFlags(struct: StructDef, data: Data, add: Add): void {
  const flags = num(data.Flags) ?? 0;
  for (const f of struct.flags ?? []) {
    if (f.forbidden && flags & f.value) add('CH10', 'Flags', 'error', 'NDIS_STATUS_BAD_CHARACTERISTICS', `Flags has ${f.name} (${hex(f.value)}), which drivers must not set`);
  }
  if (struct.name === 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS' && flags & 0x1) {
    for (const m of ['CheckForHangHandlerEx', 'ResetHandlerEx']) {
      if (isSet(data[m])) add('CH7', m, 'warning', 'NDIS_STATUS_SUCCESS', `${m} should be NULL for an intermediate driver (NDIS_INTERMEDIATE_DRIVER)`);
    }
  }
}
