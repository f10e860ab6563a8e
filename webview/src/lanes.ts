/**
 * The lanes view: the sequence diagram of the run. One lane per stack component (per host: NDIS,
 * the drivers, protocols, providers, filter modules, miniports; wires between hosts), one row per
 * event in time order. Calls are arrows between NDIS and the component (driver → NDIS for a DDI,
 * NDIS → driver for a handler), returns dashed arrows back, packet hops arrows from one component
 * to the next; state changes, logs and violations are marks on their lane.
 */
import type { ComponentRef, WireEvent } from '../../common/src/traceProtocol';
import { h } from './dom';
import { describe, formatTime, nblNumber } from './format';
import { ROW_HEIGHT } from './eventTable';
import type { ViewContext } from './view';
import { VirtualList } from './virtualList';

const LANE_WIDTH = 132;
const GUTTER = 150;

/** Lane order inside a host: NDIS first, then the stack from the top down; drivers without a lane of their own last. */
const ORDER = ['ndis', 'protocol:', 'provider:', 'filter:', 'miniport:', 'driver:'];

function rank(component: string): number {
  const k = ORDER.findIndex((p) => (p.endsWith(':') ? component.startsWith(p) : component === p));
  return k < 0 ? ORDER.length : k;
}

export interface Lane {
  readonly key: string;
  readonly host: string;
  readonly component: string;
}

export function laneKey(host: string, component: string): string {
  return component.startsWith('wire:') ? component : `${host}|${component}`;
}

/** The service of a component: `protocol:TINYIP` → TINYIP, `filter:TINYLWF@eth0` → TINYLWF. */
function service(component: string): string {
  const rest = component.slice(component.indexOf(':') + 1);
  const at = rest.indexOf('@');
  return at < 0 ? rest : rest.slice(0, at);
}

/**
 * Lanes for the components seen, grouped by host in first-seen order, wires after the host that
 * first used them. A `driver:X` component (DriverEntry, unload) shares the lane of X's protocol,
 * provider or filter module when X has one: `alias` maps its key to that lane's key.
 */
export function orderLanes(refs: readonly ComponentRef[]): Lane[] & { alias?: Map<string, string> } {
  const all = orderAll(refs);
  const alias = new Map<string, string>();
  const kept = all.filter((l) => {
    if (!l.component.startsWith('driver:')) return true;
    const svc = service(l.component);
    const home = all.find((o) => o.host === l.host && !o.component.startsWith('driver:') && /^(protocol|provider|filter):/.test(o.component) && service(o.component) === svc);
    if (home) alias.set(l.key, home.key);
    return !home;
  });
  return Object.assign(kept, { alias });
}

function orderAll(refs: readonly ComponentRef[]): Lane[] {
  const hosts: string[] = [];
  const byHost = new Map<string, Lane[]>();
  const wires: { lane: Lane; after: string }[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    const key = laneKey(r.host, r.component);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!byHost.has(r.host)) {
      hosts.push(r.host);
      byHost.set(r.host, []);
      if (r.host !== 'world' && r.host !== 'capture' && !r.component.startsWith('wire:')) {
        const ndis = laneKey(r.host, 'ndis');
        if (!seen.has(ndis)) {
          seen.add(ndis);
          byHost.get(r.host)!.push({ key: ndis, host: r.host, component: 'ndis' });
        }
      }
    }
    const lane = { key, host: r.host, component: r.component };
    if (r.component.startsWith('wire:')) wires.push({ lane, after: r.host });
    else byHost.get(r.host)!.push(lane);
  }
  const out: Lane[] = [];
  for (const host of hosts) {
    const lanes = byHost.get(host)!;
    // stable sort by stack position
    out.push(...lanes.map((l, k) => ({ l, k })).sort((a, b) => rank(a.l.component) - rank(b.l.component) || a.k - b.k).map((x) => x.l));
    out.push(...wires.filter((w) => w.after === host).map((w) => w.lane));
  }
  return out;
}

