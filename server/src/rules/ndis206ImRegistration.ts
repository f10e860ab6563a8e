/**
 * NDIS206 im-registration: an intermediate driver registers its miniport edge, then its protocol
 * edge (NDIS may call ProtocolBindAdapterEx at once, and Bind needs the miniport driver handle),
 * then associates them with NdisIMAssociateMiniport; its miniport characteristics carry
 * NDIS_INTERMEDIATE_DRIVER. Reported: the protocol registration when it comes first on a
 * DriverEntry path; the second registration when DriverEntry returns success without the
 * association; an association before either registration succeeded; and, when the driver
 * registers both edges and calls NdisIMInitializeDeviceInstanceEx, miniport registrations
 * without the flag.
 */
import { callsNamed, relatedAt, reportEvent } from '../flow/report';
import type { Rule } from './framework';

export const rule: Rule = {
  meta: {
    id: 'NDIS206',
    name: 'im-registration',
    severity: 'error',
    description: 'Intermediate drivers register the miniport edge, then the protocol edge, then associate them.',
    messages: {
      protocolFirst: 'The protocol edge is registered before the miniport edge; NDIS may call ProtocolBindAdapterEx at once, before the miniport driver handle it needs exists. Call NdisMRegisterMiniportDriver first.',
      noAssociate: 'DriverEntry returns success after registering both edges of this intermediate driver without NdisIMAssociateMiniport; associate the miniport and protocol handles once both registrations succeeded.',
      associateEarly: 'NdisIMAssociateMiniport runs before both the miniport and the protocol registration succeeded on this path; call it after both.',
      noFlag: 'This intermediate driver (it registers both edges and calls NdisIMInitializeDeviceInstanceEx) registers its miniport characteristics without NDIS_INTERMEDIATE_DRIVER in Flags.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        const prog = fa.program;
        // Does DriverEntry's call tree register a miniport and a protocol?
        const inEntryTree = (name: string): boolean =>
          callsNamed(fa, new Set([name])).some((c) => fa.reachers(c.fn).some((r) => r.root.kind === 'driver-entry'));
        const registersMiniport = inEntryTree('NdisMRegisterMiniportDriver');
        const registersProtocol = inEntryTree('NdisRegisterProtocolDriver');
        for (const ev of fa.events) {
          if (ev.kind !== 'NDIS206') continue;
          switch (ev.data.why) {
            case 'protocol-first':
              if (registersMiniport) reportEvent(ctx, fa, ev, { messageId: 'protocolFirst' }, 'the protocol edge is registered here, with no miniport edge yet');
              break;
            case 'no-associate':
              reportEvent(ctx, fa, ev, { messageId: 'noAssociate' }, 'both edges are registered once this call succeeds; nothing associates them');
              break;
            case 'associate-early':
              reportEvent(ctx, fa, ev, { messageId: 'associateEarly' }, 'NdisIMAssociateMiniport is called here');
              break;
          }
        }
        if (registersMiniport && registersProtocol && callsNamed(fa, new Set(['NdisIMInitializeDeviceInstanceEx'])).length) {
          const miniports = [...prog.registrations.values()].filter((r) => r.ddi === 'NdisMRegisterMiniportDriver');
          if (miniports.length && miniports.every((r) => r.variant === 'plain')) {
            for (const r of miniports) {
              const at = fa.locate(r.site);
              if (!at) continue;
              ctx.report({ ...at, messageId: 'noFlag', related: relatedAt(fa, r.site, undefined, 'registered here with Flags lacking NDIS_INTERMEDIATE_DRIVER') });
            }
          }
        }
      },
    };
  },
};
