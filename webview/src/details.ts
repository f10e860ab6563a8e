/**
 * The details pane: every field of the selected event, its source link, and for a packet hop the
 * frame decoded layer by layer (simulator/src/packets) beside a hex dump. The two are linked both
 * ways: choosing a layer highlights its bytes, clicking a byte chooses the layer it belongs to.
 */
import { decodeFrame } from '../../simulator/src/packets/decode';
import type { Layer } from '../../simulator/src/packets/layer';
import type { WireEvent } from '../../common/src/traceProtocol';
import { button, h } from './dom';
import { formatTime, nblNumber } from './format';

const MAX_HEX = 4096;

export interface DetailsHost {
  readonly canOpenSource: boolean;
  openSource(e: WireEvent): void;
  followNbl(nbl: number): void;
  requestFrame(i: number): void;
}

interface Region {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

export class DetailsPane {
  readonly element: HTMLElement;
  private event: WireEvent | undefined;
  private regions: Region[] = [];
  private hexBytes: HTMLElement[] = [];
  private layerEls: HTMLElement[] = [];

  constructor(parent: HTMLElement, private readonly host: DetailsHost) {
    this.element = h('aside', { class: 'details', attrs: { 'aria-label': 'Event details', tabindex: '-1' } });
    parent.append(this.element);
    this.show(undefined);
  }

  get current(): WireEvent | undefined {
    return this.event;
  }

  show(e: WireEvent | undefined): void {
    if (e && this.event && e.i === this.event.i) return;
    this.event = e;
    this.regions = [];
    this.hexBytes = [];
    this.layerEls = [];
    if (!e) {
      this.element.replaceChildren(h('p', { class: 'empty', text: 'Select an event to see its fields; a packet hop shows its decoded frame and bytes.' }));
      return;
    }
    const fields = h('dl', { class: 'fields' });
    for (const [k, v] of Object.entries(e)) {
      if (k === 'i' || v === undefined) continue;
      fields.append(h('dt', { text: k }), h('dd', { text: typeof v === 'string' ? v : JSON.stringify(v) }));
    }
    const actions = h('div', { class: 'detail-actions' });
    if (e.source) {
      const where = `${e.source.file}:${e.source.line}`;
      actions.append(this.host.canOpenSource
        ? button(`Open ${where.split(/[\\/]/).pop()}`, () => this.host.openSource(e), { class: 'btn link-btn', title: `Open ${where} in the editor`, id: 'open-source' })
        : h('span', { class: 'source-text', text: where }));
    }
    const nbl = nblNumber(e);
    if (nbl !== undefined) actions.append(button(`Follow NBL #${nbl}`, () => this.host.followNbl(nbl), { id: 'follow-nbl', title: `Highlight the journey of NBL ${nbl} across the layers` }));
    const children: HTMLElement[] = [
      h('h2', { class: 'detail-title', text: `#${e.seq} ${e.kind} · ${formatTime(e.t)} · ${e.host}` }),
      actions,
      fields,
    ];
    if (e.kind === 'packet') {
      const packet = h('section', { class: 'packet', attrs: { 'aria-label': 'Packet' } }, h('p', { class: 'empty', text: 'Loading the frame…' }));
      children.push(packet);
      this.host.requestFrame(e.i);
    }
    this.element.replaceChildren(...children);
  }

