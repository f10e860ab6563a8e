/**
 * The send and receive paths with NBL ownership (ndis-facts §5.5, 5.6). Sends go from a binding
 * down through the filter modules that have a send handler to MiniportSendNetBufferLists;
 * completions come back up and are routed to the sender by SourceHandle. Indications go up
 * through the filters to every binding that accepts the frame; returns come back down once every
 * receiver has returned an NBL. Every hop is a `packet` trace event; every ownership mistake is
 * a violation (a leak found at close, detach or halt is bug check 0x7C/0x27).
 */
import type { AdapterBlock, BindingBlock, DriverBlock, FilterModuleBlock } from './blocks';
import { dataPathOpen } from './stateMachines';
import type { NdisHost } from './host';
import { chainToArray, linkChain, type Nbl } from './nbl';
import { NDIS_STATUS_PAUSED, statusName } from './status';
import { NDIS_RECEIVE_FLAGS_RESOURCES, PacketType, type NetBufferList } from './types';

/** NBLs in flight on this host (phase tx or rx), for the end-of-run leak scan. */
export type InFlight = Set<Nbl>;

function hop(host: NdisHost, n: Nbl, kind: 'send' | 'send-complete' | 'indicate' | 'return', from: string, to: string, status?: number): void {
  host.env.tracer.packet(host.name, from, n.id, kind, from, to, n.Data, n.summary, status === undefined ? undefined : statusName(status));
}

/** Take the chain from `caller`, checking each NBL is held by it in the expected phase. */
function take(host: NdisHost, head: NetBufferList | null, caller: DriverBlock, phases: readonly string[], api: string): Nbl[] {
  const all = chainToArray(head);
  const ok: Nbl[] = [];
  for (const n of all) {
    if (n.holder !== caller || !phases.includes(n.phase)) {
      const completing = api.includes('Complete') || api.includes('Return');
      const where = n.phase === 'free' ? 'it has been freed' : `it is held by ${n.holderComponent} (${n.phase})`;
      if (completing && (n.phase === 'free' || n.phase === 'idle')) host.violation('nbl-double-completion', `${api}: NBL #${n.id} is not outstanding here: it was already completed or returned (${where})`);
      else if (n.phase === 'free') host.violation('nbl-use-after-free', `${api}: NBL #${n.id} has been freed`);
      else host.violation(n.holder !== caller ? 'nbl-not-owned' : 'nbl-wrong-state', `${api}: NBL #${n.id} does not belong to ${caller.serviceName} now: ${where}`);
      continue;
    }
    ok.push(n);
  }
  return ok;
}

function give(nbls: readonly Nbl[], to: DriverBlock, component: string): void {
  for (const n of nbls) {
    n.holder = to;
    n.holderComponent = component;
  }
}

// ---- send ----------------------------------------------------------------------------------

/** NdisSendNetBufferLists. */
export function sendFromBinding(host: NdisHost, b: BindingBlock, head: NetBufferList, port: number, flags: number, caller: DriverBlock, inFlight: InFlight): void {
  const nbls = take(host, head, caller, ['idle'], 'NdisSendNetBufferLists');
  if (!nbls.length) return;
  const now = host.now;
  for (const n of nbls) {
    if (n.SourceHandle !== b) {
      host.violation('nbl-source-handle', `NdisSendNetBufferLists: NBL #${n.id} SourceHandle must be the binding handle of ${b.name}`);
      n.SourceHandle = b;
    }
    n.phase = 'tx';
    n.since = now;
    n.originModule = null;
    inFlight.add(n);
  }
  b.sendsOut += nbls.length;
  if (!dataPathOpen(b.state) || b.closed) {
    host.violation('send-in-state', `${b.name} sent ${nbls.length} NBL(s) while the binding is ${b.closed ? 'closed' : b.state}; NDIS completes them with NDIS_STATUS_PAUSED`);
    for (const n of nbls) n.Status = NDIS_STATUS_PAUSED;
    give(nbls, caller, b.component);
    completeToSender(host, b.adapter, nbls, 0, b.component, inFlight);
    return;
  }
  sendDown(host, b.adapter, b.adapter.filters.length - 1, nbls, port, flags, b.component, inFlight);
}

