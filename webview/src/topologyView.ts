/**
 * The topology view: per host, what !ndiskd.netreport shows — the drivers and what they
 * registered, and for every adapter its stack from the protocols bound on top, through the filter
 * modules, to the miniport (ifIndex, NET_LUID, state) and the wire plugged into its NIC; then the
 * interfaces registered by providers and the NET_LUID indexes allocated.
 */
import type { Topology, TopologyAdapter, TopologyHost } from '../../common/src/traceProtocol';
import { h } from './dom';

function stateClass(state: string): string {
  return /^(Running|registered|loaded|up|connected|plugged)$/.test(state) ? 'ok' : /^(failed|Halted|Detached|Unbound|unloaded|off|not-registered)$/.test(state) ? 'down' : 'mid';
}

function box(kind: string, title: string, state: string, lines: string[], label: string): HTMLElement {
  return h('div', { class: `tbox tbox-${kind.split(' ')[0]}`, attrs: { role: 'group', 'aria-label': `${label}, ${state}` } },
    h('div', { class: 'tbox-kind', text: kind }),
    h('div', { class: 'tbox-title', text: title }),
    ...lines.map((l) => h('div', { class: 'tbox-line', text: l })),
    h('div', { class: `tbox-state ${stateClass(state)}`, text: state }));
}

function adapterStack(a: TopologyAdapter): HTMLElement {
  const col = h('div', { class: 'tstack', attrs: { role: 'list', 'aria-label': `stack of adapter ${a.name}` } });
  const item = (el: HTMLElement): void => {
    col.append(h('div', { class: 'tstack-item', attrs: { role: 'listitem' } }, el));
  };
  if (a.bindings.length) {
    const row = h('div', { class: 'tbindings' });
    for (const b of a.bindings) row.append(box('protocol', b.protocol, b.state, [`binding ${b.protocol}@${a.name}`], `protocol ${b.protocol} bound to ${a.name}`));
    item(row);
  }
  for (const f of [...a.filters].reverse()) {
    item(box('filter module', f.name, f.state, [`driver ${f.driver}`, ...(f.ifIndex !== undefined ? [`ifIndex ${f.ifIndex}`] : [])], `filter module ${f.name}`));
  }
  item(box(a.virtual ? 'miniport (IM virtual)' : 'miniport', a.name, a.state, [
    ...(a.driver ? [`driver ${a.driver}`] : []),
    ...(a.ifIndex !== undefined ? [`ifIndex ${a.ifIndex}`] : []),
    ...(a.netLuid ? [`NET_LUID ${a.netLuid}`] : []),
  ], `adapter ${a.name}`));
  for (const w of a.wires) col.append(h('div', { class: 'twire', text: `wire ${w}`, attrs: { role: 'listitem' } }));
  return col;
}

function table(caption: string, head: string[], rows: string[][]): HTMLElement {
  return h('table', { class: 'ttable' },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { text: c, attrs: { scope: 'col' } })))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', { text: c }))))));
}

function hostCard(host: TopologyHost): HTMLElement {
  const card = h('section', { class: 'thost', attrs: { 'aria-label': `host ${host.name}` } },
    h('h2', {}, `${host.name} `, h('span', { class: `tbox-state ${stateClass(host.state)}`, text: host.state })));
  card.append(h('div', { class: 'tdrivers' }, ...host.drivers.map((d) => h('span', { class: 'tdriver', title: `driver ${d.name}: ${d.state}` },
    h('strong', { text: d.name }), ` ${d.kinds.join(' + ') || 'driver'} · `, h('span', { class: `tbox-state ${stateClass(d.state)}`, text: d.state })))));
  card.append(h('div', { class: 'tstacks' }, ...host.adapters.map(adapterStack)));
  if (host.interfaces.length) {
    card.append(table('Interfaces (NdisIfRegisterInterface)', ['ifIndex', 'name', 'NET_LUID', 'provider', 'state'],
      host.interfaces.map((i) => [String(i.ifIndex), i.name ?? '', i.netLuid ?? '', i.provider, i.state])));
  }
  if (host.netLuidIndexes.length) {
    card.append(table('NET_LUID indexes (NdisIfAllocateNetLuidIndex)', ['driver', 'ifType', 'index'],
      host.netLuidIndexes.map((n) => [n.driver, n.ifType !== undefined ? String(n.ifType) : '', String(n.index)])));
  }
  return card;
}

export function renderTopology(el: HTMLElement, t: Topology | undefined): void {
  if (!t || !t.hosts.length) {
    el.replaceChildren(h('p', { class: 'empty', text: 'No stack yet: the topology appears as drivers load and adapters start.' }));
    return;
  }
  el.replaceChildren(
    ...t.hosts.map(hostCard),
    ...(t.wires.length ? [table('Wires', ['wire', 'between'], t.wires.map((w) => [w.name, w.ends.join(' ↔ ')]))] : []),
  );
}
