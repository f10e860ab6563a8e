/**
 * Traffic and timed events of a scenario as TimedActions: pings and UDP through a host's TINYIP
 * (IRP_MJ_DEVICE_CONTROL, as a user-mode tool would), frames built, given in hex or replayed from
 * a capture arriving at a NIC (`inject`) or sent by TINYIP (`send`), and the PnP events. Repeated
 * frames are scheduled one at a time so the event queue stays small.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NdisHost } from '../ndis/host';
import { queryInterface } from '../ndis/interfaceDdis';
import { oidByName } from '../ndis/oidNames';
import { netLuidText } from '../ndis/types';
import {
  bindProtocolTo, disableAdapter, enableAdapter, ndisOidRequest, pauseAdapter, queryInterfaceNamed, restartAdapter, unbindProtocol,
} from '../ndis/lifecycle';
import { fromHex, parseIpv4 } from '../packets/bytes';
import { buildFrame, FrameSpecError } from '../packets/build';
import { CaptureError, readCapture, type CapturedFrame } from '../packets/capture';
import { deviceControl, inject, load, unload } from '../world/actions';
import type { TimedAction } from '../world/spec';
import type { World } from '../world/world';
import { err, nicRef, ns, type Ctx } from './compile';
import type { Path } from './load';
import type { Scenario, ScenarioEvent, ScenarioTraffic } from './model';

const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;

/** The TINYIP-like protocol that takes PING/UDP/SEND on a host: "host" or "host/SERVICE". */
function ipDriver(ctx: Ctx, ref: string, path: Path): { host: string; svc: string } | undefined {
  const [host, svc] = ref.split('/');
  const h = ctx.hosts.get(host!);
  if (!h) return void err(ctx, path, `no host named ${host}`);
  const name = svc ?? h.raw.drivers.find((d) => d.builtin === 'TINYIP')?.name ?? h.raw.drivers.find((d) => d.builtin === 'TINYIP')?.builtin;
  const d = h.raw.drivers.find((x) => (x.name ?? x.builtin) === name);
  if (!name || !d) return void err(ctx, path, svc ? `${host} has no driver ${svc}` : `${host} has no TINYIP protocol to send from`);
  if (d.builtin !== 'TINYIP') return void err(ctx, path, `${name} does not take traffic requests (only TINYIP does)`);
  return { host: host!, svc: name };
}

function frames(ctx: Ctx, t: ScenarioTraffic, p: Path, defaultMac: Uint8Array): CapturedFrame[] | undefined {
  const given = (['frame', 'hex', 'pcap'] as const).filter((k) => t[k] !== undefined);
  if (given.length !== 1) return void err(ctx, p, 'give exactly one of `frame:`, `hex:` and `pcap:`');
  if (t.frame) {
    try {
      return [{ t: 0, data: buildFrame(t.frame, defaultMac) }];
    } catch (e) {
      if (e instanceof FrameSpecError) return void err(ctx, [...p, 'frame', ...e.path], e.message);
      throw e;
    }
  }
  if (t.hex !== undefined) {
    const data = fromHex(t.hex);
    if (!data) return void err(ctx, [...p, 'hex'], 'not valid hex (pairs of hex digits; spaces, colons and # comments are allowed)');
    if (data.length < 14) return void err(ctx, [...p, 'hex'], `${data.length} bytes is shorter than an Ethernet header (14)`);
    return [{ t: 0, data }];
  }
  const file = path.resolve(ctx.opts.dir, t.pcap!);
  try {
    const read = ctx.opts.readFile ?? ((f: string) => {
      if (fs.statSync(f).size > MAX_CAPTURE_BYTES) throw new CaptureError(`larger than ${MAX_CAPTURE_BYTES / 1048576} MB`);
      return fs.readFileSync(f);
    });
    const list = readCapture(read(file));
    if (!list.length) return void err(ctx, [...p, 'pcap'], `${t.pcap}: the capture has no packets`);
    const bad = list.findIndex((f) => f.data.length < 14);
    if (bad >= 0) return void err(ctx, [...p, 'pcap'], `${t.pcap}: packet ${bad + 1} is shorter than an Ethernet header`);
    return list;
  } catch (e) {
    const why = e instanceof CaptureError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return void err(ctx, [...p, 'pcap'], `cannot read ${t.pcap}: ${why}`);
  }
}