/** The two ends of an event's arrow (lane keys), or one lane for a mark. */
export function arrowOf(e: WireEvent): { from: string; to: string; style: string } | { at: string; style: string } {
  const own = laneKey(e.host, e.component);
  const ndis = laneKey(e.host, 'ndis');
  switch (e.kind) {
    case 'call': {
      const ddi = /^Ndis/.test(e.api ?? '');
      return ddi ? { from: own, to: ndis, style: 'call' } : { from: ndis, to: own, style: 'call' };
    }
    case 'return': {
      const ddi = /^Ndis/.test(e.api ?? '');
      return ddi ? { from: ndis, to: own, style: 'ret' } : { from: own, to: ndis, style: 'ret' };
    }
    case 'packet':
      return { from: laneKey(e.host, e.from ?? e.component), to: laneKey(e.host, e.to ?? e.component), style: `pkt hop-${e.hop ?? 'send'}` };
    default:
      return { at: own, style: e.kind };
  }
}

function labelOf(e: WireEvent): string {
  switch (e.kind) {
    case 'call':
      return `${e.api ?? ''}${e.function && e.function !== e.api ? ` · ${e.function}` : ''}`;
    case 'return':
      return `${e.api ?? ''}${e.status ? ` → ${e.status.replace(/^NDIS_STATUS_/, '')}` : ''}`;
    case 'packet':
      return `${e.hop ?? ''}${typeof e.nbl === 'number' ? ` nbl#${e.nbl}` : ''}: ${e.summary ?? ''}`;
    case 'state':
      return `${e.name ?? ''}: ${e.from ?? ''} → ${e.to ?? ''}`;
    case 'violation':
      return `${e.rule ?? ''}: ${e.message ?? ''}`;
    case 'bugcheck':
      return `BUG CHECK ${e.code ?? ''} ${e.name ?? ''}`;
    case 'log':
      return e.message ?? '';
  }
}

export class LanesView {
  readonly list: VirtualList;
  readonly element: HTMLElement;
  private lanes: Lane[] = [];
  private readonly pos = new Map<string, number>();
  private readonly header: HTMLElement;
  private refsSeen = 0;

