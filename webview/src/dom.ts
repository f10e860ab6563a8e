/** A small element builder: the viewer builds its DOM in code (no innerHTML, so no injection). */

export interface Props {
  readonly class?: string;
  readonly text?: string;
  readonly id?: string;
  readonly title?: string;
  /** Attributes (aria-*, role, data-*, type...). */
  readonly attrs?: Readonly<Record<string, string>>;
  readonly on?: { readonly [E in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[E]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.title) el.title = props.title;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  for (const [k, fn] of Object.entries(props.on ?? {})) el.addEventListener(k, fn as EventListener);
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** A button with an accessible label. */
export function button(label: string, onClick: () => void, opts: { class?: string; title?: string; id?: string; pressed?: boolean } = {}): HTMLButtonElement {
  const b = h('button', { class: opts.class ?? 'btn', text: label, ...(opts.title ? { title: opts.title } : {}), ...(opts.id ? { id: opts.id } : {}), attrs: { type: 'button', ...(opts.title ? { 'aria-label': opts.title } : {}) } });
  if (opts.pressed !== undefined) b.setAttribute('aria-pressed', String(opts.pressed));
  b.addEventListener('click', onClick);
  return b;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}
