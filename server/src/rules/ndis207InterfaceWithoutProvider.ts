/**
 * NDIS207 interface-without-provider: on some path the provider handle passed to
 * NdisIfRegisterInterface is not a registered provider — NdisIfRegisterProvider failed or was
 * never called, it runs only later (a handler NDIS may call right after an earlier registration
 * in DriverEntry, before the provider exists), or the provider was already deregistered.
 */
import { relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS207',
    name: 'interface-without-provider',
    severity: 'error',
    description: 'NdisIfRegisterInterface needs a registered provider handle.',
    messages: {
      never: 'The provider handle passed to NdisIfRegisterInterface is not a registered provider on this path (NdisIfRegisterProvider was not called); register the provider first.',
      later: 'NdisIfRegisterInterface can run before DriverEntry registers the provider: NDIS may call this handler as soon as an earlier registration succeeds. Register the provider before anything that leads here.',
      failed: 'NdisIfRegisterInterface is reached on a path where NdisIfRegisterProvider failed; the provider handle is not valid.',
      deregistered: 'NdisIfRegisterInterface is reached after NdisIfDeregisterProvider on this path; the provider handle is no longer valid.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS207') continue;
          const why = ev.data.why === 'later' || ev.data.why === 'failed' || ev.data.why === 'deregistered' ? ev.data.why : 'never';
          const extra = ev.other ? relatedAt(fa, ev.other, undefined, 'the provider is registered here') : [];
          reportEvent(ctx, fa, ev, { messageId: why }, 'NdisIfRegisterInterface uses the provider handle here', extra);
        }
      },
    };
  },
};