/** Hand NBLs to the next filter at or below `level` with a send handler, else to the miniport. */
export function sendDown(host: NdisHost, a: AdapterBlock, level: number, nbls: Nbl[], port: number, flags: number, from: string, inFlight: InFlight): void {
  for (let i = level; i >= 0; i--) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.SendNetBufferListsHandler;
    if (!fn) continue;
    for (const n of nbls) hop(host, n, 'send', from, m.component);
    give(nbls, m.driver.driver, m.component);
    m.held += nbls.length;
    const f = host.enterHandler(m.component, 'SendNetBufferListsHandler', fn, undefined);
    fn(m.context, linkChain(nbls), port, flags);
    host.leaveHandler(f);
    return;
  }
  for (const n of nbls) hop(host, n, 'send', from, a.component);
  if (!dataPathOpen(a.state)) {
    host.violation('send-in-state', `${nbls.length} NBL(s) reached ${a.name} while the adapter is ${a.state}; NDIS completes them with NDIS_STATUS_PAUSED`);
    for (const n of nbls) n.Status = NDIS_STATUS_PAUSED;
    completeUp(host, a, 0, nbls, 0, a.component, inFlight);
    return;
  }
  give(nbls, a.driver!.driver, a.component);
  a.sendsHeld += nbls.length;
  const fn = a.driver!.chars.SendNetBufferListsHandler!;
  const f = host.enterHandler(a.component, 'SendNetBufferListsHandler', fn, undefined);
  fn(a.context, linkChain(nbls), port, flags);
  host.leaveHandler(f);
}

/** NdisFSendNetBufferLists (filter-originated NBLs start their tx phase here). */
export function sendFromFilter(host: NdisHost, m: FilterModuleBlock, head: NetBufferList, port: number, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, m.driver.driver, ['idle', 'tx'], 'NdisFSendNetBufferLists');
  if (!nbls.length) return;
  for (const n of nbls) {
    if (n.phase === 'idle') {
      n.phase = 'tx';
      n.since = host.now;
      n.originModule = m;
      inFlight.add(n);
    } else m.held--;
  }
  sendDown(host, m.adapter, m.adapter.filters.indexOf(m) - 1, nbls, port, flags, m.component, inFlight);
}

/** NdisMSendNetBufferListsComplete. */
export function completeFromMiniport(host: NdisHost, a: AdapterBlock, head: NetBufferList, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, a.driver!.driver, ['tx'], 'NdisMSendNetBufferListsComplete');
  if (!nbls.length) return;
  a.sendsHeld -= nbls.length;
  completeUp(host, a, 0, nbls, flags, a.component, inFlight);
}

/** NdisFSendNetBufferListsComplete. */
export function completeFromFilter(host: NdisHost, m: FilterModuleBlock, head: NetBufferList, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, m.driver.driver, ['tx'], 'NdisFSendNetBufferListsComplete');
  if (!nbls.length) return;
  m.held -= nbls.length;
  completeUp(host, m.adapter, m.adapter.filters.indexOf(m) + 1, nbls, flags, m.component, inFlight);
}

/** Completions travel up through filters with a completion handler, then to the sending binding. */
export function completeUp(host: NdisHost, a: AdapterBlock, level: number, nbls: Nbl[], flags: number, from: string, inFlight: InFlight): void {
  for (let i = level; i < a.filters.length; i++) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.SendNetBufferListsCompleteHandler;
    if (!fn) continue;
    for (const n of nbls) hop(host, n, 'send-complete', from, m.component, n.Status);
    give(nbls, m.driver.driver, m.component);
    // A filter's own NBLs end their tx phase when they reach it; the others it must pass up.
    let own = 0;
    for (const n of nbls) {
      if (n.originModule === m) {
        finishTx(n, inFlight);
        own++;
      }
    }
    m.held += nbls.length - own;
    const f = host.enterHandler(m.component, 'SendNetBufferListsCompleteHandler', fn, undefined);
    fn(m.context, linkChain(nbls), flags);
    host.leaveHandler(f);
    return;
  }
  completeToSender(host, a, nbls, flags, from, inFlight);
}

