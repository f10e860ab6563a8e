/**
 * NDIS215 luid-source: the NetLuidIndex given to NDIS_MAKE_NET_LUID is a literal, a counter
 * (`x++`, `x += n`, InterlockedIncrement, a global incremented) or arithmetic on those, instead
 * of an index from NdisIfAllocateNetLuidIndex or one read back from persisted storage
 * (NdisReadConfiguration, the registry, a structure member loaded elsewhere). The value is traced
 * through locals, globals, members and parameters.
 */
import { reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS215',
    name: 'luid-source',
    severity: 'warning',
    description: 'NetLuidIndex values come from NdisIfAllocateNetLuidIndex or persisted storage.',
    messages: {
      literal: 'The NetLuidIndex passed to NDIS_MAKE_NET_LUID is a literal; it may collide with an index NDIS gave another interface. Allocate it with NdisIfAllocateNetLuidIndex and persist it.',
      counter: 'The NetLuidIndex passed to NDIS_MAKE_NET_LUID comes from a counter; it may collide with an index NDIS gave another interface and changes on every boot. Allocate it with NdisIfAllocateNetLuidIndex and persist it.',
      arithmetic: 'The NetLuidIndex passed to NDIS_MAKE_NET_LUID is computed from literals or counters; allocate it with NdisIfAllocateNetLuidIndex and persist it.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS215') continue;
          const why = ev.data.why === 'counter' || ev.data.why === 'arithmetic' ? ev.data.why : 'literal';
          reportEvent(ctx, fa, ev, { messageId: why }, 'the NET_LUID is built here');
        }
      },
    };
  },
};
