/**
 * What the interpreter knows the NDIS DDIs do: registrations fork into success and failure and
 * create handle records, deregistrations end them (running the handlers NDIS calls inside the
 * DDI), NdisIMAssociateMiniport, NET_LUID allocation and construction, spin locks, zeroing,
 * interlocked counters — and the checks made at these calls (NDIS206–NDIS211, NDIS213, NDIS215).
 * Anything else is an unknown call: it may write through the pointers it receives.
 */
import type { Expr } from './cfg';
import { pureLoc } from './expr';
import type { Frame, Interp, Out } from './interp';
import { catalog } from '../model/catalogView';
import {
  ACQUIRE, DEREGISTER, DRIVER_KINDS, INTERLOCKED, LUID_ALLOCATE, MAKE_NET_LUID, MUST_TEST, RAISE_IRQL, REGISTER, RELEASE,
  ZEROING, isPassiveOnly, roleRaisesIrql, usesHandles,
  type RegisterModel,
} from './semantics';
import { State, UNK, ZERO, readLoc, valKey, type HRec, type HandleKind, type StatusCode, type Val } from './state';
import { objBase, resultOf } from './values';

type Call = Extract<Expr, { t: 'call' }>;

/** A call to something that is not a driver function: NDIS DDIs, the kernel, unknown code. */
export function external(m: Interp, F: Frame, x: Call, name: string, st: State, vs: readonly Val[]): Out[] {
  const site = m.site(F, x.s);
  // NDIS209: a handle passed after its deregistration.
  if (name && usesHandles(name)) {
    vs.forEach((v, i) => {
      if (v.k !== 'h') return;
      const r = st.handles.get(v.id);
      if (r?.st !== 'dereg') return;
      const arg = x.args[i]!;
      m.emit({
        kind: 'NDIS209', site: m.site(F, arg.s), end: arg.e, data: { kind: r.kind, undo: REGISTER.get(r.ddi)?.undo ?? r.ddi, use: name },
        trace: st.trace, ctx: F.ctx, ...(r.id.includes('@') && !r.id.startsWith('dead@') ? { other: r.id } : {}),
      });
    });
  }
  // NDIS211: a PASSIVE_LEVEL DDI at DISPATCH_LEVEL.
  if (name && isPassiveOnly(name) && (st.lock > 0 || st.irql >= 2)) {
    m.emit({ kind: 'NDIS211', site, end: x.e, data: { ddi: name, why: st.lock > 0 ? 'lock' : 'role' }, trace: st.trace, ctx: F.ctx });
  }
  if (ACQUIRE.has(name) || (name === RAISE_IRQL && vs[0]?.k === 'int' && vs[0].v >= 2)) {
    const p = st.edit();
    p.lock = Math.min(p.lock + 1, 8);
    p.trace = st.withTrace({ site, end: x.e, msg: `${name} raises to DISPATCH_LEVEL here` }).trace;
    return [{ s: State.of(p), v: UNK }];
  }
  if (RELEASE.has(name)) {
    const p = st.edit();
    p.lock = Math.max(p.lock - 1, 0);
    return [{ s: State.of(p), v: UNK }];
  }
  const reg = REGISTER.get(name);
  if (reg) return register(m, F, x, name, reg, st, vs);
  const dereg = DEREGISTER.get(name);
  if (dereg) return deregister(m, F, x, name, dereg, st, vs);
  if (name === 'NdisIMAssociateMiniport') return [{ s: associate(m, F, x, st, vs), v: UNK }];
  if (name === LUID_ALLOCATE) return allocateLuidIndex(m, F, x, st, vs);
  if (name === MAKE_NET_LUID) return [{ s: makeNetLuid(m, F, x, st, vs), v: UNK }];
  if (ZEROING.has(name)) {
    const fillArg = ZEROING.get(name);
    const p = st.edit();
    const target = objBase(vs[0] ?? UNK);
    const fill = fillArg === undefined ? ZERO : vs[fillArg] ?? UNK;
    if (target && fill.k === 'int' && fill.v === 0) m.zeroAt(p, target);
    else m.havocVal(p, vs[0] ?? UNK);
    return [{ s: State.of(p), v: UNK }];
  }
  if (INTERLOCKED.has(name)) {
    const target = objBase(vs[0] ?? UNK);
    return [{ s: target ? m.write(st, target, { k: 'ctr' }) : st, v: { k: 'ctr' } }];
  }

  // Anything else: it may write through the pointers it gets; statuses passed to it count as looked at.
  const p = st.edit();
  for (const v of vs) m.havocVal(p, v);
  let s = State.of(p);
  for (const v of vs) s = m.consume(s, v);
  const ddi = catalog.ddi(name);
  let outs: Out[] = [{ s, v: resultOf(name, site) }];
  // A virtual miniport torn down with NdisIMDeInitializeDeviceInstance is halted inside the call;
  // other callbacks (MiniportInitializeEx inside NdisIMInitializeDeviceInstanceEx) may or may not run.
  if (ddi?.callsSynchronously?.length) outs = synchronous(m, F, outs, ddi.callsSynchronously, undefined, name === 'NdisIMDeInitializeDeviceInstance');
  return outs;
}

