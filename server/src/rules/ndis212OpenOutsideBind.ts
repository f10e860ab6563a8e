/**
 * NDIS212 open-outside-bind: NdisOpenAdapterEx is only valid inside ProtocolBindAdapterEx (NDIS
 * fails it elsewhere; bug check 0x7C/0x16 covers an improper open in the bind context). Every
 * entry point other than the function registered as BindAdapterHandlerEx — DriverEntry, other
 * handlers, unload, dispatch routines and callbacks — is followed through the static call graph
 * across files; an NdisOpenAdapterEx call one of them reaches is reported.
 */
import { callsNamed, chainPath, rootName } from '../flow/report';
import type { Rule } from './framework';

const OPEN = new Set(['NdisOpenAdapterEx']);

export const rule: Rule = {
  meta: {
    id: 'NDIS212',
    name: 'open-outside-bind',
    severity: 'error',
    description: 'NdisOpenAdapterEx must only be reachable from ProtocolBindAdapterEx.',
    messages: {
      outside: 'NdisOpenAdapterEx is reachable from {root}, outside ProtocolBindAdapterEx\'s call tree; NDIS fails opens made there (bug check 0x7C, P1 0x16, covers an invalid open).',
    },
  },
  create(ctx) {
    return {
      driver(fa) {
        for (const c of callsNamed(fa, OPEN)) {
          const other = fa.reachers(c.fn).find((r) => r.root.role !== 'PROTOCOL_BIND_ADAPTER_EX');
          if (!other) continue;
          const root = rootName(other.root);
          const at = { uri: c.fn.uri, start: c.fn.start + c.s, end: c.fn.start + c.e };
          const path = [...chainPath(other.chain, root), { ...at, message: 'NdisOpenAdapterEx is called here' }];
          ctx.report({ ...at, messageId: 'outside', data: { root }, related: path, flow: path });
        }
      },
    };
  },
};
