/**
 * NDIS113 inf-service-name: a protocol's `Name` and a filter's `ServiceName` must be a service the
 * driver's INF installs (its `AddService` name, or the `HKR, Ndi, Service` value). NDIS finds the
 * installed binding of a protocol, and the filter service of a filter, by this name; a driver
 * whose name differs registers fine and then never binds or attaches.
 */
import type { Rule } from './framework';
import { infName, memberAt, serviceInfs, stringValueOf } from './projectNames';
import { objectContext } from './util';

const MEMBER: Readonly<Record<string, string>> = {
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS: 'Name',
  NDIS_FILTER_DRIVER_CHARACTERISTICS: 'ServiceName',
};

export const rule: Rule = {
  meta: {
    id: 'NDIS113',
    name: 'inf-service-name',
    severity: 'warning',
    description: "A protocol's Name and a filter's ServiceName are a service the driver's INF installs.",
    messages: {
      mismatch: '{struct}: {member} "{value}" is not a service {infs} installs ({services}); NDIS finds the installed {what} by this name, so {consequence}',
      caseOnly: '{struct}: {member} "{value}" differs from the INF service "{service}" ({inf}) only in case; use the INF\'s spelling.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const member = MEMBER[obj.struct.name];
        if (!member || !obj.registrations.length) return;
        const infs = serviceInfs(ctx.driver.root).filter((f) => f.services.length);
        if (!infs.length) return;
        const name = stringValueOf(obj, member, ctx.driver.getIndex());
        if (!name || !name.text) return; // unset or empty: NDIS111
        const all = infs.flatMap((f) => f.services.map((s) => ({ s, f })));
        if (all.some((x) => x.s === name.text)) return;
        const loose = all.find((x) => x.s.toLowerCase() === name.text.toLowerCase());
        const isProtocol = member === 'Name';
        if (loose) {
          ctx.report({ ...memberAt(name.value), messageId: 'caseOnly', severity: 'information', data: { struct: obj.struct.name, member, value: name.text, service: loose.s, inf: infName(loose.f) }, related: objectContext(obj) });
          return;
        }
        ctx.report({
          ...memberAt(name.value), messageId: 'mismatch',
          data: {
            struct: obj.struct.name, member, value: name.text,
            infs: infs.map(infName).join(', '), services: [...new Set(all.map((x) => x.s))].join(', '),
            what: isProtocol ? 'protocol binding' : 'filter service',
            consequence: isProtocol ? 'the protocol registers but is never bound to an adapter.' : 'the filter registers but never attaches.',
          },
          related: objectContext(obj),
        });
      },
    };
  },
};
