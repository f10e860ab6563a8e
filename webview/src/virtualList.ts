/**
 * A virtual list of fixed-height rows: only the rows on screen (plus a few) exist in the DOM and
 * are reused as it scrolls. Past a few million pixels the scroll range is scaled (browsers cap
 * element heights), so a million rows scroll like a hundred. Row placement uses transforms set
 * through the CSSOM, which a strict CSP allows.
 */

const MAX_SCROLL_PX = 4_000_000;
const OVERSCAN = 4;

export interface VirtualListOptions {
  readonly rowHeight: number;
  /** A new, empty row element (reused for many rows). */
  createRow(): HTMLElement;
  /** Fill `el` for `row`. */
  renderRow(el: HTMLElement, row: number): void;
  /** The rows on screen changed (request their data). */
  onRange?(first: number, last: number): void;
  /** A header kept on top (position: sticky) that scrolls sideways with the rows. */
  readonly header?: HTMLElement;
}

export class VirtualList {
  readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private count = 0;
  private first = 0;
  private lastRendered = -1;
  private frame = 0;

  constructor(parent: HTMLElement, private readonly opts: VirtualListOptions, className = 'vlist') {
    this.scroller = document.createElement('div');
    this.scroller.className = className;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.layer = document.createElement('div');
    this.layer.className = 'vlist-layer';
    this.spacer.append(this.layer);
    if (opts.header) this.scroller.append(opts.header);
    this.scroller.append(this.spacer);
    parent.append(this.scroller);
    this.scroller.addEventListener('scroll', () => this.render(), { passive: true });
    new ResizeObserver(() => this.render()).observe(this.scroller);
  }

  get rowCount(): number {
    return this.count;
  }

  setCount(n: number): void {
    if (n === this.count) return;
    this.count = n;
    this.spacer.style.height = `${Math.min(n * this.opts.rowHeight, MAX_SCROLL_PX)}px`;
    this.render();
  }

  private get viewport(): number {
    return Math.max(1, this.scroller.clientHeight - (this.opts.header?.offsetHeight ?? 0));
  }

  /** Rows fully on screen. */
  get visibleRows(): number {
    return Math.max(1, Math.floor(this.viewport / this.opts.rowHeight));
  }

  private get scale(): number {
    const total = this.count * this.opts.rowHeight;
    if (total <= MAX_SCROLL_PX) return 1;
    return (total - this.viewport) / Math.max(1, MAX_SCROLL_PX - this.viewport);
  }

  /** First row (partly) on screen. */
  get firstRow(): number {
    return this.first;
  }

  /** Last row (partly) on screen. */
  get lastRow(): number {
    return Math.min(this.count - 1, this.first + Math.ceil(this.viewport / this.opts.rowHeight));
  }

  /** Scrolls so that `row` is on screen: 'start', 'end', or 'nearest' (no scroll when it is). */
  scrollToRow(row: number, align: 'start' | 'end' | 'nearest' | 'center' = 'nearest'): void {
    const rh = this.opts.rowHeight;
    const vy = (pos: number): number => pos / this.scale;
    const top = row * rh;
    const current = this.scroller.scrollTop * this.scale;
    let target: number | undefined;
    if (align === 'start') target = top;
    else if (align === 'end') target = top + rh - this.viewport;
    else if (align === 'center') target = top - (this.viewport - rh) / 2;
    else if (top < current) target = top;
    else if (top + rh > current + this.viewport) target = top + rh - this.viewport;
    if (target !== undefined) this.scroller.scrollTop = Math.max(0, vy(target));
    this.render();
  }

  /** Scrolls to the last row. */
  scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.render();
  }

  /** Is the view scrolled to (about) its end? */
  atEnd(): boolean {
    return this.count === 0 || this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - this.opts.rowHeight;
  }

  /** Content width (for rows wider than the viewport: the lanes). */
  setWidth(px: number): void {
    this.spacer.style.minWidth = `${px}px`;
    if (this.opts.header) this.opts.header.style.minWidth = `${px}px`;
  }

  /** The spacer (the lanes paint their lines on it). */
  get content(): HTMLElement {
    return this.spacer;
  }

  /** Re-render the rows on screen (their data changed). */
  refresh(): void {
    this.lastRendered = -1;
    this.render();
  }

  /** Re-render on the next animation frame (coalesces many changes). */
  refreshSoon(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.refresh();
    });
  }

  /** The element showing `row`, if it is on screen. */
  elementOf(row: number): HTMLElement | undefined {
    const k = row - this.first;
    return k >= 0 && k < this.pool.length && this.pool[k]!.style.display !== 'none' ? this.pool[k] : undefined;
  }

  private render(): void {
    const rh = this.opts.rowHeight;
    const scrollTop = this.scroller.scrollTop;
    const vy = scrollTop * this.scale;
    const first = Math.max(0, Math.min(Math.floor(vy / rh), Math.max(0, this.count - 1)));
    const offset = vy - first * rh;
    const n = Math.min(this.count - first, Math.ceil(this.viewport / rh) + OVERSCAN);
    while (this.pool.length < n) {
      const el = this.opts.createRow();
      el.style.position = 'absolute';
      el.style.left = '0';
      el.style.right = '0';
      el.style.height = `${rh}px`;
      this.layer.append(el);
      this.pool.push(el);
    }
    const changed = first !== this.first || this.lastRendered !== first + n - 1;
    this.first = first;
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k]!;
      if (k >= n) {
        el.style.display = 'none';
        continue;
      }
      el.style.display = '';
      el.style.transform = `translateY(${Math.round(scrollTop - offset + k * rh)}px)`;
      this.opts.renderRow(el, first + k);
    }
    this.lastRendered = first + n - 1;
    if (changed || n > 0) this.opts.onRange?.(first, first + n - 1);
  }
}
