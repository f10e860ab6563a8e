/**
 * NDIS214 deregister-in-callback: a driver deregistration reachable from a handler NDIS invokes
 * (anything registered in the characteristics, and what it calls) can deadlock: deregistration
 * drains the driver's bindings or modules and waits for the very callback it runs in. The unload
 * routines recognised by NDIS204 (MiniportDriverUnload, ProtocolUninstall, the WDM DriverUnload)
 * are where deregistration belongs and are not handlers here.
 */
import { callsNamed, chainPath, rootName } from '../flow/report';
import type { Rule } from './framework';

const DEREGISTRATIONS = new Set(['NdisDeregisterProtocolDriver', 'NdisMDeregisterMiniportDriver', 'NdisFDeregisterFilterDriver']);

export const rule: Rule = {
  meta: {
    id: 'NDIS214',
    name: 'deregister-in-callback',
    severity: 'error',
    description: 'Driver deregistration must not be reachable from a handler NDIS invokes.',
    messages: {
      inHandler: '{ddi} is reachable from {root}, a handler NDIS invokes; deregistering inside an NDIS callback can deadlock. Deregister in the unload routine.',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const c of callsNamed(fa, DEREGISTRATIONS)) {
          const handler = fa.reachers(c.fn).find((r) => r.root.kind === 'handler');
          if (!handler) continue;
          const root = rootName(handler.root);
          const at = { uri: c.fn.uri, start: c.fn.start + c.s, end: c.fn.start + c.e };
          const path = [...chainPath(handler.chain, root), { ...at, message: `${c.name} is called here` }];
          ctx.report({ ...at, messageId: 'inHandler', data: { ddi: c.name, root }, related: path, flow: path });
        }
      },
    };
  },
};