function outLocOf(v: Val | undefined): string | undefined {
  return v ? objBase(v) : undefined;
}

/** A registration: fork into success (handle registered) and failure. */
export function register(m: Interp, F: Frame, x: Call, name: string, rm: RegisterModel, st: State, vs: readonly Val[]): Out[] {
  const site = m.site(F, x.s);
  const outArg = x.args[rm.out];
  const outLoc = outLocOf(vs[rm.out]);
  const chk = MUST_TEST.has(name);
  const variant = rm.kind === 'miniport' ? m.prog.registrations.get(site)?.variant ?? 'plain' : undefined;

  // Interfaces: the provider handle and the NET_LUID.
  let prov: string | undefined;
  let luid: string | undefined;
  if (rm.kind === 'interface') {
    const pv = vs[rm.provArg!] ?? UNK;
    const pr = pv.k === 'h' ? st.handles.get(pv.id) : undefined;
    if (pr && pr.kind === 'provider') prov = pr.id;
    let why: string | undefined;
    if (pr && pr.kind === 'provider') why = pr.st === 'failed' ? 'failed' : pr.st === 'dereg' ? 'deregistered' : undefined;
    else if (pv.k === 'int' && pv.v === 0) {
      // NULL: say why, from what happened to providers on this path.
      const provs = [...st.handles.values()].filter((r) => r.kind === 'provider');
      if (provs.some((r) => r.st === 'dereg')) why = 'deregistered';
      else if (provs.some((r) => r.st === 'failed')) why = 'failed';
      else if (!provs.length && registersProvider(m)) why = 'later';
      else why = 'never';
    }
    if (why) {
      m.emit({
        kind: 'NDIS207', site, end: x.e, data: { why }, trace: st.trace, ctx: F.ctx,
        ...(pr && !pr.id.startsWith('dead@') ? { other: pr.id } : {}),
      });
    }
    const la = x.args[rm.luidArg!] ? pureLoc(m, F, x.args[rm.luidArg!]!, st) : undefined;
    const lv = vs[rm.luidArg!] ?? UNK;
    if (la) luid = `${la}#${valKey(lv)}`;
    else if (lv.k === 'luid') luid = `#${valKey(lv)}`;
  }

  // NDIS210: registered a second time without deregistration in between.
  for (const r of st.handles.values()) {
    if (r.st !== 'reg' || r.kind !== rm.kind) continue;
    let dup = false;
    // The same driver or provider: the same registration call, or the same handle storage.
    const same = r.id === site || (r.out !== undefined && r.out !== '~' && r.out === outLoc);
    if (DRIVER_KINDS.has(rm.kind)) dup = same && (rm.kind !== 'miniport' || r.variant === variant || r.variant === '?' || variant === '?');
    else if (rm.kind === 'provider') dup = same;
    else if (rm.kind === 'interface') dup = luid !== undefined && r.luid === luid;
    if (dup) {
      m.emit({ kind: 'NDIS210', site, end: x.e, data: { ddi: name, kind: rm.kind }, trace: st.trace, ctx: F.ctx, other: r.id });
      break;
    }
  }

  // NDIS206: the protocol edge registered while no miniport edge exists yet.
  if (rm.kind === 'protocol' && F.ctx === 'de' && ![...st.handles.values()].some((r) => r.kind === 'miniport')) {
    m.emit({ kind: 'NDIS206', site, end: x.e, data: { why: 'protocol-first' }, trace: st.trace, ctx: F.ctx });
  }

  const base: HRec = {
    id: site, kind: rm.kind, st: 'reg', ddi: name, ctx: F.ctx,
    ...(variant ? { variant } : {}), ...(prov ? { prov } : {}), ...(luid ? { luid } : {}),
    ...(outLoc ? { out: outLoc } : {}), ...(outArg ? { outArg: [outArg.s, outArg.e] as const } : {}),
  };
  const outs: Out[] = [];
  const make = (status: 'reg' | 'failed', code: StatusCode): State => {
    const p = st.edit();
    // A failed call gets its own record: it must not erase an earlier success of the same call
    // (a second Bind failing to open leaves the first binding open).
    const id = status === 'reg' ? site : `${site}!`;
    p.handles.set(id, { ...base, id, st: status });
    if (status === 'reg' && (rm.kind === 'protocol' || rm.kind === 'miniport')) {
      const other = rm.kind === 'protocol' ? 'miniport' : 'protocol';
      if ([...st.handles.values()].some((r) => r.kind === other && r.st === 'reg')) p.misc = { ...p.misc, imSecond: site };
    }
    let s = State.of(p).withTrace({ site, end: x.e, msg: `${name} ${status === 'reg' ? (code === 'pend' ? 'pends' : 'succeeds') : 'fails'} here` });
    if (outLoc) s = m.write(s, outLoc, { k: 'h', id });
    void code;
    return s;
  };
  const succ = make('reg', 'ok');
  let okStates: Out[] = [{ s: succ, v: { k: 'st', site, c: 'ok', ...(chk ? { chk } : {}) } }];
  if (rm.pends) okStates.push({ s: make('reg', 'pend'), v: { k: 'st', site, c: 'pend', ...(chk ? { chk } : {}) } });
  if (DRIVER_KINDS.has(rm.kind)) okStates = synchronous(m, F, okStates, ['SET_OPTIONS'], site, true);
  if (F.ctx === 'de' && (rm.kind === 'protocol' || rm.kind === 'filter' || rm.kind === 'provider' || rm.kind === 'miniport')) {
    for (const o of okStates) m.snapshot({ kind: 'snapshot', site, end: x.e, data: { kind: rm.kind }, trace: o.s.trace, ctx: 'de', state: o.s });
  }
  outs.push(...okStates);
  outs.push({ s: make('failed', 'fail'), v: { k: 'st', site, c: 'fail', ...(chk ? { chk } : {}) } });
  return outs;
}

