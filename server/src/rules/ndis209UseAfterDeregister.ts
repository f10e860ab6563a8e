/**
 * NDIS209 use-after-deregister: a driver, provider, interface (ifIndex) or binding handle passed
 * to an NDIS call after it was deregistered (for a binding: after NdisCloseAdapterEx, even if the
 * close pends) — including a second deregistration. Reassigning the variable (NULL, a fresh
 * registration) ends the stale handle's life. Reported at the use.
 */
import { relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

const KIND: Record<string, string> = {
  protocol: 'protocol driver', miniport: 'miniport driver', filter: 'filter driver', provider: 'provider',
  interface: 'interface (ifIndex)', binding: 'binding',
};

export const rule: Rule = {
  meta: {
    id: 'NDIS209',
    name: 'use-after-deregister',
    severity: 'error',
    description: 'Handles must not be used after their deregistration.',
    messages: {
      use: 'This {kind} handle is passed to {use} after {undo} released it on this path; NDIS no longer knows it.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS209') continue;
          const extra = ev.other ? relatedAt(fa, ev.other, undefined, 'the handle comes from this registration') : [];
          reportEvent(
            ctx, fa, ev,
            { messageId: 'use', data: { kind: KIND[ev.data.kind ?? ''] ?? 'NDIS', use: ev.data.use ?? 'an NDIS call', undo: ev.data.undo ?? 'its deregistration' } },
            `the released handle is used by ${ev.data.use ?? 'this call'}`, extra,
          );
        }
      },
    };
  },
};
