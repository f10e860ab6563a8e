/**
 * NDIS205 error-path-leak: DriverEntry returns a failure status on a path where an earlier
 * registration succeeded and was not undone. A failed DriverEntry means no unload routine ever
 * runs, so the registration would outlive the image. Every path is followed (branches, early
 * returns, goto cleanup chains, do/while(FALSE) with break, registrations in helpers); the
 * diagnostic is on the `return` the failing path reaches.
 */
import { REGISTER } from '../flow/semantics';
import { relatedAt, whereIs } from '../flow/report';
import type { FlowEvent } from '../flow/interp';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS205',
    name: 'error-path-leak',
    severity: 'error',
    description: 'DriverEntry must undo successful registrations before returning failure.',
    messages: {
      leak: 'DriverEntry returns a failure status here while {what} {verb} still registered; call {undo} before returning.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        const byReturn = new Map<string, FlowEvent[]>();
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS205' || !ev.other) continue;
          const list = byReturn.get(ev.site) ?? [];
          if (!list.some((e) => e.other === ev.other)) list.push(ev);
          byReturn.set(ev.site, list);
        }
        for (const list of byReturn.values()) {
          const first = list[0]!;
          const at = fa.locate(first.site, first.end);
          if (!at) continue;
          const what = list.map((e) => `${e.data.ddi} (${whereIs(fa, e.other!, at.uri)})`).join(' and ');
          const undo = [...new Set(list.map((e) => REGISTER.get(e.data.ddi ?? '')?.undo ?? 'the deregistration'))].join(' and ');
          const regs = list.flatMap((e) => relatedAt(fa, e.other!, undefined, `${e.data.ddi} succeeds here`));
          const steps = fa.path(first.trace, [{ ...at, message: `returns a failure status without ${undo}` }]);
          const related = [...regs.filter((r) => !steps.some((s) => s.uri === r.uri && s.start === r.start)), ...steps];
          ctx.report({ ...at, messageId: 'leak', data: { what, undo, verb: list.length > 1 ? 'are' : 'is' }, related, flow: steps });
        }
      },
    };
  },
};
