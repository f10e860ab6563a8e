/**
 * NDIS211 irql: a DDI that requires PASSIVE_LEVEL (catalog irql.max === PASSIVE_LEVEL: every
 * registration and deregistration, NdisOpenAdapterEx/NdisCloseAdapterEx, NdisIf*, NdisIM*,
 * NdisWaitEvent …) is called while a spin lock is held (NdisAcquireSpinLock,
 * NdisDprAcquireSpinLock, KeAcquireSpinLock … until the release, across calls), or from a
 * handler whose role NDIS may call at DISPATCH_LEVEL, or anything such a handler calls.
 */
import { reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS211',
    name: 'irql',
    severity: 'error',
    description: 'PASSIVE_LEVEL DDIs must not be called at DISPATCH_LEVEL.',
    messages: {
      lock: '{ddi} requires PASSIVE_LEVEL but is called while a spin lock is held (DISPATCH_LEVEL); release the lock first.',
      role: '{ddi} requires PASSIVE_LEVEL but is reached from {handler}, which NDIS may call at DISPATCH_LEVEL; defer the work to a PASSIVE_LEVEL work item.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS211') continue;
          const ddi = ev.data.ddi ?? '';
          let handler = 'a handler';
          for (let t = ev.trace; t; t = t.prev) {
            const m = /^NDIS calls (\w+) \((\w+)/.exec(t.step.msg);
            if (m) {
              handler = `${m[1]} (${m[2]})`;
              break;
            }
          }
          const lock = ev.data.why === 'lock';
          reportEvent(ctx, fa, ev, { messageId: lock ? 'lock' : 'role', data: { ddi, handler } }, `${ddi} is called here at DISPATCH_LEVEL`);
        }
      },
    };
  },
};
