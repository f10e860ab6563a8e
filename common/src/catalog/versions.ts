/**
 * Released NDIS 6 versions, their build macros and the version macros WDK ndis.h derives from
 * them (ndis-facts §1.3).
 *
 * MajorNdisVersion is always 6. The minor numbers are 0, 1 (NDIS 6.1 is minor 0x01, not 10),
 * 20, 30, 40, 50, 51, 60, 70, 80 … 89. The "MinorNdisVersion" tables on the characteristics
 * reference pages leave out 1 and everything above 86, so they must not be used as the list.
 */
import type { NdisVersion } from './types';

function version(minor: number, firstShippedIn: string, verified = true): NdisVersion {
  const suffix = String(minor);
  return Object.freeze({
    label: `6.${suffix}`,
    major: 6,
    minor,
    buildMacro: `NDIS6${suffix}`,
    miniportMacro: `NDIS6${suffix}_MINIPORT`,
    supportMacro: minor === 0 ? 'NDIS_SUPPORT_NDIS6' : `NDIS_SUPPORT_NDIS6${suffix}`,
    firstShippedIn,
    verified,
  });
}

/**
 * Every released NDIS 6 version, oldest first. 6.88 and 6.89 appear only on the docs' intro
 * pages, not in the WDK 22621 header the facts were checked against, so they are marked
 * `verified: false`.
 */
export const VERSIONS: readonly NdisVersion[] = Object.freeze([
  version(0, 'Windows Vista RTM'),
  version(1, 'Windows Vista SP1 / Windows Server 2008'),
  version(20, 'Windows 7 / Windows Server 2008 R2'),
  version(30, 'Windows 8 / Windows Server 2012'),
  version(40, 'Windows 8.1 / Windows Server 2012 R2'),
  version(50, 'Windows 10, version 1507'),
  version(51, 'Windows 10, version 1511'),
  version(60, 'Windows 10, version 1607 / Windows Server 2016'),
  version(70, 'Windows 10, version 1703'),
  version(80, 'Windows 10, version 1709'),
  version(81, 'Windows 10, version 1803'),
  version(82, 'Windows 10, version 1809'),
  version(83, 'Windows 10, version 1903'),
  version(84, 'Windows 10 "Vibranium" release'),
  version(85, '"Iron" release / Windows Server 2022'),
  version(86, 'Windows 11 "Cobalt" release'),
  version(87, 'Windows 11, version 22H2 ("Nickel")'),
  version(88, 'Windows Server 2022 23H2 (docs intro page only)', false),
  version(89, 'Windows 11, version 24H2 (docs intro page only)', false),
]);

const BY_MINOR = new Map<number, NdisVersion>(VERSIONS.map((v) => [v.minor, v]));

/** Accepted spellings: "6.30" and "630"; for the first two, "6.0"/"60" and "6.1"/"61". */
const BY_LABEL = new Map<string, NdisVersion>();
for (const v of VERSIONS) {
  BY_LABEL.set(v.label, v);
  BY_LABEL.set(v.label.replace('.', ''), v);
}

const BY_BUILD_MACRO = new Map<string, NdisVersion>();
for (const v of VERSIONS) {
  BY_BUILD_MACRO.set(v.buildMacro, v);
  BY_BUILD_MACRO.set(v.miniportMacro, v);
}

/** The version with this MinorNdisVersion, or undefined when no NDIS 6 release used it. */
export function versionByMinor(minor: number): NdisVersion | undefined {
  return BY_MINOR.get(minor);
}

/**
 * Parse a version label as users and project files write it: "6.30", "630", "6.1", "61", "6.0".
 * "6.3" is not a version (NDIS 6.30 is minor 30); it returns undefined, as does anything else
 * that is not a released NDIS 6 version.
 */
export function versionByLabel(label: string): NdisVersion | undefined {
  return BY_LABEL.get(label.trim());
}

