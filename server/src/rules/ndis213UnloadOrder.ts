/**
 * NDIS213 unload-order: an intermediate driver's unload deregisters the miniport edge
 * (NdisMDeregisterMiniportDriver) while the protocol edge is still registered and deregisters
 * the protocol edge afterwards. Deregistering the protocol edge is what unbinds the lower
 * bindings (and tears down the virtual miniports through the unbind handler), so it goes first.
 * Reported at the first call out of order, the miniport deregistration.
 */
import { relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS213',
    name: 'unload-order',
    severity: 'warning',
    description: 'An IM driver deregisters its protocol edge before its miniport edge.',
    messages: {
      order: 'The miniport edge is deregistered before the protocol edge; deregistering the protocol edge unbinds the lower bindings, whose teardown still needs the miniport edge. Call NdisDeregisterProtocolDriver first.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS213') continue;
          const extra = ev.other ? relatedAt(fa, ev.other, ev.otherEnd, 'the protocol edge is deregistered only here') : [];
          reportEvent(ctx, fa, ev, { messageId: 'order' }, 'the miniport edge is deregistered here, while the protocol edge is still registered', extra);
        }
      },
    };
  },
};