/** A deregistration (or NdisCloseAdapterEx). */
export function deregister(m: Interp, F: Frame, x: Call, name: string, kind: HandleKind, st: State, vs: readonly Val[]): Out[] {
  const site = m.site(F, x.s);
  const v = vs[0] ?? UNK;
  const rec = v.k === 'h' ? st.handles.get(v.id) : undefined;
  const result: Val = name === 'NdisCloseAdapterEx' ? { k: 'st', site, c: '?' } : UNK;
  const roles = catalog.ddi(name)?.callsSynchronously ?? [];
  // NDIS unbinds every open binding inside NdisDeregisterProtocolDriver: with one open, the
  // unbind handler certainly runs; with none known, it may.
  const mustUnbind = kind === 'protocol' && [...st.handles.values()].some((r) => r.kind === 'binding' && (r.st === 'reg' || r.st === 'unknown'));
  if (rec && rec.kind === kind) {
    if (rec.st === 'dereg' || rec.st === 'failed') return [{ s: st, v: result }];
    let outs: Out[] = [{ s: st, v: result }];
    if (roles.length) outs = synchronous(m, F, outs, roles, rec.id, mustUnbind);
    return outs.map((o) => ({ s: markDereg(m, F, x, name, o.s, rec.id), v: result }));
  }
  if (v.k === 'int' && v.v === 0) return [{ s: st, v: result }];
  // Unknown handle: whatever of this kind was registered may now be gone.
  let outs: Out[] = [{ s: st, v: result }];
  if (roles.length) outs = synchronous(m, F, outs, roles, undefined, mustUnbind);
  m.emit({ kind: 'deregAny', site, end: x.e, data: { kind }, trace: undefined, ctx: F.ctx });
  const loc = x.args[0] ? pureLoc(m, F, x.args[0], st) : undefined;
  return outs.map((o) => {
    const p = o.s.edit();
    for (const [id, r] of p.handles) if (r.kind === kind && r.st === 'reg') p.handles.set(id, { ...r, st: 'unknown' });
    let s = State.of(p);
    if (loc) {
      // The location now holds a dead handle: later uses are NDIS209.
      const dead = `dead@${site}`;
      const q = s.edit();
      q.handles.set(dead, { id: dead, kind, st: 'dereg', ddi: [...REGISTER].find(([, m]) => m.kind === kind)?.[0] ?? name });
      s = State.of(q);
      if (!(readLoc(s, loc).k === 'h')) s = m.write(s, loc, { k: 'h', id: dead });
    }
    return { s, v: result };
  });
}

