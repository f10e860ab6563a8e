/**
 * Helpers the NDIS2xx rules share to turn flow events into reports: where an event is, the path
 * that leads to it (related information and SARIF code flow), and readable names.
 */
import type { RelatedLocation, Report, RuleContext } from '../rules/framework';
import type { FlowAnalysis } from './analysis';
import type { FlowEvent } from './interp';
import type { FnInfo } from './program';

/** The source text of a site's span. */
export function siteText(fa: FlowAnalysis, site: string, end: number): string {
  const fn = fa.fnOf(site);
  if (!fn) return '';
  const rel = Number(site.slice(site.lastIndexOf('@') + 1));
  return fn.text.slice(rel, end >= 0 ? end : rel).replace(/\s+/g, ' ').trim();
}

/** Where a site is, for messages: `line 12`, or `reg.c:12` when it is in another file than `from`. */
export function whereIs(fa: FlowAnalysis, site: string, from: string): string {
  const at = fa.locate(site);
  if (!at) return 'elsewhere';
  const file = fa.program.driver.getIndex().fileOf(at.uri);
  if (!file) return 'elsewhere';
  const line = file.lines.position(at.start).line + 1;
  return at.uri === from ? `line ${line}` : `${at.uri.slice(at.uri.lastIndexOf('/') + 1)}:${line}`;
}

/** A related location at a site. */
export function relatedAt(fa: FlowAnalysis, site: string, end: number | undefined, message: string): RelatedLocation[] {
  const at = fa.locate(site, end);
  return at ? [{ uri: at.uri, start: at.start, end: at.end, message }] : [];
}

/** A related location at a function's name. */
export function relatedFn(fn: FnInfo, message: string): RelatedLocation {
  return { uri: fn.uri, start: fn.fact.nameSpan.start, end: fn.fact.nameSpan.end, message };
}

/**
 * Report a flow event at its site with its path: the trace's steps, then `closing` at the
 * finding itself. The same steps go to related information and to the SARIF code flow.
 */
export function reportEvent(
  ctx: RuleContext,
  fa: FlowAnalysis,
  ev: FlowEvent,
  r: Pick<Report, 'messageId' | 'data' | 'severity'>,
  closing: string,
  extra: readonly RelatedLocation[] = [],
): void {
  const at = fa.locate(ev.site, ev.end);
  if (!at) return;
  const steps = fa.path(ev.trace, [...extra, { uri: at.uri, start: at.start, end: at.end, message: closing }]);
  ctx.report({ uri: at.uri, start: at.start, end: at.end, ...r, related: steps, flow: steps });
}

/** Human name of a static root. */
export function rootName(root: FlowAnalysis['roots'][number]): string {
  switch (root.kind) {
    case 'driver-entry':
      return 'DriverEntry';
    case 'handler':
      return `${root.fn.name} (${root.role})`;
    case 'unload':
      return `${root.fn.name} (the unload routine)`;
    default:
      return `${root.fn.name} (its address is taken, so it is an entry point)`;
  }
}

/** Related locations for a static call chain root → … → the function holding the call: the root, then each call. */
export function chainPath(chain: readonly FnInfo[], rootLabel: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  chain.forEach((fn, i) => {
    if (i === 0) {
      out.push(relatedFn(fn, `${rootLabel} starts here`));
      return;
    }
    const caller = chain[i - 1]!;
    const call = caller.cfg?.calls.find((c) => c.name === fn.name);
    out.push(call
      ? { uri: caller.uri, start: caller.start + call.s, end: caller.start + call.e, message: `${caller.name} calls ${fn.name} here` }
      : relatedFn(fn, `${caller.name} calls ${fn.name}`));
  });
  return out;
}

/** Direct calls named `names` in every function. */
export function callsNamed(fa: FlowAnalysis, names: ReadonlySet<string>): { fn: FnInfo; name: string; s: number; e: number }[] {
  const out: { fn: FnInfo; name: string; s: number; e: number }[] = [];
  for (const fn of fa.program.fns) for (const c of fn.cfg?.calls ?? []) if (names.has(c.name)) out.push({ fn, ...c });
  return out;
}

/** The name of the function called at a site. */
export function callAt(fa: FlowAnalysis, site: string): string | undefined {
  const fn = fa.fnOf(site);
  const rel = Number(site.slice(site.lastIndexOf('@') + 1));
  return fn?.cfg?.calls.find((c) => c.s === rel)?.name;
}