  constructor(parent: HTMLElement, private readonly ctx: ViewContext) {
    this.header = h('div', { class: 'lanes-head', attrs: { role: 'row' } });
    this.list = new VirtualList(parent, {
      rowHeight: ROW_HEIGHT,
      header: this.header,
      createRow: () => {
        const row = h('div', { class: 'lrow', attrs: { role: 'row' } },
          h('span', { class: 'l-gutter' }),
          h('div', { class: 'l-arrow' }),
          h('span', { class: 'l-label' }));
        row.addEventListener('click', () => this.ctx.select(Number(row.dataset.row), { focus: true }));
        row.addEventListener('dblclick', () => {
          const e = this.ctx.cache.get(Number(row.dataset.row));
          if (e?.source) this.ctx.openSource(e);
        });
        return row;
      },
      renderRow: (el, row) => this.renderRow(el, row),
      onRange: (first, last) => this.ctx.cache.want(first, last),
    }, 'vlist lanes');
    this.element = this.list.scroller;
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'grid');
    this.element.setAttribute('aria-label', 'Lanes: calls and packet hops between stack components in time order');
    this.element.addEventListener('keydown', (ev) => this.ctx.onListKey(ev, this.list.visibleRows));
  }

  /** The components known so far (grows during a run). */
  setComponents(refs: readonly ComponentRef[]): void {
    if (refs.length === this.refsSeen) return;
    this.refsSeen = refs.length;
    const ordered = orderLanes(refs);
    this.lanes = ordered;
    this.pos.clear();
    this.lanes.forEach((l, k) => this.pos.set(l.key, GUTTER + k * LANE_WIDTH + LANE_WIDTH / 2));
    for (const [from, to] of ordered.alias ?? []) this.pos.set(from, this.pos.get(to)!);
    const width = GUTTER + this.lanes.length * LANE_WIDTH;
    this.list.setWidth(width);
    const content = this.list.content;
    content.style.backgroundImage = `repeating-linear-gradient(to right, transparent 0px, transparent ${LANE_WIDTH / 2 - 1}px, var(--lane-line) ${LANE_WIDTH / 2 - 1}px, var(--lane-line) ${LANE_WIDTH / 2}px, transparent ${LANE_WIDTH / 2}px, transparent ${LANE_WIDTH}px)`;
    content.style.backgroundPosition = `${GUTTER}px 0`;
    content.style.backgroundSize = `${this.lanes.length * LANE_WIDTH}px 100%`;
    content.style.backgroundRepeat = 'no-repeat';
    this.header.replaceChildren(
      h('span', { class: 'lane-title gutter-title', text: 'seq · time' }),
      ...this.lanes.map((l, k) => {
        const t = h('span', {
          class: `lane-title${l.component === 'ndis' ? ' lane-ndis' : ''}`,
          title: `${l.component.startsWith('wire:') ? '' : `${l.host} · `}${l.component}`,
          attrs: { role: 'columnheader', 'data-lane': l.key },
        }, h('span', { class: 'lane-host', text: l.component.startsWith('wire:') ? 'wire' : l.host }), h('span', { class: 'lane-comp', text: l.component }));
        t.style.left = `${GUTTER + k * LANE_WIDTH}px`;
        t.style.width = `${LANE_WIDTH}px`;
        return t;
      }),
    );
    this.list.refresh();
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  private renderRow(el: HTMLElement, row: number): void {
    const e = this.ctx.cache.get(row);
    el.dataset.row = String(row);
    el.id = `lane-row-${row}`;
    el.setAttribute('aria-rowindex', String(row + 2));
    const gutter = el.children[0] as HTMLElement;
    const arrow = el.children[1] as HTMLElement;
    const label = el.children[2] as HTMLElement;
    const selected = row === this.ctx.selectedRow;
    el.setAttribute('aria-selected', String(selected));
    if (!e) {
      el.className = 'lrow loading';
      delete el.dataset.seq;
      delete el.dataset.i;
      gutter.textContent = '…';
      arrow.style.display = 'none';
      label.textContent = '';
      return;
    }
    const followed = this.ctx.followedNbl !== undefined && nblNumber(e) === this.ctx.followedNbl;
    el.className = `lrow k-${e.kind}${selected ? ' selected' : ''}${followed ? ' followed' : ''}${this.ctx.followedNbl !== undefined && !followed ? ' dimmed' : ''}`;
    el.dataset.i = String(e.i);
    el.dataset.seq = String(e.seq);
    el.setAttribute('aria-label', describe(e));
    gutter.textContent = `${e.seq}  ${formatTime(e.t)}`;
    label.textContent = labelOf(e);
    const a = arrowOf(e);
    arrow.style.display = '';
    if ('at' in a) {
      const x = this.pos.get(a.at) ?? GUTTER;
      arrow.className = `l-arrow mark ${a.style}`;
      arrow.style.left = `${x - 5}px`;
      arrow.style.width = '10px';
      label.style.left = `${x + 9}px`;
      return;
    }
    const x1 = this.pos.get(a.from) ?? GUTTER;
    const x2 = this.pos.get(a.to) ?? GUTTER;
    if (x1 === x2) {
      arrow.className = `l-arrow mark ${a.style}`;
      arrow.style.left = `${x1 - 5}px`;
      arrow.style.width = '10px';
      label.style.left = `${x1 + 9}px`;
      return;
    }
    arrow.className = `l-arrow ${a.style} ${x2 > x1 ? 'to-right' : 'to-left'}`;
    arrow.style.left = `${Math.min(x1, x2)}px`;
    arrow.style.width = `${Math.abs(x2 - x1)}px`;
    label.style.left = `${Math.min(x1, x2) + 8}px`;
  }

  setCount(n: number): void {
    this.list.setCount(n);
    this.element.setAttribute('aria-rowcount', String(n + 1));
  }
}