function finishTx(n: Nbl, inFlight: InFlight): void {
  n.phase = 'idle';
  n.originModule = null;
  inFlight.delete(n);
}

/** The top of the stack: group by SourceHandle and call each sender's completion handler. */
function completeToSender(host: NdisHost, a: AdapterBlock, nbls: Nbl[], flags: number, from: string, inFlight: InFlight): void {
  // Usually every NBL of a completion belongs to one binding: no grouping needed.
  const first = nbls[0]!.SourceHandle;
  if (nbls.every((n) => n.SourceHandle === first)) {
    deliverCompletion(host, a, first as BindingBlock, nbls, flags, from, inFlight);
    return;
  }
  const groups = new Map<unknown, Nbl[]>();
  for (const n of nbls) {
    let g = groups.get(n.SourceHandle);
    if (!g) groups.set(n.SourceHandle, (g = []));
    g.push(n);
  }
  for (const [b, g] of groups) deliverCompletion(host, a, b as BindingBlock, g, flags, from, inFlight);
}

function deliverCompletion(host: NdisHost, a: AdapterBlock, b: BindingBlock, g: Nbl[], flags: number, from: string, inFlight: InFlight): void {
  if (!b || b.handleType !== 'binding' || b.adapter !== a) {
    for (const n of g) {
      host.violation('nbl-source-handle', `send completion of NBL #${n.id} reached the top of ${a.name} with no binding to return it to (SourceHandle changed?)`);
      finishTx(n, inFlight);
    }
    return;
  }
  for (const n of g) {
    hop(host, n, 'send-complete', from, b.component, n.Status);
    finishTx(n, inFlight);
  }
  give(g, b.protocol.driver, b.component);
  b.sendsOut -= g.length;
  const fn = b.protocol.chars.SendNetBufferListsCompleteHandler!;
  const f = host.enterHandler(b.component, 'SendNetBufferListsCompleteHandler', fn, undefined);
  fn(b.context, linkChain(g), flags);
  host.leaveHandler(f);
}

// ---- receive -------------------------------------------------------------------------------

/** NdisMIndicateReceiveNetBufferLists. */
export function indicateFromMiniport(host: NdisHost, a: AdapterBlock, head: NetBufferList, port: number, count: number, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, a.driver!.driver, ['idle'], 'NdisMIndicateReceiveNetBufferLists');
  if (!nbls.length) return;
  if (count !== nbls.length) host.violation('nbl-count', `NdisMIndicateReceiveNetBufferLists: NumberOfNetBufferLists is ${count}, the chain has ${nbls.length}`);
  if (a.state !== 'Running' && a.state !== 'Pausing' && a.state !== 'Restarting') {
    host.violation('indicate-in-state', `${a.name} indicated ${nbls.length} NBL(s) while ${a.state}`);
    return;
  }
  const resources = (flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
  for (const n of nbls) {
    if (n.SourceHandle !== a) {
      host.violation('nbl-source-handle', `NdisMIndicateReceiveNetBufferLists: NBL #${n.id} SourceHandle must be the MiniportAdapterHandle of ${a.name}`);
      n.SourceHandle = a;
    }
    startRx(host, n, resources, null, inFlight);
  }
  if (!resources) a.receivesOut += nbls.length;
  indicateUp(host, a, 0, nbls, port, flags, a.component, inFlight);
  if (resources) endResources(host, nbls, a.driver!.driver, a.component, inFlight);
}

function startRx(host: NdisHost, n: Nbl, resources: boolean, origin: FilterModuleBlock | null, inFlight: InFlight): void {
  n.phase = 'rx';
  n.since = host.now;
  n.resources = resources;
  n.originModule = origin;
  n.receivers = null;
  if (!resources) inFlight.add(n);
}