/** Schedule `n` deliveries one after the other: delivery i at start + offset(i). */
function chain(world: World, start: number, n: number, offset: (i: number) => number, deliver: (i: number) => void): void {
  const step = (i: number): void => {
    deliver(i);
    if (i + 1 < n) world.sched.at(start + offset(i + 1), () => step(i + 1));
  };
  world.sched.at(start + offset(0), () => step(0));
}

export function compileTraffic(ctx: Ctx, s: Scenario): TimedAction[] {
  const out: TimedAction[] = [];
  (s.traffic ?? []).forEach((t, ti) => {
    const p: Path = ['traffic', ti];
    const kinds = (['ping', 'udp', 'inject', 'send'] as const).filter((k) => t[k] !== undefined);
    if (kinds.length !== 1) return err(ctx, p, 'give exactly one of `ping:`, `udp:`, `inject:` and `send:`');
    const at = ns(ctx, t.at, [...p, 'at'], 0);
    if (t.ping || t.udp) {
      const spec = (t.ping ?? t.udp)!;
      const k = t.ping ? 'ping' : 'udp';
      const who = ipDriver(ctx, spec.from, [...p, k, 'from']);
      if (!parseIpv4(spec.to)) err(ctx, [...p, k, 'to'], `"${spec.to}" is not an IPv4 address`);
      if (!who) return;
      const count = spec.count ?? t.count ?? 1;
      const intervalNs = ns(ctx, spec.interval ?? t.interval, [...p, k, 'interval'], 1e6);
      const input: Record<string, unknown> = t.ping
        ? { to: spec.to, count, intervalNs, size: t.ping.size ?? 56 }
        : { to: spec.to, count, intervalNs, port: t.udp!.port, srcPort: t.udp!.srcPort ?? 49152, payload: t.udp!.payload ?? '' };
      out.push({ at, label: `${k} ${spec.from} → ${spec.to}`, run: (w) => deviceControl(w, who.host, who.svc, { Code: t.ping ? 'PING' : 'UDP', Input: input }) });
      return;
    }
    const ref = (t.inject ?? t.send)!;
    const target: { host: string; adapter: string; svc?: string } | undefined = t.inject ? nicRef(ctx, ref, p, 'inject') : sendTarget(ctx, ref, p);
    if (!target) return;
    const mac = ctx.hosts.get(target.host)!.spec.adapters.find((a) => a.name === target.adapter)!.mac;
    const list = frames(ctx, t, p, mac);
    if (!list) return;
    const count = t.count ?? 1;
    const interval = t.interval !== undefined ? ns(ctx, t.interval, [...p, 'interval'], 1e6) : undefined;
    const span = list[list.length - 1]!.t + (interval ?? 1e6);
    const n = list.length * count;
    const offset = (i: number): number => (interval !== undefined ? i * interval : Math.floor(i / list.length) * span + list[i % list.length]!.t);
    const deliver = t.inject
      ? (w: World) => (i: number) => inject(w, target.host, target.adapter, list[i % list.length]!.data)
      : (w: World) => (i: number) => deviceControl(w, target.host, target.svc!, { Code: 'SEND', Input: { adapter: target.adapter, frame: list[i % list.length]!.data } });
    out.push({ at, label: `${t.inject ? 'inject' : 'send'} ${ref}`, run: (w) => chain(w, w.sched.now, n, offset, deliver(w)) });
  });
  return out;
}

