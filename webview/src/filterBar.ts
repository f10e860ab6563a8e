/**
 * The filter bar: event kinds, host, component, API, status, NBL and free text. It reads its
 * controls into a TraceFilter and reports changes (typing is debounced); the host evaluates the
 * filter (common/src/trace/traceIndex.ts compileFilter).
 */
import { TRACE_KINDS, type TraceFilter, type TraceKindName, type TraceMeta } from '../../common/src/traceProtocol';
import { button, h } from './dom';

const TYPING_MS = 250;

export function isEmptyFilter(f: TraceFilter): boolean {
  return !f.kinds?.length && !f.host && !f.component && !f.api && !f.status && f.nbl === undefined && !f.text;
}

export class FilterBar {
  readonly element: HTMLElement;
  private readonly kindBoxes = new Map<TraceKindName, HTMLInputElement>();
  private readonly hostSel: HTMLSelectElement;
  private readonly compSel: HTMLSelectElement;
  private readonly apiIn: HTMLInputElement;
  private readonly statusIn: HTMLInputElement;
  private readonly nblIn: HTMLInputElement;
  private readonly textIn: HTMLInputElement;
  private timer = 0;
  /** The filter the controls were created with (host and component are set once their options exist). */
  private pending: TraceFilter;

  /** `trailing`: what goes at the end of the bar (the row count). */
  constructor(initial: TraceFilter, private readonly onChange: (f: TraceFilter) => void, trailing: HTMLElement) {
    const kinds = h('div', { class: 'kinds', attrs: { role: 'group', 'aria-label': 'Event kinds' } });
    for (const k of TRACE_KINDS) {
      const box = h('input', { attrs: { type: 'checkbox', id: `kind-${k}` } });
      box.checked = !initial.kinds?.length || initial.kinds.includes(k);
      box.addEventListener('change', () => this.changed(0));
      this.kindBoxes.set(k, box);
      kinds.append(h('label', { class: `kind-toggle k-${k}`, attrs: { for: `kind-${k}` } }, box, ` ${k}`));
    }
    const labeled = (label: string, el: HTMLElement): HTMLElement => h('label', { class: 'field' }, h('span', { text: label }), el);
    this.hostSel = h('select', { id: 'filter-host', attrs: { 'aria-label': 'Host' } }, h('option', { text: 'any host', attrs: { value: '' } }));
    this.compSel = h('select', { id: 'filter-component', attrs: { 'aria-label': 'Component' } }, h('option', { text: 'any component', attrs: { value: '' } }));
    this.apiIn = h('input', { id: 'filter-api', attrs: { type: 'text', placeholder: 'API', 'aria-label': 'API, state object, hop or rule contains', size: '14' } });
    this.statusIn = h('input', { id: 'filter-status', attrs: { type: 'text', placeholder: 'status', 'aria-label': 'Status contains', size: '12' } });
    this.nblIn = h('input', { id: 'filter-nbl', attrs: { type: 'number', min: '0', placeholder: 'NBL', 'aria-label': 'NBL number', size: '5' } });
    this.textIn = h('input', { id: 'filter-text', attrs: { type: 'search', placeholder: 'text', 'aria-label': 'Text anywhere in the event', size: '18' } });
    this.apiIn.value = initial.api ?? '';
    this.statusIn.value = initial.status ?? '';
    this.nblIn.value = initial.nbl !== undefined ? String(initial.nbl) : '';
    this.textIn.value = initial.text ?? '';
    this.pending = initial;
    for (const el of [this.hostSel, this.compSel]) el.addEventListener('change', () => this.changed(0));
    for (const el of [this.apiIn, this.statusIn, this.nblIn, this.textIn]) el.addEventListener('input', () => this.changed(TYPING_MS));
    this.element = h('div', { class: 'filters', attrs: { role: 'search', 'aria-label': 'Filter events' } },
      kinds, labeled('host', this.hostSel), labeled('component', this.compSel), this.apiIn, this.statusIn, this.nblIn, this.textIn,
      button('Clear', () => this.clear(), { id: 'filter-clear', title: 'Clear every filter' }), trailing);
  }

  /** The hosts and components of the trace (the select options grow during a run). */
  setOptions(meta: TraceMeta): void {
    fill(this.hostSel, [...new Set(meta.components.map((c) => c.host))], this.hostSel.value || this.pending.host, 'any host');
    fill(this.compSel, [...new Set(meta.components.map((c) => c.component))].sort(), this.compSel.value || this.pending.component, 'any component');
  }

  read(): TraceFilter {
    const kinds = TRACE_KINDS.filter((k) => this.kindBoxes.get(k)!.checked);
    const nbl = this.nblIn.value.trim() === '' ? undefined : Number(this.nblIn.value);
    return {
      ...(kinds.length < TRACE_KINDS.length ? { kinds } : {}),
      ...(this.hostSel.value || this.pending.host ? { host: this.hostSel.value || this.pending.host! } : {}),
      ...(this.compSel.value || this.pending.component ? { component: this.compSel.value || this.pending.component! } : {}),
      ...(this.apiIn.value.trim() ? { api: this.apiIn.value.trim() } : {}),
      ...(this.statusIn.value.trim() ? { status: this.statusIn.value.trim() } : {}),
      ...(nbl !== undefined && Number.isInteger(nbl) ? { nbl } : {}),
      ...(this.textIn.value.trim() ? { text: this.textIn.value.trim() } : {}),
    };
  }

  /** Shows only NBL `n`. */
  onlyNbl(n: number): void {
    this.nblIn.value = String(n);
    this.changed(0);
  }

  clear(): void {
    for (const b of this.kindBoxes.values()) b.checked = true;
    this.hostSel.value = '';
    this.compSel.value = '';
    this.pending = {};
    for (const el of [this.apiIn, this.statusIn, this.nblIn, this.textIn]) el.value = '';
    this.changed(0);
  }

  private changed(delay: number): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.pending = {};
      this.onChange(this.read());
    }, delay);
  }
}

/** Replaces a select's options when they changed, keeping the selection. */
function fill(sel: HTMLSelectElement, values: string[], selected: string | undefined, anyLabel: string): void {
  if (sel.options.length === values.length + 1 && values.every((v, k) => sel.options[k + 1]!.value === v)) return;
  sel.replaceChildren(h('option', { text: anyLabel, attrs: { value: '' } }), ...values.map((v) => h('option', { text: v, attrs: { value: v } })));
  sel.value = selected && values.includes(selected) ? selected : '';
}
