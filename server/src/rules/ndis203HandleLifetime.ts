/**
 * NDIS203 handle-lifetime: the output handle of NdisRegisterProtocolDriver,
 * NdisMRegisterMiniportDriver, NdisFRegisterFilterDriver or NdisIfRegisterProvider is written to
 * an automatic variable and, when the function returns, no copy of it lives on (in a global, a
 * context structure reached through a pointer, an output parameter, or the return value). The
 * unload routine then has nothing to deregister. Reported at the handle argument.
 */
import { relatedAt, reportEvent, siteText } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS203',
    name: 'handle-lifetime',
    severity: 'error',
    description: 'Registration handles must be stored where they outlive the registering function.',
    messages: {
      automatic: 'The handle {ddi} returns is stored only in {arg}, an automatic variable that dies when the function returns; keep it in a global or the driver context so it can be deregistered.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS203') continue;
          const arg = siteText(fa, ev.site, ev.end).replace(/^[(&\s]+|[)\s]+$/g, '') || 'a local';
          const reg = ev.other ? relatedAt(fa, ev.other, undefined, `${ev.data.ddi} registers here`) : [];
          reportEvent(ctx, fa, ev, { messageId: 'automatic', data: { ddi: ev.data.ddi ?? '', arg } }, 'the handle is not copied anywhere that outlives the function', reg);
        }
      },
    };
  },
};
