/**
 * NDIS204 missing-deregister: a registration still in place when DriverEntry returns success is
 * never deregistered by the driver's unload routines (MiniportDriverUnload, ProtocolUninstall,
 * the WDM DriverUnload). The unload routines run from every state DriverEntry and the handlers
 * can leave behind; calls are followed across functions and files, handles are matched through
 * globals and struct members, and each registration needs its own deregistration.
 */
import { REGISTER } from '../flow/semantics';
import { relatedFn } from '../flow/report';
import type { RelatedLocation } from './framework';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS204',
    name: 'missing-deregister',
    severity: 'error',
    description: 'Every registration needs its deregistration in the unload routine.',
    messages: {
      missing: 'No unload routine ({unloads}) calls {undo} for the handle {ddi} returns here; NDIS keeps the registration after the driver image is gone.',
      noUnload: '{ddi} is never undone: the driver sets no unload routine (DriverObject->DriverUnload, MiniportDriverUnload or ProtocolUninstall) that calls {undo}.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        // An unload routine we cannot see may deregister anything.
        if (fa.program.unloadUnknown) return;
        const unloads = [...fa.program.unloads.keys()];
        for (const [site, info] of fa.registeredAtEntryReturn) {
          const m = REGISTER.get(info.ddi);
          if (!m) continue;
          if (fa.deregisteredInUnload.has(site) || fa.deregisteredKindsInUnload.has(m.kind)) continue;
          const at = fa.locate(site);
          if (!at) continue;
          const related: RelatedLocation[] = [];
          for (const name of unloads) {
            const fn = fa.program.resolve(undefined, name);
            if (fn) related.push(relatedFn(fn, `${name} is the unload routine; it does not call ${m.undo} for this handle`));
          }
          const path = [...fa.path(info.trace), ...related];
          ctx.report({
            ...at, messageId: unloads.length ? 'missing' : 'noUnload',
            data: { ddi: info.ddi, undo: m.undo, unloads: unloads.join(', ') }, related: path, flow: path,
          });
        }
      },
    };
  },
};
