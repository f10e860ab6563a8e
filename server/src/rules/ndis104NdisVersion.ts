/**
 * NDIS104 ndis-version: MajorNdisVersion must be 6 and MinorNdisVersion a released NDIS 6 minor
 * version (0, 1, 20, 30 ... 89). A wrong major makes the registration return
 * NDIS_STATUS_BAD_VERSION. A minor that disagrees with the project's configured NDIS version
 * (settings or .vcxproj) is a warning: the binary was built against different headers.
 */
import { valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { Rule } from './framework';
import { at, firstRegistration, objectContext, versionLabel } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS104',
    name: 'ndis-version',
    severity: 'error',
    description: 'MajorNdisVersion must be 6 and MinorNdisVersion a released NDIS 6 minor version.',
    messages: {
      major: '{struct}: MajorNdisVersion is {actual}; NDIS 6 drivers must use 6 ({ddi} returns NDIS_STATUS_BAD_VERSION).',
      minor: '{struct}: MinorNdisVersion {actual} is not a released NDIS 6 version (valid: {valid}).',
      configured: '{struct}: MinorNdisVersion {actual} declares NDIS {declared}, but the project is built for NDIS {configured} ({source}).',
      unset: '{struct} {name}: {member} is never set, so NDIS reads 0 and {ddi} fails with NDIS_STATUS_BAD_VERSION.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const s = obj.struct;
        if (!s.members.some((m) => m.name === 'MajorNdisVersion')) return;
        const ddi = firstRegistration(obj)?.ddi.name ?? 'the registration';
        const majors = valuesOf(obj, 'MajorNdisVersion');
        const minors = valuesOf(obj, 'MinorNdisVersion');
        for (const v of majors) {
          if (v.value.k === 'int' && v.value.v !== 6) {
            ctx.report({ ...at(v), messageId: 'major', data: { struct: s.name, actual: v.value.v, ddi }, related: objectContext(obj) });
          }
        }
        const cfg = obj.driver.config;
        for (const v of minors) {
          if (v.value.k !== 'int') continue;
          const minor = v.value.v;
          if (!catalog.versionByMinor(minor)) {
            ctx.report({ ...at(v), messageId: 'minor', data: { struct: s.name, actual: minor, valid: catalog.VERSIONS.map((x) => x.minor).join(', ') }, related: objectContext(obj) });
          } else if (cfg.version && cfg.version.minor !== minor) {
            ctx.report({
              ...at(v), messageId: 'configured', severity: 'warning',
              data: { struct: s.name, actual: minor, declared: versionLabel(minor), configured: cfg.version.label, source: cfg.source === 'vcxproj' ? `from ${cfg.project?.split(/[\\/]/).pop() ?? 'the .vcxproj'}` : 'from the ndis.version / ndis.defines settings' },
              related: objectContext(obj),
            });
          }
        }
        const reg = firstRegistration(obj);
        if (reg && !obj.opaque && (obj.zeroed || obj.hasInitializer)) {
          for (const [member, vals] of [['MajorNdisVersion', majors], ['MinorNdisVersion', minors]] as const) {
            if (vals.length || member === 'MinorNdisVersion') continue; // minor 0 is NDIS 6.0: legal
            ctx.report({ uri: reg.uri, start: reg.call.start, end: reg.call.end, messageId: 'unset', data: { struct: s.name, name: obj.name, member, ddi: reg.ddi.name }, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }) });
          }
        }
      },
    };
  },
};
