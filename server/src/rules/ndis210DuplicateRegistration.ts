/**
 * NDIS210 duplicate-registration: on some path the same driver (protocol, miniport or filter) or
 * an interface provider is registered a second time without a deregistration in between, or
 * the same NET_LUID is registered twice with NdisIfRegisterInterface (NDIS_STATUS_DUPLICATE_OBJECTID).
 * A combined miniport + IM driver's two miniport registrations (one with NDIS_INTERMEDIATE_DRIVER,
 * one without) are different registrations. Reported at the second call.
 */
import { relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS210',
    name: 'duplicate-registration',
    severity: 'error',
    description: 'A driver, provider or NET_LUID must not be registered twice.',
    messages: {
      driver: '{ddi} registers the same {kind} a second time on this path, without a deregistration in between; register it once, from DriverEntry.',
      provider: 'NdisIfRegisterProvider registers a provider a second time on this path without NdisIfDeregisterProvider in between; register it once.',
      luid: 'NdisIfRegisterInterface registers the same NET_LUID a second time on this path without NdisIfDeregisterInterface in between; NDIS fails it with NDIS_STATUS_DUPLICATE_OBJECTID.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS210') continue;
          const kind = ev.data.kind ?? '';
          const messageId = kind === 'interface' ? 'luid' : kind === 'provider' ? 'provider' : 'driver';
          const extra = ev.other ? relatedAt(fa, ev.other, undefined, 'first registered here') : [];
          reportEvent(ctx, fa, ev, { messageId, data: { ddi: ev.data.ddi ?? '', kind: `${kind} driver` } }, 'registered again here', extra);
        }
      },
    };
  },
};
