/**
 * The default scenario `ndiswb run --driver DIR` runs for each kind of driver. Every one puts the
 * driver on host `dut` (with a peer host across a wire where traffic needs one), exercises it
 * the way NDIS would over its life, and unloads it (the end-of-run teardown unloads the rest):
 * - protocol: bound to a VETH adapter next to TINYIP; ARP and pings from the peer reach both
 *   protocols; two frames of the IEEE local experimental EtherType 0x88B5 arrive; unbind; unload;
 * - miniport: drives the adapter TINYIP binds to; pings go out through it (receives depend on
 *   the driver: a C miniport gets no simulated hardware); pause, restart, an OID; halt; unload;
 * - filter: attached over VETH under TINYIP; pings and UDP both ways; pause/restart; an OID
 *   through the filter; detach (the adapter is disabled) and attach again; traffic; unload;
 * - intermediate: bound to VETH below, its virtual miniport `mux0` (UpperBindings) under TINYIP;
 *   pings both ways through both edges; an OID through the virtual miniport; unbind; unload;
 * - provider: loaded; every interface it registered is queried.
 * Drivers that also register an interface provider get `query-interface` events for every
 * interface they registered, with the interface OIDs.
 */
import type { UserDriverKind } from './runtime';

export interface DefaultScenarioOptions {
  /** Absolute path of the driver folder. */
  readonly source: string;
  readonly kind: UserDriverKind;
  readonly serviceName: string;
  /** The driver registers an interface provider. */
  readonly provider: boolean;
  readonly seed?: number;
}

const DUT_MAC = '02:00:00:00:00:01';
const PEER_MAC = '02:00:00:00:00:02';

function peer(): string {
  return `  - name: peer
    drivers:
      - builtin: VETH
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }
    adapters:
      - { name: eth0, driver: VETH, mac: "${PEER_MAC}" }
`;
}

function providerQueries(o: DefaultScenarioOptions, at: number): string {
  if (!o.provider) return '';
  return ['OID_GEN_OPERATIONAL_STATUS', 'OID_GEN_MEDIA_CONNECT_STATUS_EX', 'OID_GEN_LINK_SPEED_EX', 'OID_GEN_INTERFACE_INFO']
    .map((oid, i) => `  - { at: ${at}.${i}ms, do: query-interface, driver: dut/${o.serviceName}, oid: ${oid} }\n`).join('');
}

/** The scenario YAML for a driver folder. */
export function defaultScenario(o: DefaultScenarioOptions): string {
  const src = JSON.stringify(o.source);
  const svc = o.serviceName;
  const head = `name: ${svc} (${o.kind}) - default scenario of ndiswb run --driver
seed: ${o.seed ?? 1}
hosts:
  - name: dut
    drivers:
`;
  const wire = 'wires:\n  - { name: w0, between: [dut/eth0, peer/eth0] }\n';
  const tinyip = (adapter: string, extra = ''): string => `      - builtin: TINYIP${extra}\n        adapterParameters: { ${adapter}: { IPAddress: 10.0.0.1/24 } }\n`;
  switch (o.kind) {
    case 'protocol':
      return `${head}      - builtin: VETH
      - { source: ${src}, kind: protocol, name: ${svc} }
${tinyip('eth0')}    adapters:
      - { name: eth0, driver: VETH, mac: "${DUT_MAC}" }
${peer()}${wire}traffic:
  - at: 1ms
    ping: { from: peer, to: 10.0.0.1, count: 3, interval: 1ms }
  - at: 5ms
    send: peer/eth0
    frame: { eth: { dst: "${DUT_MAC}", type: 0x88b5 }, payload: tunnel probe from peer }
    count: 2
    interval: 500us
events:
${providerQueries(o, 7)}  - { at: 8ms, do: unbind, protocol: dut/${svc}, adapter: eth0 }
  - { at: 9ms, do: unload, driver: dut/${svc} }
stop:
  at: 10ms
`;
    case 'miniport':
      return `${head}      - { source: ${src}, kind: miniport, name: ${svc} }
${tinyip('eth0')}    adapters:
      - { name: eth0, driver: ${svc}, mac: "${DUT_MAC}" }
traffic:
  - at: 1ms
    ping: { from: dut, to: 10.0.0.2, count: 3, interval: 1ms }
events:
${providerQueries(o, 4)}  - { at: 5ms, do: pause, adapter: dut/eth0 }
  - { at: 5500us, do: restart, adapter: dut/eth0 }
  - { at: 6ms, do: oid, adapter: dut/eth0, oid: OID_GEN_LINK_SPEED }
  - { at: 7ms, do: disable, adapter: dut/eth0 }
  - { at: 8ms, do: unload, driver: dut/${svc} }
stop:
  at: 9ms
`;
    case 'filter':
      return `${head}      - builtin: VETH
      - { source: ${src}, kind: filter, name: ${svc} }
${tinyip('eth0')}    adapters:
      - { name: eth0, driver: VETH, mac: "${DUT_MAC}" }
${peer()}${wire}traffic:
  - at: 1ms
    ping: { from: peer, to: 10.0.0.1, count: 3, interval: 1ms }
  - at: 4ms
    ping: { from: dut, to: 10.0.0.2, count: 2, interval: 1ms }
  - at: 6500us
    udp: { from: dut, to: 10.0.0.2, port: 7, payload: echo through the filter }
  - at: 11ms
    ping: { from: peer, to: 10.0.0.1, count: 1 }
events:
${providerQueries(o, 3)}  - { at: 7ms, do: pause, adapter: dut/eth0 }
  - { at: 7500us, do: restart, adapter: dut/eth0 }
  - { at: 8ms, do: oid, adapter: dut/eth0, oid: OID_GEN_LINK_SPEED }
  - { at: 9ms, do: disable, adapter: dut/eth0 }
  - { at: 10ms, do: enable, adapter: dut/eth0 }
  - { at: 13ms, do: unload, driver: dut/${svc} }
stop:
  at: 14ms
`;
    case 'intermediate':
      return `${head}      - builtin: VETH
      - source: ${src}
        kind: intermediate
        name: ${svc}
        bindTo: [eth0]
        adapterParameters: { eth0: { UpperBindings: mux0 } }
${tinyip('mux0', '\n        bindTo: [mux0]')}    adapters:
      - { name: eth0, driver: VETH, mac: "${DUT_MAC}" }
      - { name: mux0, driver: ${svc}, virtual: true }
${peer()}${wire}traffic:
  - at: 1ms
    ping: { from: peer, to: 10.0.0.1, count: 3, interval: 1ms }
  - at: 5ms
    ping: { from: dut, to: 10.0.0.2, count: 2, interval: 1ms }
events:
${providerQueries(o, 7)}  - { at: 8ms, do: oid, adapter: dut/mux0, oid: OID_GEN_LINK_SPEED }
  - { at: 9ms, do: unbind, protocol: dut/${svc}, adapter: eth0 }
  - { at: 10ms, do: unload, driver: dut/${svc} }
stop:
  at: 11ms
`;
    case 'provider':
      return `${head}      - builtin: VETH
      - { source: ${src}, kind: provider, name: ${svc} }
    adapters:
      - { name: eth0, driver: VETH, mac: "${DUT_MAC}" }
events:
${providerQueries({ ...o, provider: true }, 1)}  - { at: 3ms, do: unload, driver: dut/${svc} }
stop:
  at: 4ms
`;
  }
}
