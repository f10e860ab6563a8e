/**
 * The bundled demo scenario, run by `ndiswb run` without a scenario file. The same text is in
 * examples/scenarios/demo.yaml (a test keeps the two identical).
 */
export const DEMO_FILE = 'demo.yaml';

export const DEMO_SCENARIO = `# The bundled demo (\`ndiswb run\` with no scenario runs exactly this).
# Two machines, alice and bob, each run the built-in VETH miniport, the TINYLWF filter and the
# TINYIP protocol; a 1 Gbit/s wire joins their NICs. alice pings bob three times, bob sends a
# UDP datagram to alice's echo port (7) and gets it back, then every driver is unloaded.
name: demo - two hosts ping across a filter and a wire
seed: 1
hosts:
  - name: alice
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters:
          eth0: { IPAddress: 10.0.0.1/24 }
    adapters:
      - { name: eth0, driver: VETH, mac: "02:00:00:00:00:01" }
  - name: bob
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters:
          eth0: { IPAddress: 10.0.0.2/24 }
    adapters:
      - { name: eth0, driver: VETH, mac: "02:00:00:00:00:02" }
wires:
  - { name: w0, between: [alice/eth0, bob/eth0], latency: 10us, bandwidth: 1Gbps }
traffic:
  - at: 1ms
    ping: { from: alice, to: 10.0.0.2, count: 3, interval: 1ms }
  - at: 5ms
    udp: { from: bob, to: 10.0.0.1, port: 7, payload: hello from bob }
stop:
  at: 10ms
`;
