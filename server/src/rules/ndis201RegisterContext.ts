/**
 * NDIS201 register-context: protocol, miniport and filter registration belong in DriverEntry's
 * call tree (a warning for NdisIfRegisterProvider, which is "typically" called there). The rule
 * follows the static call graph across files from every other entry point — handlers in the
 * characteristics, unload routines, functions whose address is taken (dispatch routines, work
 * items, timers) — and reports a registration call any of them reaches.
 */
import { callsNamed, chainPath, rootName } from '../flow/report';
import type { Rule } from './framework';

const REGISTRATIONS = new Set(['NdisRegisterProtocolDriver', 'NdisMRegisterMiniportDriver', 'NdisFRegisterFilterDriver', 'NdisIfRegisterProvider']);

export const rule: Rule = {
  meta: {
    id: 'NDIS201',
    name: 'register-context',
    severity: 'error',
    description: 'Driver registration must only be reachable from DriverEntry.',
    messages: {
      outside: '{ddi} is reachable from {root}, not only from DriverEntry; register once, from DriverEntry (directly or through helpers only it calls).',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const c of callsNamed(fa, REGISTRATIONS)) {
          const other = fa.reachers(c.fn).find((r) => r.root.kind !== 'driver-entry');
          if (!other) continue;
          const root = rootName(other.root);
          const at = { uri: c.fn.uri, start: c.fn.start + c.s, end: c.fn.start + c.e };
          const path = [...chainPath(other.chain, root), { ...at, message: `${c.name} is called here` }];
          ctx.report({
            ...at, messageId: 'outside', data: { ddi: c.name, root },
            ...(c.name === 'NdisIfRegisterProvider' ? { severity: 'warning' as const } : {}),
            related: path, flow: path,
          });
        }
      },
    };
  },
};
