/** `ndis/driverInfo`: the driver kinds and NDIS version of a document's driver (for the status bar). */
import type { DriverInfo } from '../../../common/src/protocol';
import { catalog } from '../model/catalogView';
import { pathToUri, uriToPath, type Workspace } from '../model/workspace';
import { characteristicsObjects } from '../analysis/characteristics';
import { intOf } from '../rules/util';
import { isAnalysable } from './diagnostics';

export async function driverInfo(workspace: Workspace, uri: string): Promise<DriverInfo | null> {
  if (!isAnalysable(uri)) return null;
  const p = uriToPath(uri);
  const d = await workspace.driverFor(p);
  const kinds = new Set<string>();
  let minor: number | undefined;
  for (const obj of characteristicsObjects(d)) {
    if (!obj.registrations.length || !obj.struct.driverKind) continue;
    kinds.add(obj.struct.driverKind);
    if (obj.struct.name === 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS' && (intOf(obj, 'Flags') ?? 0) & 1) kinds.add('intermediate');
    minor ??= intOf(obj, 'MinorNdisVersion');
  }
  if (!kinds.size) return null;
  const order = ['intermediate', 'miniport', 'protocol', 'filter', 'provider'];
  const version = d.config.version ?? (minor !== undefined ? catalog.versionByMinor(minor) : undefined);
  return {
    driverUri: pathToUri(d.root),
    kinds: [...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    ndisVersion: version?.label ?? '',
    versionSource: d.config.version ? (d.config.source === 'vcxproj' ? 'vcxproj' : 'settings') : version ? 'characteristics' : 'unknown',
    files: d.files.size,
  };
}