function sendTarget(ctx: Ctx, ref: string, p: Path): { host: string; adapter: string; svc: string } | undefined {
  const [host, adapter] = ref.split('/') as [string, string];
  const who = ipDriver(ctx, host, [...p, 'send']);
  if (!who) return undefined;
  if (!ctx.hosts.get(host)!.spec.adapters.some((a) => a.name === adapter)) return void err(ctx, p, `${host} has no adapter ${adapter}`, 'send');
  return { host, adapter, svc: who.svc };
}

/** "host/name" → parts, checking the host exists. */
function hostRef(ctx: Ctx, ref: string | undefined, p: Path, key: string): [string, string] | undefined {
  if (!ref) return void err(ctx, p, `\`${key}:\` is required for this event`);
  const [h, n] = ref.split('/');
  if (!h || !n) return void err(ctx, p, `expected host/name, got "${ref}"`, key);
  if (!ctx.hosts.has(h)) return void err(ctx, p, `no host named ${h}`, key);
  return [h, n];
}

function compileEvent(ctx: Ctx, e: ScenarioEvent, p: Path): ((w: World) => void) | undefined {
  switch (e.do) {
    case 'unplug':
    case 'replug': {
      if (!e.wire || !ctx.wires.has(e.wire)) return void err(ctx, p, e.wire ? `no wire named ${e.wire}` : '`wire:` is required for this event', e.wire ? 'wire' : undefined);
      return (w) => w.setCable(e.wire!, e.do === 'replug');
    }
    case 'pause': case 'restart': case 'disable': case 'enable': case 'oid': {
      const r = hostRef(ctx, e.adapter, p, 'adapter');
      if (!r) return;
      if (!ctx.hosts.get(r[0])!.spec.adapters.some((a) => a.name === r[1])) return void err(ctx, p, `${r[0]} has no adapter ${r[1]}`, 'adapter');
      const [h, a] = r;
      if (e.do === 'oid') {
        const oid = e.oid ? oidByName(e.oid) : undefined;
        if (oid === undefined) return void err(ctx, p, e.oid ? `unknown OID ${e.oid}` : '`oid:` is required', e.oid ? 'oid' : undefined);
        const set = e.set !== undefined ? Uint8Array.of(e.set & 0xff, (e.set >>> 8) & 0xff, (e.set >>> 16) & 0xff, (e.set >>> 24) & 0xff) : undefined;
        return (w) => w.host(h).pnp(`oid ${e.oid}`, () => ndisOidRequest(w.host(h), a, oid, set));
      }
      const op = { pause: pauseAdapter, restart: restartAdapter, disable: disableAdapter, enable: enableAdapter }[e.do];
      return (w) => w.host(h).pnp(`${e.do} ${a}`, () => op(w.host(h), a));
    }
    case 'bind':
    case 'unbind': {
      const r = hostRef(ctx, e.protocol, p, 'protocol');
      if (!r) return;
      const [h, svc] = r;
      const adapter = e.adapter?.includes('/') ? e.adapter.split('/')[1] : e.adapter;
      const hs = ctx.hosts.get(h)!.spec;
      if (!hs.drivers.some((d) => d.serviceName === svc && (d.roles.includes('protocol') || d.roles.includes('intermediate')))) return void err(ctx, p, `${h} has no protocol driver ${svc}`, 'protocol');
      if (!adapter || !hs.adapters.some((a) => a.name === adapter)) return void err(ctx, p, adapter ? `${h} has no adapter ${adapter}` : '`adapter:` is required for this event', adapter ? 'adapter' : undefined);
      return (w) => w.host(h).pnp(`${e.do} ${svc} ${adapter}`, () => (e.do === 'bind' ? bindProtocolTo : unbindProtocol)(w.host(h), svc, adapter));
    }
    case 'load':
    case 'unload': {
      const r = hostRef(ctx, e.driver, p, 'driver');
      if (!r) return;
      if (!ctx.hosts.get(r[0])!.spec.drivers.some((d) => d.serviceName === r[1])) return void err(ctx, p, `${r[0]} has no driver ${r[1]}`, 'driver');
      return (w) => (e.do === 'load' ? load : unload)(w, r[0], r[1]);
    }
    case 'reboot': {
      if (!e.host || !ctx.hosts.has(e.host)) return void err(ctx, p, e.host ? `no host named ${e.host}` : '`host:` is required for this event', e.host ? 'host' : undefined);
      const delay = ns(ctx, e.delay, [...p, 'delay'], 1e6);
      return (w) => w.reboot(e.host!, delay);
    }
    case 'query-interface': {
      const oid = e.oid ? oidByName(e.oid) : undefined;
      if (e.driver && !e.interface) {
        const r = hostRef(ctx, e.driver, p, 'driver');
        if (!r) return;
        if (!ctx.hosts.get(r[0])!.spec.drivers.some((d) => d.serviceName === r[1])) return void err(ctx, p, `${r[0]} has no driver ${r[1]}`, 'driver');
        if (oid === undefined) return void err(ctx, p, e.oid ? `unknown OID ${e.oid}` : '`oid:` is required', e.oid ? 'oid' : undefined);
        return (w) => w.host(r[0]).pnp('query-interface', () => queryDriverInterfaces(w.host(r[0]), r[1], oid));
      }
      if (!e.host || !ctx.hosts.has(e.host)) return void err(ctx, p, e.host ? `no host named ${e.host}` : '`host:` is required for this event', e.host ? 'host' : undefined);
      if (oid === undefined) return void err(ctx, p, e.oid ? `unknown OID ${e.oid}` : '`oid:` is required', e.oid ? 'oid' : undefined);
      if (!e.interface) return void err(ctx, p, '`interface:` is required (a friendly name or an ifIndex), or `driver:` for every interface a driver registered');
      return (w) => w.host(e.host!).pnp('query-interface', () => queryInterfaceNamed(w.host(e.host!), e.interface!, oid));
    }
    case 'ioctl': {
      const r = hostRef(ctx, e.driver, p, 'driver');
      if (!r) return;
      if (!ctx.hosts.get(r[0])!.spec.drivers.some((d) => d.serviceName === r[1])) return void err(ctx, p, `${r[0]} has no driver ${r[1]}`, 'driver');
      if (e.code === undefined) return void err(ctx, p, '`code:` is required for this event');
      const input = e.input !== undefined ? fromHex(e.input) : new Uint8Array(0);
      if (!input) return void err(ctx, [...p, 'input'], 'not valid hex (pairs of hex digits; spaces, colons and # comments are allowed)');
      const code = Number(e.code) >>> 0;
      return (w) => w.host(r[0]).pnp(`ioctl ${r[1]}`, () => deviceControl(w, r[0], r[1], { Code: 'IOCTL', Input: { code: `0x${code.toString(16)}`, input, outputLength: e.outputLength ?? 0 } }));
    }
  }
}

/** ProviderQueryObject for every interface the providers of driver `svc` registered (and a list of them). */
function queryDriverInterfaces(host: NdisHost, svc: string, oid: number): void {
  const d = host.drivers.get(svc);
  const entries = (d?.providers ?? []).flatMap((p) => [...p.interfaces]);
  if (!entries.length) {
    host.log('warn', `query-interface: ${svc} has no registered interfaces${d?.providers.length ? '' : ' (no interface provider)'}`);
    return;
  }
  host.log('info', `${svc} registered ${entries.map((e) => `ifIndex ${e.ifIndex} ${netLuidText(e.luid)} "${e.name}"`).join(', ')}`);
  for (const e of entries) queryInterface(host, e, oid);
}

export function compileEvents(ctx: Ctx, s: Scenario): TimedAction[] {
  const out: TimedAction[] = [];
  (s.events ?? []).forEach((e, ei) => {
    const p: Path = ['events', ei];
    const run = compileEvent(ctx, e, p);
    if (run) out.push({ at: ns(ctx, e.at, [...p, 'at'], 0), label: e.do, run });
  });
  return out;
}
