/**
 * The trace viewer: toolbar, filters, bug-check banner, the NBL journey strip, three views (event
 * table, lanes, topology) over one set of rows, and the details pane. It speaks only the protocol
 * of common/src/traceProtocol.ts through a Channel, so it runs the same in a VS Code webview and
 * in an HTML report.
 */
import type { FoundMessage, HostToWebview, Topology, TraceFilter, TraceMeta, TraceViewState, WireEvent } from '../../common/src/traceProtocol';
import type { Channel } from './channel';
import { DetailsPane } from './details';
import { FilterBar, isEmptyFilter } from './filterBar';
import { button, h } from './dom';
import { EventTable } from './eventTable';
import { formatCount, whatText } from './format';
import { LanesView } from './lanes';
import { RowCache } from './rows';
import { renderTopology } from './topologyView';
import type { ViewContext } from './view';

type Tab = 'events' | 'lanes' | 'topology';

export class App implements ViewContext {
  readonly cache: RowCache;
  selectedRow = -1;
  followedNbl: number | undefined;
  readonly canOpenSource: boolean;
  private meta: TraceMeta | undefined;
  private viewId = 0;
  private viewDone = false;
  private filter: TraceFilter;
  private tab: Tab;
  private follow: boolean;
  private selectedI: number | undefined;
  private restoreSelectI: number | undefined;
  private restoreTopRow: number | undefined;
  private journey: WireEvent[] = [];
  private journeyAt = -1;
  private bugcheck: WireEvent | undefined;
  private topology: Topology | undefined;
  private topologyAt: number | undefined;
  private topologyMode: 'end' | 'selected' = 'selected';
  private topologyRequest = 0;
  private readonly topoModeEnd: HTMLInputElement;
  private readonly topoModeSel: HTMLInputElement;
  private readonly topoCaption: HTMLElement;
  private nextRequest = 1;
  private readonly pending = new Map<number, (m: FoundMessage) => void>();
  private autoScrollAt = 0;
  private noticeTimer = 0;
  private stateTimer = 0;

  // DOM
  private readonly titleEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly countEl: HTMLElement;
  private readonly stopBtn: HTMLButtonElement;
  private readonly followBtn: HTMLButtonElement;
  private readonly exportBtns = new Map<string, HTMLButtonElement>();
  private readonly tabBtns = new Map<Tab, HTMLButtonElement>();
  private readonly panels = new Map<Tab, HTMLElement>();
  private readonly filters: FilterBar;
  private readonly banner: HTMLElement;
  private readonly budgetBanner: HTMLElement;
  private readonly journeyEl: HTMLElement;
  private readonly table: EventTable;
  private readonly lanes: LanesView;
  private readonly topoEl: HTMLElement;
  private readonly details: DetailsPane;

  constructor(root: HTMLElement, private readonly channel: Channel) {
    this.canOpenSource = channel.kind === 'vscode';
    const saved = channel.getState() ?? {};
    this.filter = saved.filter ?? {};
    this.tab = saved.tab ?? 'events';
    this.follow = saved.follow ?? true;
    this.restoreSelectI = saved.selected;
    this.restoreTopRow = saved.topRow;
    this.followedNbl = saved.nbl;
    this.cache = new RowCache((m) => channel.post(m));
    this.cache.onChange = () => this.onRowsArrived();

    // toolbar
    this.titleEl = h('h1', { class: 'title', text: 'NDIS trace' });
    this.statusEl = h('span', { class: 'status', id: 'run-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.countEl = h('span', { class: 'count', id: 'row-count' });
    this.stopBtn = button('■ Stop', () => channel.post({ type: 'stop' }), { id: 'stop', title: 'Stop the simulation', class: 'btn danger' });
    this.followBtn = button('Follow', () => this.setFollow(!this.follow), { id: 'follow', title: 'Follow: keep the newest events in view while the simulation runs', pressed: this.follow });
    const tabs = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } });
    for (const [t, label] of [['events', 'Events'], ['lanes', 'Lanes'], ['topology', 'Topology']] as const) {
      const b = h('button', { class: 'tab', text: label, id: `tab-${t}`, attrs: { role: 'tab', type: 'button', 'aria-controls': `panel-${t}` } });
      b.addEventListener('click', () => this.setTab(t));
      b.addEventListener('keydown', (ev) => this.onTabKey(ev));
      tabs.append(b);
      this.tabBtns.set(t, b);
    }
    const exports = h('div', { class: 'exports', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { class: 'label', text: 'Export' }));
    for (const [f, label] of [['pcapng', 'pcapng'], ['jsonl', 'JSONL'], ['html', 'HTML report']] as const) {
      const b = button(label, () => channel.post({ type: 'export', format: f }), { id: `export-${f}`, title: `Export the trace as ${label}` });
      this.exportBtns.set(f, b);
      exports.append(b);
    }
    const toolbar = h('header', { class: 'toolbar' }, this.titleEl, this.statusEl, this.stopBtn, h('span', { class: 'spacer' }), tabs,
      button('◀ Violation', () => this.findViolation(-1), { id: 'prev-violation', title: 'Previous violation or bug check' }),
      button('Violation ▶', () => this.findViolation(1), { id: 'next-violation', title: 'Next violation or bug check (n)' }),
      this.followBtn, exports);

