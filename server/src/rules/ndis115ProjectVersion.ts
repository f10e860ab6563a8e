/**
 * NDIS115 project-version: the NDIS version macros in the .vcxproj's PreprocessorDefinitions.
 * - Configurations that build different NDIS versions (Debug NDIS630, Release NDIS620): the
 *   characteristics declare one MinorNdisVersion, so at least one build registers with a version
 *   its headers were not compiled for.
 * - A miniport (NdisMRegisterMiniportDriver) built without an NDIS6xx_MINIPORT macro, or without
 *   NDIS_MINIPORT_DRIVER: ndis.h then defines no NDIS_MINIPORT_MAJOR/MINOR_VERSION for it.
 * - A protocol or filter built with only NDIS6xx_MINIPORT macros: ndis.h then defines no
 *   NDIS_PROTOCOL_* / NDIS_FILTER_* version macros.
 */
import { versionFromDefines } from '../model/config';
import { catalog } from '../model/catalogView';
import { projectConfigs, type VcxprojConfig } from '../model/projectFiles';
import { valuesOf } from '../analysis/characteristics';
import type { Rule } from './framework';
import { at, objectContext } from './util';

function label(c: VcxprojConfig): string {
  return c.label || 'all configurations';
}

function projectName(c: VcxprojConfig): string {
  return c.project.split(/[\\/]/).pop() ?? c.project;
}

export const rule: Rule = {
  meta: {
    id: 'NDIS115',
    name: 'project-version',
    severity: 'warning',
    description: 'The .vcxproj NDIS version macros agree across configurations and fit the driver kind.',
    messages: {
      versions: '{project} builds different NDIS versions ({list}); {struct} declares one MinorNdisVersion, so some configuration registers with a version its headers were not built for.',
      noMiniportMacro: '{project} ({config}) defines {macros} but no NDIS6xx_MINIPORT macro; ndis.h defines NDIS_MINIPORT_MAJOR/MINOR_VERSION for a miniport only from NDIS6xx_MINIPORT (with NDIS_MINIPORT_DRIVER).',
      noMiniportDriver: '{project} ({config}) defines {macros} without NDIS_MINIPORT_DRIVER; ndis.h only sets up the miniport definitions when the project defines it.',
      onlyMiniportMacro: '{project} ({config}) defines only {macros}; ndis.h defines the NDIS_PROTOCOL_* / NDIS_FILTER_* version macros a {kind} needs only from NDIS6xx (e.g. NDIS630=1).',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const kind = obj.struct.driverKind;
        if (!obj.registrations.length || !kind || kind === 'provider') return;
        if (ctx.driver.config.source === 'settings') return; // the settings say what is built
        const configs = projectConfigs(ctx.driver.root).filter((c) => versionFromDefines(c.defines));
        if (!configs.length) return;
        const reg = obj.registrations[0]!;
        const atReg = { uri: reg.uri, start: reg.call.start, end: reg.call.end };
        const minor = valuesOf(obj, 'MinorNdisVersion')[0];
        const versions = new Map<string, string[]>();
        for (const c of configs) {
          const v = versionFromDefines(c.defines)!;
          versions.set(v.label, [...(versions.get(v.label) ?? []), label(c)]);
        }
        if (versions.size > 1) {
          const list = [...versions].map(([v, cs]) => `${cs.join(', ')}: NDIS ${v}`).join('; ');
          ctx.report({ ...(minor ? at(minor) : atReg), messageId: 'versions', data: { project: projectName(configs[0]!), list, struct: obj.struct.name }, related: objectContext(obj) });
        }
        for (const c of configs) {
          const names = [...c.defines.keys()].filter((n) => catalog.versionFromBuildMacro(n) && c.defines.get(n) !== 0 && c.defines.get(n) !== '0');
          const miniportMacros = names.filter((n) => n.endsWith('_MINIPORT'));
          const otherMacros = names.filter((n) => !n.endsWith('_MINIPORT'));
          const data = { project: projectName(c), config: label(c), macros: names.join(', '), kind };
          if (kind === 'miniport') {
            if (!miniportMacros.length) ctx.report({ ...atReg, messageId: 'noMiniportMacro', data, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }) });
            else if (!c.defines.has('NDIS_MINIPORT_DRIVER')) ctx.report({ ...atReg, messageId: 'noMiniportDriver', data, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }) });
          } else if (!otherMacros.length) {
            ctx.report({ ...atReg, messageId: 'onlyMiniportMacro', data, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }) });
          }
        }
      },
    };
  },
};
