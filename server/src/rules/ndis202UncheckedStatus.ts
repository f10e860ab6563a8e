/**
 * NDIS202 unchecked-status: the NDIS_STATUS of a registration (and of NdisIfRegisterInterface,
 * NdisIfAllocateNetLuidIndex, NdisOpenAdapterEx, NdisMSetMiniportAttributes) is discarded, or is
 * stored and never tested on some path — overwritten by the next call before anything looked at
 * it, or lost when the function returns. Testing it (`!= NDIS_STATUS_SUCCESS`, `NT_SUCCESS`,
 * `== NDIS_STATUS_PENDING`, a switch), returning it, passing it on or storing it in lasting
 * storage counts as looking at it; the value is followed through branches and helpers.
 */
import { MUST_TEST } from '../flow/semantics';
import { callAt } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS202',
    name: 'unchecked-status',
    severity: 'warning',
    description: 'The NDIS_STATUS of registration and binding calls must be tested.',
    messages: {
      discarded: 'The NDIS_STATUS returned by {ddi} is discarded; test it before relying on what the call produces.',
      overwritten: 'The NDIS_STATUS returned by {ddi} is overwritten before it is tested on some path; test it first.',
      neverTested: 'The NDIS_STATUS returned by {ddi} is stored but never tested on some path; test it before relying on what the call produces.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        const done = new Set<string>();
        for (const f of fa.program.driver.files.values()) {
          for (const c of f.facts?.calls ?? []) {
            if (!MUST_TEST.has(c.callee) || c.use !== 'discarded') continue;
            done.add(`${f.uri}@${c.start}`);
            ctx.report({ uri: f.uri, start: c.start, end: c.end, messageId: 'discarded', data: { ddi: c.callee } });
          }
        }
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS202') continue;
          const at = fa.locate(ev.site);
          if (!at || done.has(`${at.uri}@${at.start}`)) continue;
          done.add(`${at.uri}@${at.start}`);
          const name = callAt(fa, ev.site) ?? 'the call';
          const steps = fa.path(ev.trace, [{ ...at, message: `the status of ${name} is ${ev.data.why === 'overwritten' ? 'overwritten' : 'never tested'} on this path` }]);
          ctx.report({ ...at, messageId: ev.data.why === 'overwritten' ? 'overwritten' : 'neverTested', data: { ddi: name }, related: steps, flow: steps });
        }
      },
    };
  },
};