export function markDereg(m: Interp, F: Frame, x: Call, name: string, s: State, id: string): State {
  const site = m.site(F, x.s);
  const rec = s.handles.get(id);
  if (!rec) return s;
  const p = s.edit();
  p.handles.set(id, { ...rec, st: 'dereg' });
  m.emit({ kind: 'dereg', site: id, end: -1, data: { kind: rec.kind }, trace: undefined, ctx: F.ctx });
  // NDIS208: interfaces of this provider still registered.
  if (rec.kind === 'provider') {
    for (const r of s.handles.values()) {
      if (r.kind === 'interface' && r.prov === id && r.st === 'reg') {
        m.emit({ kind: 'NDIS208', site, end: x.e, data: {}, trace: s.trace, ctx: F.ctx, other: r.id });
        break;
      }
    }
  }
  // NDIS213: an IM driver's miniport edge deregistered before its protocol edge.
  const protocolUp = [...s.handles.values()].some((r) => r.kind === 'protocol' && r.st === 'reg');
  if (rec.kind === 'miniport' && rec.variant !== 'plain' && protocolUp && F.ctx === 'unload') p.misc = { ...p.misc, mpDereg: site };
  if (rec.kind === 'miniport' && rec.variant === 'plain' && protocolUp && F.ctx === 'unload' && singleMiniport(m)) p.misc = { ...p.misc, mpDereg: site };
  if (rec.kind === 'protocol' && p.misc.mpDereg) {
    const at = p.misc.mpDereg;
    const fnId = at.slice(0, at.lastIndexOf('@'));
    const fn = m.prog.byId.get(fnId);
    const call = fn?.cfg?.calls.find((c) => `${fnId}@${c.s}` === at);
    m.emit({ kind: 'NDIS213', site: at, end: call?.e ?? -1, data: {}, trace: s.trace, ctx: F.ctx, other: site, otherEnd: x.e });
    const { mpDereg: _gone, ...rest } = p.misc;
    void _gone;
    p.misc = rest;
  }
  return State.of(p).withTrace({ site, end: x.e, msg: `${name} ${rec.kind === 'binding' ? 'closes' : 'deregisters'} it here` });
}

