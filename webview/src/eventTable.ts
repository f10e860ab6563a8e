/**
 * The event table: one row per event of the current view, virtualized (virtualList.ts), with
 * columns seq, time, host, component, kind, what, status, NBL, details and source. A grid for
 * assistive technology: role=grid, aria-rowcount, aria-rowindex, aria-selected.
 */
import type { WireEvent } from '../../common/src/traceProtocol';
import { h } from './dom';
import { describe, detailText, formatTime, nblNumber, nblText, sourceText, statusText, whatText } from './format';
import type { ViewContext } from './view';
import { VirtualList } from './virtualList';

export const ROW_HEIGHT = 22;

const COLUMNS: readonly { key: string; label: string }[] = [
  { key: 'seq', label: '#' },
  { key: 'time', label: 'time' },
  { key: 'host', label: 'host' },
  { key: 'component', label: 'component' },
  { key: 'kind', label: 'kind' },
  { key: 'what', label: 'API / what' },
  { key: 'status', label: 'status' },
  { key: 'nbl', label: 'NBL' },
  { key: 'details', label: 'details' },
  { key: 'source', label: 'source' },
];

function cellValues(e: WireEvent): string[] {
  return [String(e.seq), formatTime(e.t), e.host, e.component, e.kind, whatText(e), statusText(e), nblText(e), detailText(e), sourceText(e)];
}

export class EventTable {
  readonly list: VirtualList;
  readonly element: HTMLElement;

  constructor(parent: HTMLElement, private readonly ctx: ViewContext) {
    const header = h('div', { class: 'trow thead', attrs: { role: 'row', 'aria-rowindex': '1' } }, ...COLUMNS.map((c) => h('span', { class: `c c-${c.key}`, text: c.label, attrs: { role: 'columnheader' } })));
    this.list = new VirtualList(parent, {
      rowHeight: ROW_HEIGHT,
      header,
      createRow: () => {
        const row = h('div', { class: 'trow', attrs: { role: 'row' } }, ...COLUMNS.map((c) => h('span', { class: `c c-${c.key}`, attrs: { role: 'gridcell' } })));
        row.addEventListener('click', (ev) => {
          const r = Number(row.dataset.row);
          const target = ev.target as HTMLElement;
          if (target.classList.contains('c-source') && target.classList.contains('link')) {
            const e = this.ctx.cache.get(r);
            if (e) this.ctx.openSource(e);
          }
          this.ctx.select(r, { focus: true });
        });
        row.addEventListener('dblclick', () => {
          const e = this.ctx.cache.get(Number(row.dataset.row));
          if (e?.source) this.ctx.openSource(e);
        });
        return row;
      },
      renderRow: (el, row) => this.renderRow(el, row),
      onRange: (first, last) => this.ctx.cache.want(first, last),
    }, 'vlist events-grid');
    this.element = this.list.scroller;
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'grid');
    this.element.setAttribute('aria-label', 'Trace events');
    this.element.addEventListener('keydown', (ev) => this.ctx.onListKey(ev, this.list.visibleRows));
  }

  private renderRow(el: HTMLElement, row: number): void {
    const e = this.ctx.cache.get(row);
    el.dataset.row = String(row);
    el.id = `ev-row-${row}`;
    el.setAttribute('aria-rowindex', String(row + 2));
    const selected = row === this.ctx.selectedRow;
    el.setAttribute('aria-selected', String(selected));
    const cells = el.children;
    if (!e) {
      el.className = 'trow loading';
      el.removeAttribute('aria-label');
      delete el.dataset.seq;
      delete el.dataset.i;
      for (let k = 0; k < cells.length; k++) cells[k]!.textContent = k === 0 ? '…' : '';
      return;
    }
    const followed = this.ctx.followedNbl !== undefined && nblNumber(e) === this.ctx.followedNbl;
    el.className = `trow k-${e.kind}${selected ? ' selected' : ''}${followed ? ' followed' : ''}${e.kind === 'log' && e.level ? ` lvl-${e.level}` : ''}`;
    el.dataset.i = String(e.i);
    el.dataset.seq = String(e.seq);
    el.setAttribute('aria-label', describe(e));
    const values = cellValues(e);
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k] as HTMLElement;
      c.textContent = values[k]!;
      if (k === values.length - 1) {
        c.className = `c c-source${e.source && this.ctx.canOpenSource ? ' link' : ''}`;
        c.title = e.source ? `${e.source.file}:${e.source.line}` : '';
      } else if (k === 8 || k === 6 || k === 5) c.title = k === 6 ? e.status ?? String(e.out?.status ?? '') : values[k]!;
    }
  }

  setCount(n: number): void {
    this.list.setCount(n);
    this.element.setAttribute('aria-rowcount', String(n + 1));
  }
}