/** The version a build macro selects: NDIS630, NDIS630_MINIPORT, NDIS60, NDIS61_MINIPORT … */
export function versionFromBuildMacro(name: string): NdisVersion | undefined {
  return BY_BUILD_MACRO.get(name.trim());
}

const VERSION_MACRO_PATTERNS: readonly RegExp[] = [
  /^(UM_)?NDIS\d{2,3}(_MINIPORT)?$/,
  /^NDIS_SUPPORT_\w+$/,
  /^NDIS_(MINIPORT|PROTOCOL|FILTER)_(MINIMUM_)?(MAJOR|MINOR)_VERSION$/,
];

/**
 * True for names whose value depends on the NDIS version being built: the build macros
 * (NDIS630, NDIS630_MINIPORT, also the NDIS 4/5 and UM_ forms), every NDIS_SUPPORT_* macro, and
 * the NDIS_{MINIPORT,PROTOCOL,FILTER}_[MINIMUM_]{MAJOR,MINOR}_VERSION macros. ndis.h stops the
 * build with `#error` if a driver defines the *_MAJOR/_MINOR_VERSION macros itself.
 */
export function isVersionMacro(name: string): boolean {
  return VERSION_MACRO_PATTERNS.some((re) => re.test(name));
}

const macroCache = new Map<string, ReadonlyMap<string, number>>();

/**
 * The macros WDK ndis.h defines for a driver built at `version`, as a name → value map.
 *
 * - Every NDIS_SUPPORT_NDIS6xx macro the catalog knows is present: 1 up to and including the
 *   version, 0 above it. The header really defines the higher ones as 0, so `#ifdef` sees them
 *   while `#if` is false. NDIS_SUPPORT_60_COMPATIBLE_API is 1 only for 6.0 and 6.1 builds.
 * - `kind: 'miniport'`: NDISxxx_MINIPORT = 1 plus NDIS_MINIPORT_[MINIMUM_]MAJOR/MINOR_VERSION.
 *   (The header computes these only when the project also defines NDIS_MINIPORT_DRIVER, which
 *   the project does, not ndis.h, so it is not in the map.)
 * - `kind: 'other'` (protocols, filters): NDISxxx = 1 plus NDIS_PROTOCOL_* and NDIS_FILTER_*
 *   [MINIMUM_]MAJOR/MINOR_VERSION.
 * - No `kind`: both sets, which is what an intermediate driver (protocol + miniport) gets.
 * Values are 6 for the MAJOR macros and the minor number for the MINOR ones.
 */
export function builtinMacrosFor(
  version: NdisVersion,
  kind?: 'miniport' | 'other',
): ReadonlyMap<string, number> {
  const key = `${version.minor}/${kind ?? 'both'}`;
  const cached = macroCache.get(key);
  if (cached) return cached;
  const m = new Map<string, number>();
  for (const v of VERSIONS) m.set(v.supportMacro, v.minor <= version.minor ? 1 : 0);
  m.set('NDIS_SUPPORT_60_COMPATIBLE_API', version.minor <= 1 ? 1 : 0);
  if (kind !== 'other') {
    m.set(version.miniportMacro, 1);
    m.set('NDIS_MINIPORT_MAJOR_VERSION', 6);
    m.set('NDIS_MINIPORT_MINOR_VERSION', version.minor);
    m.set('NDIS_MINIPORT_MINIMUM_MAJOR_VERSION', 6);
    m.set('NDIS_MINIPORT_MINIMUM_MINOR_VERSION', version.minor);
  }
  if (kind !== 'miniport') {
    m.set(version.buildMacro, 1);
    for (const family of ['PROTOCOL', 'FILTER']) {
      m.set(`NDIS_${family}_MAJOR_VERSION`, 6);
      m.set(`NDIS_${family}_MINOR_VERSION`, version.minor);
      m.set(`NDIS_${family}_MINIMUM_MAJOR_VERSION`, 6);
      m.set(`NDIS_${family}_MINIMUM_MINOR_VERSION`, version.minor);
    }
  }
  macroCache.set(key, m);
  return m;
}