/** After an indication with RESOURCES returns, the NBLs belong to the indicator again. */
function endResources(host: NdisHost, nbls: readonly Nbl[], owner: DriverBlock, component: string, inFlight: InFlight): void {
  for (const n of nbls) {
    n.phase = 'idle';
    n.resources = false;
    n.receivers = null;
    inFlight.delete(n);
  }
  give(nbls, owner, component);
  void host;
}

/** Up through filters with a receive handler, then to the bindings. */
export function indicateUp(host: NdisHost, a: AdapterBlock, level: number, nbls: Nbl[], port: number, flags: number, from: string, inFlight: InFlight): void {
  for (let i = level; i < a.filters.length; i++) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.ReceiveNetBufferListsHandler;
    if (!fn) continue;
    for (const n of nbls) hop(host, n, 'indicate', from, m.component);
    give(nbls, m.driver.driver, m.component);
    m.held += nbls.length;
    const f = host.enterHandler(m.component, 'ReceiveNetBufferListsHandler', fn, undefined);
    fn(m.context, linkChain(nbls), port, nbls.length, flags);
    host.leaveHandler(f);
    if (flags & NDIS_RECEIVE_FLAGS_RESOURCES) m.held -= nbls.length;
    return;
  }
  deliver(host, a, nbls, port, flags, from, inFlight);
}

/** NdisFIndicateReceiveNetBufferLists. */
export function indicateFromFilter(host: NdisHost, m: FilterModuleBlock, head: NetBufferList, port: number, count: number, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, m.driver.driver, ['idle', 'rx'], 'NdisFIndicateReceiveNetBufferLists');
  if (!nbls.length) return;
  if (count !== nbls.length) host.violation('nbl-count', `NdisFIndicateReceiveNetBufferLists: NumberOfNetBufferLists is ${count}, the chain has ${nbls.length}`);
  const resources = (flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
  const own = nbls.filter((n) => n.phase === 'idle');
  for (const n of own) startRx(host, n, resources, m, inFlight);
  if (!resources) m.held -= nbls.length - own.length;
  indicateUp(host, m.adapter, m.adapter.filters.indexOf(m) + 1, nbls, port, flags, m.component, inFlight);
  if (resources && own.length) endResources(host, own, m.driver.driver, m.component, inFlight);
}

function accepts(b: BindingBlock, frame: Uint8Array, mac: Uint8Array): boolean {
  const pf = b.packetFilter;
  if (pf & PacketType.PROMISCUOUS) return true;
  if (frame.length < 6) return false;
  if (frame[0]! & 1) {
    const bcast = frame[0] === 0xff && frame[1] === 0xff && frame[2] === 0xff && frame[3] === 0xff && frame[4] === 0xff && frame[5] === 0xff;
    return bcast ? (pf & PacketType.BROADCAST) !== 0 : (pf & (PacketType.MULTICAST | PacketType.ALL_MULTICAST)) !== 0;
  }
  if (!(pf & PacketType.DIRECTED)) return false;
  for (let i = 0; i < 6; i++) if (frame[i] !== mac[i]) return false;
  return true;
}