    this.filters = new FilterBar(this.filter, (f) => {
      this.filter = f;
      this.applyFilter();
    }, this.countEl);

    this.banner = h('section', { class: 'banner bugcheck', id: 'bugcheck-banner', attrs: { role: 'alert' } });
    this.banner.hidden = true;
    this.budgetBanner = h('section', { class: 'banner budget', id: 'budget-banner', attrs: { role: 'alert' } });
    this.budgetBanner.hidden = true;
    this.journeyEl = h('section', { class: 'journey', id: 'journey', attrs: { 'aria-label': 'NBL journey' } });
    this.journeyEl.hidden = true;

    // views
    const main = h('main', { class: 'main' });
    const viewsEl = h('div', { class: 'views' });
    for (const t of ['events', 'lanes', 'topology'] as const) {
      const p = h('div', { class: `panel panel-${t}`, id: `panel-${t}`, attrs: { role: 'tabpanel', 'aria-labelledby': `tab-${t}` } });
      this.panels.set(t, p);
      viewsEl.append(p);
    }
    main.append(viewsEl);
    root.append(toolbar, this.filters.element, this.banner, this.budgetBanner, this.journeyEl, main);
    this.table = new EventTable(this.panels.get('events')!, this);
    this.lanes = new LanesView(this.panels.get('lanes')!, this);
    this.topoEl = h('div', { class: 'topology-body', attrs: { 'aria-label': 'Stack topology' } });
    this.topoModeEnd = h('input', { id: 'topo-end', attrs: { type: 'radio', name: 'topo-mode' } });
    this.topoModeSel = h('input', { id: 'topo-selected', attrs: { type: 'radio', name: 'topo-mode' } });
    this.topoModeSel.checked = true;
    for (const r of [this.topoModeEnd, this.topoModeSel]) r.addEventListener('change', () => {
      this.topologyMode = this.topoModeSel.checked ? 'selected' : 'end';
      this.requestTopology();
    });
    this.topoCaption = h('span', { class: 'topo-caption', attrs: { 'aria-live': 'polite' } });
    this.panels.get('topology')!.append(h('div', { class: 'topology' },
      h('div', { class: 'topo-bar', attrs: { role: 'radiogroup', 'aria-label': 'Topology at' } },
        h('label', { attrs: { for: 'topo-selected' } }, this.topoModeSel, ' at the selected event'),
        h('label', { attrs: { for: 'topo-end' } }, this.topoModeEnd, ' at the end of the trace'),
        this.topoCaption),
      this.topoEl));
    renderTopology(this.topoEl, undefined);
    this.details = new DetailsPane(main, {
      canOpenSource: this.canOpenSource,
      openSource: (e) => this.openSource(e),
      followNbl: (n) => this.followNbl(n),
      requestFrame: (i) => channel.post({ type: 'getFrame', requestId: this.nextRequest++, i }),
    });
    for (const list of [this.table.list, this.lanes.list]) {
      list.scroller.addEventListener('scroll', () => {
        if (performance.now() - this.autoScrollAt > 150 && this.follow && !list.atEnd() && this.isRunning()) this.setFollow(false);
        this.saveStateSoon();
      }, { passive: true });
    }
    this.setTab(this.tab, false);
    this.renderToolbar();
  }

  start(): void {
    this.channel.onMessage((m) => this.onMessage(m));
    this.channel.post({ type: 'ready' });
  }

  // ------------------------------------------------------------ messages

  private onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'init':
        this.meta = m.meta;
        this.bugcheck = m.bugcheck;
        this.renderMeta();
        this.renderBanner();
        this.applyFilter();
        if (this.followedNbl !== undefined) this.followNbl(this.followedNbl);
        break;
      case 'meta':
        this.meta = m.meta;
        this.renderMeta();
        break;
      case 'view':
        if (m.viewId !== this.viewId) return;
        this.cache.rows = m.rows;
        this.viewDone = m.done;
        this.setRowCount(m.rows);
        if (m.done) this.afterViewDone();
        break;
      case 'window':
        this.cache.onWindow(m);
        break;
      case 'grew':
        this.meta = m.meta;
        this.renderMeta();
        if (m.viewId === this.viewId) {
          this.cache.onGrew(m);
          this.setRowCount(m.rows);
          if (this.follow) this.scrollToEnd();
          this.activeList()?.refreshSoon();
        }
        break;
      case 'frame':
        this.details.onFrame(m.i, m.frame, m.reason);
        break;
      case 'found':
        this.pending.get(m.requestId)?.(m);
        this.pending.delete(m.requestId);
        break;
      case 'journey':
        if (m.nbl === this.followedNbl) {
          this.journey = [...m.events];
          this.renderJourney(m.truncated);
        }
        break;
      case 'topology':
        if (m.requestId === 0 ? this.topologyMode === 'selected' : m.requestId !== this.topologyRequest) return;
        this.topology = m.topology;
        this.topologyAt = m.at;
        if (this.tab === 'topology') this.renderTopologyView();
        break;
      case 'bugcheck':
        this.bugcheck = m.event;
        this.renderBanner();
        break;
      case 'notice':
        this.notice(m.message, m.level);
        break;
    }
  }

  private isRunning(): boolean {
    return this.meta?.run?.running === true;
  }

  private setRowCount(rows: number): void {
    this.table.setCount(rows);
    this.lanes.setCount(rows);
    this.renderCount();
  }

  private renderCount(): void {
    const total = this.meta?.total ?? 0;
    const rows = this.cache.rows;
    const filtered = !isEmptyFilter(this.filter);
    this.countEl.textContent = filtered ? `${formatCount(rows)} of ${formatCount(total)} events${this.viewDone ? '' : ' (filtering…)'}` : `${formatCount(total)} events`;
  }

  private afterViewDone(): void {
    if (this.restoreSelectI !== undefined) {
      const i = this.restoreSelectI;
      this.restoreSelectI = undefined;
      this.goToEvent(i, 'center', false);
    } else if (this.restoreTopRow !== undefined) {
      const row = this.restoreTopRow;
      this.restoreTopRow = undefined;
      this.activeList()?.scrollToRow(row, 'start');
    } else if (this.selectedI !== undefined) {
      this.goToEvent(this.selectedI, 'center', false);
    } else if (this.follow && this.isRunning()) this.scrollToEnd();
  }

  private onRowsArrived(): void {
    this.table.list.refreshSoon();
    this.lanes.list.refreshSoon();
    if (this.selectedRow >= 0 && (!this.details.current || this.details.current.i !== this.selectedI)) {
      const e = this.cache.get(this.selectedRow);
      if (e) {
        this.selectedI = e.i;
        this.details.show(e);
      }
    }
  }

  // ------------------------------------------------------------ rendering

  private renderMeta(): void {
    const meta = this.meta;
    if (!meta) return;
    this.titleEl.textContent = meta.title;
    document.title = meta.title;
    this.lanes.setComponents(meta.components);
    this.filters.setOptions(meta);
    this.renderToolbar();
    this.renderCount();
    if (meta.run?.budget) {
      this.budgetBanner.hidden = false;
      this.budgetBanner.replaceChildren(h('strong', { text: 'Stopped by its budget. ' }), meta.run.budget,
        ' The scenario never stopped on its own: give it a stop.at or stop.events, or raise limits (maxEvents, maxVirtualTime, maxWallTime).');
    } else this.budgetBanner.hidden = true;
  }

  private renderToolbar(): void {
    const meta = this.meta;
    const run = meta?.run;
    this.stopBtn.hidden = !run?.running;
    this.followBtn.hidden = !run; // following only means something for a run
    this.followBtn.setAttribute('aria-pressed', String(this.follow));
    this.followBtn.classList.toggle('on', this.follow);
    for (const [f, b] of this.exportBtns) {
      const ok = meta?.exports.includes(f as never) ?? false;
      b.hidden = !ok;
      b.disabled = !!run?.running && f !== 'jsonl';
    }
    const counts = meta?.counts ?? {};
    const v = counts.violation ?? 0;
    let status: string;
    if (!meta) status = 'Loading…';
    else if (run?.running) status = `Running… ${formatCount(meta.total)} events`;
    else if (run) status = run.message ?? (run.exitCode === 0 ? 'clean' : 'failed');
    else status = `${meta.origin === 'report' ? 'report' : 'trace file'}`;
    const counted = v && !(run && !run.running && /violation/.test(status)); // a finished run's message already says so
    this.statusEl.textContent = `${status}${counted ? ` · ${v} violation${v === 1 ? '' : 's'}` : ''}${meta?.truncatedAt ? ` · viewer shows the first ${formatCount(meta.truncatedAt)} events` : ''}`;
    this.statusEl.classList.toggle('running', !!run?.running);
    this.statusEl.classList.toggle('failed', !!run && !run.running && (run.exitCode ?? 0) !== 0);
  }

  private renderBanner(): void {
    const b = this.bugcheck;
    if (!b) {
      this.banner.hidden = true;
      return;
    }
    this.banner.hidden = false;
    const stack = h('ol', { class: 'stack', attrs: { 'aria-label': 'Driver call stack, innermost first' } }, ...(b.stack ?? []).map((f) => h('li', { text: f })));
    this.banner.replaceChildren(
      h('div', { class: 'bc-head' },
        h('strong', { text: `BUG CHECK ${b.code ?? ''} BUGCODE_NDIS_DRIVER` }),
        h('span', { class: 'bc-params', text: ` (${(b.params ?? []).join(', ')}) on ${b.host}` }),
        button('Go to event', () => this.goToEvent(b.i, 'center', true), { id: 'bugcheck-goto', title: 'Select the bug check event' })),
      h('div', { class: 'bc-reason' }, h('code', { text: b.name ?? '' }), `: ${b.reason ?? ''}`),
      stack,
    );
  }

  private renderJourney(truncated: boolean): void {
    const n = this.followedNbl;
    if (n === undefined) {
      this.journeyEl.hidden = true;
      return;
    }
    this.journeyEl.hidden = false;
    const hops = h('ol', { class: 'hops', attrs: { 'aria-label': `Events of NBL ${n}` } });
    this.journey.forEach((e, k) => {
      const label = e.kind === 'packet' ? `${e.hop} ${e.from} → ${e.to}` : `${whatText(e)}`;
      const chip = button(label, () => {
        this.journeyAt = k;
        this.goToEvent(e.i, 'center', true);
      }, { class: `chip k-${e.kind}${k === this.journeyAt ? ' current' : ''}`, title: `#${e.seq} ${e.host}: ${label}` });
      hops.append(h('li', {}, chip));
    });
    this.journeyEl.replaceChildren(
      h('div', { class: 'journey-head' },
        h('strong', { text: `NBL #${n}` }), ` · ${this.journey.length}${truncated ? '+' : ''} events across ${new Set(this.journey.map((e) => `${e.host}|${e.component}`)).size} components `,
        button('◀ hop', () => this.stepJourney(-1), { id: 'journey-prev', title: 'Previous event of this NBL' }),
        button('hop ▶', () => this.stepJourney(1), { id: 'journey-next', title: 'Next event of this NBL' }),
        button('Only this NBL', () => this.filters.onlyNbl(n), { id: 'journey-only', title: 'Filter the view to this NBL' }),
        button('✕', () => this.followNbl(undefined), { id: 'journey-close', title: 'Stop following this NBL' })),
      hops,
    );
  }

  // ------------------------------------------------------------ actions

  private activeList(): EventTable['list'] | undefined {
    return this.tab === 'events' ? this.table.list : this.tab === 'lanes' ? this.lanes.list : undefined;
  }

  private activeElement(): HTMLElement | undefined {
    return this.tab === 'events' ? this.table.element : this.tab === 'lanes' ? this.lanes.element : undefined;
  }

  private setTab(t: Tab, focus = true): void {
    this.tab = t;
    for (const [k, b] of this.tabBtns) {
      b.setAttribute('aria-selected', String(k === t));
      b.tabIndex = k === t ? 0 : -1;
      this.panels.get(k)!.hidden = k !== t;
    }
    if (t === 'topology') {
      this.requestTopology();
      this.renderTopologyView();
    } else {
      const list = this.activeList()!;
      list.refresh();
      if (this.selectedRow >= 0) list.scrollToRow(this.selectedRow, 'center');
      else if (this.follow && this.isRunning()) this.scrollToEnd();
    }
    if (focus) this.tabBtns.get(t)!.focus();
    this.saveStateSoon();
  }

  private requestTopology(): void {
    this.topologyRequest = this.nextRequest++;
    const at = this.topologyMode === 'selected' ? this.selectedI ?? 'running' : undefined;
    this.channel.post({ type: 'getTopology', requestId: this.topologyRequest, ...(at !== undefined ? { at } : {}) });
  }

  private renderTopologyView(): void {
    renderTopology(this.topoEl, this.topology);
    const e = this.selectedI !== undefined ? this.cache.get(this.selectedRow) : undefined;
    this.topoCaption.textContent = this.topologyAt !== undefined
      ? this.selectedI === undefined
        ? `after event #${this.topologyAt + 1}, when the most was up (select an event to see the stack at that moment)`
        : `after event #${e && e.i === this.topologyAt ? e.seq : this.topologyAt + 1}`
      : this.topologyMode === 'selected' ? '(the end of the trace)' : '';
  }

  private onTabKey(ev: KeyboardEvent): void {
    const order: Tab[] = ['events', 'lanes', 'topology'];
    const k = order.indexOf(this.tab);
    if (ev.key === 'ArrowRight') this.setTab(order[(k + 1) % 3]!);
    else if (ev.key === 'ArrowLeft') this.setTab(order[(k + 2) % 3]!);
    else return;
    ev.preventDefault();
  }

  private setFollow(on: boolean): void {
    this.follow = on;
    this.renderToolbar();
    if (on) this.scrollToEnd();
    this.saveStateSoon();
  }

  private scrollToEnd(): void {
    const list = this.activeList();
    if (!list) return;
    this.autoScrollAt = performance.now();
    list.scrollToEnd();
  }

  select(row: number, opts: { focus?: boolean; scroll?: 'nearest' | 'center' } = {}): void {
    const rows = this.cache.rows;
    if (rows === 0) return;
    const r = Math.max(0, Math.min(rows - 1, row));
    this.selectedRow = r;
    const e = this.cache.get(r);
    this.selectedI = e?.i;
    const list = this.activeList();
    list?.scrollToRow(r, opts.scroll ?? 'nearest');
    this.table.list.refresh();
    this.lanes.list.refresh();
    if (e) this.details.show(e);
    if (this.tab === 'topology' && this.topologyMode === 'selected') this.requestTopology();
    const el = this.activeElement();
    if (el) {
      el.setAttribute('aria-activedescendant', this.tab === 'events' ? `ev-row-${r}` : `lane-row-${r}`);
      if (opts.focus) el.focus({ preventScroll: true });
    }
    this.saveStateSoon();
  }

  onListKey(ev: KeyboardEvent, visibleRows: number): void {
    const r = this.selectedRow;
    const last = this.cache.rows - 1;
    let target: number | undefined;
    switch (ev.key) {
      case 'ArrowDown': target = r + 1; break;
      case 'ArrowUp': target = Math.max(0, r - 1); break;
      case 'PageDown': target = r + visibleRows; break;
      case 'PageUp': target = Math.max(0, r - visibleRows); break;
      case 'Home': target = 0; break;
      case 'End': target = last; break;
      case 'Enter': {
        const e = this.cache.get(r);
        if (e?.source) this.openSource(e);
        else this.details.element.focus();
        ev.preventDefault();
        return;
      }
      case 'f': {
        const e = this.cache.get(r);
        const n = e && (typeof e.nbl === 'number' ? e.nbl : undefined);
        if (n !== undefined) this.followNbl(n);
        return;
      }
      case 'n': this.findViolation(1); return;
      case 'N': this.findViolation(-1); return;
      default: return;
    }
    ev.preventDefault();
    if (target !== undefined && last >= 0) {
      if (this.follow && target < last) this.setFollow(false);
      this.select(Math.min(last, target), { focus: true });
    }
  }

  openSource(e: WireEvent): void {
    if (!e.source || !this.canOpenSource) return;
    this.channel.post({ type: 'openSource', file: e.source.file, line: e.source.line });
  }

  private request<T extends FoundMessage>(send: (requestId: number) => void): Promise<T> {
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      this.pending.set(id, (m) => resolve(m as T));
      send(id);
    });
  }

  private async findViolation(direction: 1 | -1): Promise<void> {
    const fromRow = this.selectedRow >= 0 ? this.selectedRow : direction === 1 ? -1 : this.cache.rows;
    let m = await this.request((requestId) => this.channel.post({ type: 'find', requestId, viewId: this.viewId, fromRow, direction, kind: 'violation' }));
    if (m.row < 0) m = await this.request((requestId) => this.channel.post({ type: 'find', requestId, viewId: this.viewId, fromRow, direction, kind: 'bugcheck' }));
    if (m.row < 0) {
      this.notice(`No ${direction === 1 ? 'later' : 'earlier'} violation or bug check${isEmptyFilter(this.filter) ? '' : ' in this filtered view'}.`);
      return;
    }
    if (this.follow) this.setFollow(false);
    this.select(m.row, { focus: true, scroll: 'center' });
  }

  /** Selects event `i` in the current view (when it is in it; `focus`: the user asked, so say when it is not). */
  private async goToEvent(i: number, scroll: 'nearest' | 'center', focus: boolean): Promise<void> {
    const m = await this.request((requestId) => this.channel.post({ type: 'rowOf', requestId, viewId: this.viewId, i }));
    if (m.row < 0) {
      if (focus) this.notice('That event is not in the filtered view: clear the filter to see it.');
      return;
    }
    if (this.follow && this.isRunning()) this.setFollow(false);
    this.select(m.row, { scroll, focus });
  }

  followNbl(n: number | undefined): void {
    this.followedNbl = n;
    this.journey = [];
    this.journeyAt = -1;
    if (n === undefined) this.renderJourney(false);
    else this.channel.post({ type: 'journey', requestId: this.nextRequest++, nbl: n });
    this.table.list.refresh();
    this.lanes.list.refresh();
    this.saveStateSoon();
  }

  private stepJourney(d: 1 | -1): void {
    if (!this.journey.length) return;
    const cur = this.selectedI ?? -1;
    let k = d === 1 ? this.journey.findIndex((e) => e.i > cur) : this.journey.map((e) => e.i < cur).lastIndexOf(true);
    if (k < 0) k = d === 1 ? this.journey.length - 1 : 0;
    this.journeyAt = k;
    this.renderJourney(false);
    void this.goToEvent(this.journey[k]!.i, 'center', true);
  }

  // ------------------------------------------------------------ filters

  private applyFilter(): void {
    this.viewId++;
    this.viewDone = false;
    this.cache.reset(this.viewId);
    this.selectedRow = -1;
    this.setRowCount(0);
    this.channel.post({ type: 'setFilter', viewId: this.viewId, filter: this.filter });
    this.saveStateSoon();
  }

  // ------------------------------------------------------------ misc

  private notice(message: string, level: 'info' | 'error' = 'info'): void {
    const el = h('span', { class: `notice ${level}`, text: message });
    this.statusEl.nextElementSibling?.classList.contains('notice') && this.statusEl.nextElementSibling.remove();
    this.statusEl.after(el);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => el.remove(), 6000);
  }

  private saveStateSoon(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = window.setTimeout(() => {
      const meta = this.meta;
      const s: TraceViewState = {
        ...(meta?.traceFile ? { traceFile: meta.traceFile } : {}),
        ...(meta?.pcapngFile ? { pcapngFile: meta.pcapngFile } : {}),
        ...(meta ? { title: meta.title } : {}),
        tab: this.tab,
        filter: this.filter,
        follow: this.follow,
        ...(this.selectedI !== undefined ? { selected: this.selectedI } : {}),
        ...(this.activeList() ? { topRow: this.activeList()!.firstRow } : {}),
        ...(this.followedNbl !== undefined ? { nbl: this.followedNbl } : {}),
      };
      this.channel.setState(s);
    }, 200);
  }
}
