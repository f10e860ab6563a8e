/**
 * NDIS208 provider-teardown-order: NdisIfDeregisterProvider while an interface registered with
 * that provider may still be registered (real NDIS: bug check 0x7C, P1 0x17,
 * NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED). Paths run across functions, files and
 * handlers (the unload routine starts from every state the handlers can leave behind).
 */
import { relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS208',
    name: 'provider-teardown-order',
    severity: 'error',
    description: 'Deregister every interface of a provider before the provider.',
    messages: {
      stillRegistered: 'NdisIfDeregisterProvider runs while an interface of this provider may still be registered (bug check 0x7C, P1 0x17); call NdisIfDeregisterInterface for it first.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS208') continue;
          const extra = ev.other ? relatedAt(fa, ev.other, undefined, 'the interface is registered here and not deregistered on this path') : [];
          reportEvent(ctx, fa, ev, { messageId: 'stillRegistered' }, 'the provider is deregistered with that interface still registered', extra);
        }
      },
    };
  },
};