/** Top of the stack: every running binding whose packet filter accepts the frame gets it. */
function deliver(host: NdisHost, a: AdapterBlock, nbls: Nbl[], port: number, flags: number, from: string, inFlight: InFlight): void {
  const resources = (flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
  const bindings: BindingBlock[] = [];
  for (const b of a.bindings) if (!b.closed && dataPathOpen(b.state)) bindings.push(b);
  const unwanted: Nbl[] = [];
  const perBinding = new Map<BindingBlock, Nbl[]>();
  const mac = a.mac;
  for (const n of nbls) {
    let rs: BindingBlock[] | null = null;
    for (const b of bindings) {
      if (!accepts(b, n.Data, mac)) continue;
      (rs ??= []).push(b);
      let g = perBinding.get(b);
      if (!g) perBinding.set(b, (g = []));
      g.push(n);
    }
    if (!rs) unwanted.push(n);
    else n.receivers = resources ? null : rs;
  }
  for (const [b, g] of perBinding) {
    for (const n of g) hop(host, n, 'indicate', from, b.component);
    give(g, b.protocol.driver, b.component);
    if (!resources) b.receivesHeld += g.length;
    const fn = b.protocol.chars.ReceiveNetBufferListsHandler!;
    const f = host.enterHandler(b.component, 'ReceiveNetBufferListsHandler', fn, undefined);
    fn(b.context, linkChain(g), port, g.length, flags);
    host.leaveHandler(f);
  }
  if (unwanted.length && !resources) returnDown(host, a, a.filters.length - 1, unwanted, 0, 'ndis', inFlight);
}

/** NdisReturnNetBufferLists. */
export function returnFromBinding(host: NdisHost, b: BindingBlock, head: NetBufferList, flags: number, inFlight: InFlight): void {
  const ready: Nbl[] = [];
  for (const n of chainToArray(head)) {
    const i = n.receivers ? n.receivers.indexOf(b) : -1;
    if (n.phase !== 'rx' || i < 0) {
      const why = n.phase === 'rx' && n.resources ? 'it was indicated with NDIS_RECEIVE_FLAGS_RESOURCES' : n.phase === 'rx' ? 'it was already returned' : `it is not an indicated NBL (${n.phase})`;
      host.violation(n.phase === 'rx' && n.resources ? 'return-resources-nbl' : 'nbl-double-return', `NdisReturnNetBufferLists on ${b.name}: NBL #${n.id} cannot be returned: ${why}`);
      continue;
    }
    n.receivers!.splice(i, 1);
    b.receivesHeld--;
    if (!n.receivers!.length) ready.push(n);
  }
  if (ready.length) returnDown(host, b.adapter, b.adapter.filters.length - 1, ready, flags, b.component, inFlight);
}

/** Returns travel down through filters with a return handler (stopping at the originating filter), then to the miniport. */
export function returnDown(host: NdisHost, a: AdapterBlock, level: number, nbls: Nbl[], flags: number, from: string, inFlight: InFlight): void {
  for (let i = level; i >= 0; i--) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.ReturnNetBufferListsHandler;
    const mine = nbls.some((n) => n.originModule === m);
    if (!fn && !mine) continue;
    for (const n of nbls) hop(host, n, 'return', from, m.component);
    give(nbls, m.driver.driver, m.component);
    m.held += nbls.length;
    for (const n of nbls) {
      if (n.originModule !== m) continue;
      n.phase = 'idle';
      n.receivers = null;
      n.originModule = null;
      inFlight.delete(n);
      m.held--;
    }
    if (!fn) {
      host.violation('nbl-lost', `${m.name} indicated NBLs but has no ReturnNetBufferListsHandler to get them back`);
      return;
    }
    const f = host.enterHandler(m.component, 'ReturnNetBufferListsHandler', fn, undefined);
    fn(m.context, linkChain(nbls), flags);
    host.leaveHandler(f);
    return;
  }
  for (const n of nbls) {
    hop(host, n, 'return', from, a.component);
    n.phase = 'idle';
    n.receivers = null;
    inFlight.delete(n);
  }
  give(nbls, a.driver!.driver, a.component);
  a.receivesOut -= nbls.length;
  const fn = a.driver!.chars.ReturnNetBufferListsHandler!;
  const f = host.enterHandler(a.component, 'ReturnNetBufferListsHandler', fn, undefined);
  fn(a.context, linkChain(nbls), flags);
  host.leaveHandler(f);
}

/** NdisFReturnNetBufferLists. */
export function returnFromFilter(host: NdisHost, m: FilterModuleBlock, head: NetBufferList, flags: number, inFlight: InFlight): void {
  const nbls = take(host, head, m.driver.driver, ['rx'], 'NdisFReturnNetBufferLists');
  if (!nbls.length) return;
  m.held -= nbls.length;
  returnDown(host, m.adapter, m.adapter.filters.indexOf(m) - 1, nbls, flags, m.component, inFlight);
}
