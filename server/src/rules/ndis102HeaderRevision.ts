/**
 * NDIS102 header-revision: Header.Revision must be a revision defined for the structure, and the
 * one the declared MinorNdisVersion requires (6.0 → REV_1; 6.1–6.70 → REV_2; 6.80+ → REV_3 for
 * miniports and filters). NDIS is known to enforce the match at run time for filters
 * (NdisFRegisterFilterDriver returns NDIS_STATUS_BAD_CHARACTERISTICS), so it is an error there
 * and a warning for the other structures.
 */
import { valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { Rule } from './framework';
import { at, intOf, objectContext, show, versionLabel } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS102',
    name: 'header-revision',
    severity: 'warning',
    description: 'Header.Revision must be defined for the structure and match the declared NDIS version.',
    messages: {
      undefinedRevision: '{struct}: Header.Revision {actual} is not a revision of this structure (defined: {valid}).',
      foreignConstant: '{struct}: Header.Revision uses {constant}, a revision constant of {other}; use {expectedName}.',
      mismatch: '{struct}: NDIS {version} (MinorNdisVersion {minor}) requires {expectedName}, but Header.Revision is {actual}.{consequence}',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const s = obj.struct;
        if (s.name === 'NDIS_IF_PROVIDER_CHARACTERISTICS') return;
        const severity = s.revisionEnforcedAtRuntime ? ('error' as const) : ('warning' as const);
        const minor = intOf(obj, 'MinorNdisVersion');
        const required = minor === undefined ? undefined : catalog.requiredRevision(s, minor);
        const revName = (r: number): string => catalog.revisionDef(s, r)?.revisionConstant ?? `revision ${r}`;
        for (const v of valuesOf(obj, 'Header.Revision')) {
          if (v.value.k !== 'int') continue;
          const actual = v.value.v;
          const base = { ...at(v), severity, related: objectContext(obj) };
          if (!s.revisions.some((r) => r.revision === actual)) {
            ctx.report({ ...base, messageId: 'undefinedRevision', data: { struct: s.name, actual: show(v.value), valid: s.revisions.map((r) => r.revision).join(', ') } });
            continue;
          }
          const foreign = v.value.names.map((n) => catalog.constant(n)).find((c) => c && c.kind === 'revision' && c.struct && c.struct !== s.name);
          if (foreign) {
            ctx.report({ ...base, messageId: 'foreignConstant', data: { struct: s.name, constant: foreign.name, other: foreign.struct!, expectedName: revName(required ?? actual) } });
            continue;
          }
          if (required !== undefined && required !== actual && minor !== undefined) {
            ctx.report({
              ...base,
              messageId: 'mismatch',
              data: {
                struct: s.name, version: versionLabel(minor), minor, expectedName: revName(required), actual: show(v.value),
                consequence: s.revisionEnforcedAtRuntime ? ' NdisFRegisterFilterDriver fails with NDIS_STATUS_BAD_CHARACTERISTICS.' : '',
              },
            });
          }
        }
      },
    };
  },
};