/** Does the driver register an interface provider anywhere? */
export function registersProvider(m: Interp): boolean {
  return m.prog.fns.some((f) => f.cfg?.callees.includes('NdisIfRegisterProvider'));
}

/** A driver with exactly one miniport registration: that one is the IM edge whatever its Flags say. */
export function singleMiniport(m: Interp): boolean {
  return [...m.prog.registrations.values()].filter((r) => r.ddi === 'NdisMRegisterMiniportDriver').length <= 1;
}

export function associate(m: Interp, F: Frame, x: Call, st: State, vs: readonly Val[]): State {
  const site = m.site(F, x.s);
  const bad = (v: Val | undefined, kind: HandleKind): boolean => {
    if (!v) return false;
    if (v.k === 'int' && v.v === 0) return true;
    if (v.k !== 'h') return false;
    const r = st.handles.get(v.id);
    return !!r && r.kind === kind && (r.st === 'failed' || r.st === 'dereg');
  };
  if (F.ctx === 'de' && (bad(vs[0], 'miniport') || bad(vs[1], 'protocol'))) {
    m.emit({ kind: 'NDIS206', site, end: x.e, data: { why: 'associate-early' }, trace: st.trace, ctx: F.ctx });
  }
  const p = st.edit();
  p.misc = { ...p.misc, assoc: true };
  return State.of(p);
}

export function allocateLuidIndex(m: Interp, F: Frame, x: Call, st: State, vs: readonly Val[]): Out[] {
  const site = m.site(F, x.s);
  const out = outLocOf(vs[1]);
  const ok = out ? m.write(st, out, { k: 'luidIdx' }) : st;
  const p = st.edit();
  m.havocVal(p, vs[1] ?? UNK);
  return [
    { s: ok, v: { k: 'st', site, c: 'ok', chk: true } },
    { s: State.of(p), v: { k: 'st', site, c: 'fail', chk: true } },
  ];
}

export function makeNetLuid(m: Interp, F: Frame, x: Call, st: State, vs: readonly Val[]): State {
  const site = m.site(F, x.s);
  const idx = vs[2] ?? UNK;
  const why = idx.k === 'int' && idx.lit && !idx.zero ? 'literal' : idx.k === 'ctr' ? 'counter' : idx.k === 'arith' ? 'arithmetic' : undefined;
  if (why) m.emit({ kind: 'NDIS215', site, end: x.e, data: { why }, trace: st.trace, ctx: F.ctx });
  const target = outLocOf(vs[0]);
  return target ? m.write(st, target, { k: 'luid', id: site }) : st;
}

/**
 * Handlers NDIS calls inside a DDI, in order (`roles`). Optional by default (e.g. no binding
 * is open); `mandatory` for SetOptions inside a successful registration.
 */
export function synchronous(m: Interp, F: Frame, outs: Out[], roles: readonly string[], recId: string | undefined, mandatory = false): Out[] {
  let cur = outs;
  let ran = false;
  for (const role of roles) {
    const hs = m.prog.handlers.filter((h) => catalog.sameRole(h.role, role) && (!recId || h.sites.length === 0 || h.sites.includes(recId)));
    if (!hs.length) continue;
    const next: Out[] = [];
    for (const o of cur) {
      for (const h of hs) {
        const fn = m.prog.resolve(undefined, h.fn);
        if (!fn) continue;
        ran = true;
        const p = o.s.edit();
        p.irql = roleRaisesIrql(h.role) ? 2 : 0;
        const results = m.callFn(fn, [], State.of(p).withTrace({ site: `${fn.id}@0`, end: fn.fact.nameSpan.end - fn.start, msg: `NDIS calls ${fn.name} (${h.role}) here` }), F.ctx);
        for (const r of results) {
          const q = r.s.edit();
          q.irql = o.s.irql;
          next.push({ s: State.of(q), v: o.v });
        }
      }
    }
    cur = m.capOuts(next);
  }
  if (!ran) return outs;
  return mandatory ? cur : m.capOuts([...outs, ...cur]);
}