  /** The frame of the shown packet event arrived (or why it did not). */
  onFrame(i: number, frame: Uint8Array | undefined, reason: string | undefined): void {
    if (!this.event || this.event.i !== i) return;
    const packet = this.element.querySelector('section.packet');
    if (!packet) return;
    if (!frame) {
      packet.replaceChildren(h('p', { class: 'empty', text: `No bytes: ${reason ?? 'not captured'}.` }));
      return;
    }
    const decoded = decodeFrame(frame);
    let end = 0;
    for (const l of decoded.layers) end = Math.max(end, l.offset + l.length);
    this.regions = [...decoded.layers.map((l) => ({ name: l.name, offset: l.offset, length: l.length }))];
    if (end < frame.length) this.regions.push({ name: 'payload', offset: end, length: frame.length - end });
    const layers = h('ol', { class: 'layers', attrs: { 'aria-label': 'Decoded layers' } });
    this.layerEls = this.regions.map((r, k) => {
      const layer: Layer | undefined = decoded.layers[k];
      const li = h('li', { class: 'layer', attrs: { tabindex: '0', role: 'button', 'aria-label': `${r.name} layer, bytes ${r.offset} to ${r.offset + r.length - 1}`, 'data-layer': r.name } },
        h('div', { class: 'layer-head' }, h('strong', { text: r.name }), ` ${layer ? layer.summary : `${r.length} bytes`}`, h('span', { class: 'layer-range', text: ` [${r.offset}..${r.offset + r.length - 1}]` })));
      if (layer) {
        const dl = h('dl', { class: 'layer-fields' });
        for (const [k2, v] of Object.entries(layer.fields)) dl.append(h('dt', { text: k2 }), h('dd', { text: String(v) }));
        li.append(dl);
        for (const p of layer.problems) li.append(h('div', { class: 'problem', text: p }));
      }
      li.addEventListener('click', () => this.selectRegion(k, false));
      li.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          this.selectRegion(k, false);
        }
      });
      layers.append(li);
      return li;
    });
    const hex = h('div', { class: 'hex', attrs: { role: 'table', 'aria-label': `Frame bytes (${frame.length})` } });
    const shown = Math.min(frame.length, MAX_HEX);
    this.hexBytes = [];
    for (let off = 0; off < shown; off += 16) {
      const line = h('div', { class: 'hex-line', attrs: { role: 'row' } }, h('span', { class: 'hex-off', text: off.toString(16).padStart(4, '0') }));
      const hexPart = h('span', { class: 'hex-bytes' });
      let ascii = '';
      for (let k = off; k < Math.min(off + 16, shown); k++) {
        const b = frame[k]!;
        const s = h('span', { class: 'hb', text: b.toString(16).padStart(2, '0'), attrs: { 'data-off': String(k) } });
        this.hexBytes.push(s);
        hexPart.append(s);
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      }
      line.append(hexPart, h('span', { class: 'hex-ascii', text: ascii }));
      hex.append(line);
    }
    hex.addEventListener('click', (ev) => {
      const off = Number((ev.target as HTMLElement).dataset?.off);
      if (!Number.isInteger(off)) return;
      // the innermost region holding the byte
      let best = -1;
      this.regions.forEach((r, k) => {
        if (off >= r.offset && off < r.offset + r.length) best = k;
      });
      if (best >= 0) this.selectRegion(best, true);
    });
    packet.replaceChildren(
      h('h3', { text: `Frame: ${frame.length} bytes${decoded.problems.length ? ` · ${decoded.problems.length} problem(s)` : ''}` }),
      layers,
      hex,
      ...(frame.length > MAX_HEX ? [h('p', { class: 'empty', text: `first ${MAX_HEX} bytes shown` })] : []),
    );
    if (this.regions.length) this.selectRegion(this.regions.length > 1 ? 1 : 0, false);
  }

  /** Highlights region k in both the layer list and the hex dump. */
  selectRegion(k: number, fromHex: boolean): void {
    const r = this.regions[k];
    if (!r) return;
    this.layerEls.forEach((el, j) => {
      el.classList.toggle('active', j === k);
      el.setAttribute('aria-pressed', String(j === k));
    });
    for (const b of this.hexBytes) {
      const off = Number(b.dataset.off);
      b.classList.toggle('hl', off >= r.offset && off < r.offset + r.length);
    }
    if (fromHex) this.layerEls[k]?.scrollIntoView({ block: 'nearest' });
    else this.hexBytes[r.offset]?.scrollIntoView({ block: 'nearest' });
  }
}
