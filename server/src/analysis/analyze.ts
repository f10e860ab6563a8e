/**
 * Runs the rules over a driver and turns their reports into diagnostics: severity overrides from
 * `ndis.rules`, suppression comments (and a hint for suppressions that suppress nothing),
 * de-duplication across configuration worlds, and one information diagnostic per skipped file.
 * One rule throwing never stops the others; it is logged once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NdisSettings } from '../../../common/src/settings';
import type { Driver, SourceFile } from '../model/driver';
import type { SuppressionComment } from '../model/facts';
import { RULES } from '../rules';
import { formatMessage, type Report, type Severity } from '../rules/framework';
import { analyzeFlow, type FlowAnalysis } from '../flow/analysis';
import { characteristicsObjects } from './characteristics';

export interface RelatedInfo {
  readonly uri: string;
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
  readonly message: string;
}

/** A diagnostic with 0-based positions (LSP conventions), before conversion to LSP or CLI output. */
export interface NdisDiagnostic {
  readonly uri: string;
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
  readonly severity: Severity;
  /** Rule id ("NDIS105") or a tool code ("unused-suppression", "file-skipped"). */
  readonly code: string;
  readonly message: string;
  readonly related: readonly RelatedInfo[];
  /** File URI of the rule's documentation page, when the code is a rule. */
  readonly docUri?: string;
  /** The path to the finding, step by step (whole-driver rules). */
  readonly flow?: readonly RelatedInfo[];
}

export interface AnalysisLog {
  error(message: string): void;
}

const reportedFailures = new Set<string>();

/** Analyse a driver; diagnostics grouped by file URI (every file of the driver has an entry). */
export function analyzeDriver(driver: Driver, settings: NdisSettings, log: AnalysisLog): Map<string, NdisDiagnostic[]> {
  const byUri = new Map<string, NdisDiagnostic[]>();
  for (const f of driver.files.values()) byUri.set(f.uri, []);
  const index = driver.getIndex();
  const seen = new Set<string>();

  const active = RULES.filter((r) => settings.rules[r.meta.id] !== 'off');
  const reports: { rule: (typeof RULES)[number]; report: Report }[] = [];
  const visitors = active.map((rule) => {
    try {
      return { rule, v: rule.create({ driver, report: (report) => reports.push({ rule, report }) }) };
    } catch (e) {
      logFailure(log, rule.meta.id, e);
      return { rule, v: {} };
    }
  });

  let objects: ReturnType<typeof characteristicsObjects> = [];
  try {
    objects = characteristicsObjects(driver);
  } catch (e) {
    logFailure(log, 'characteristics analysis', e);
  }
  for (const obj of objects) {
    for (const { rule, v } of visitors) {
      if (!v.characteristics) continue;
      try {
        v.characteristics(obj);
      } catch (e) {
        logFailure(log, rule.meta.id, e);
      }
    }
  }

  if (visitors.some(({ v }) => v.driver)) {
    let flow: FlowAnalysis | undefined;
    try {
      flow = analyzeFlow(driver, objects);
    } catch (e) {
      logFailure(log, 'flow analysis', e);
    }
    if (flow) {
      for (const { rule, v } of visitors) {
        if (!v.driver) continue;
        try {
          v.driver(flow);
        } catch (e) {
          logFailure(log, rule.meta.id, e);
        }
      }
    }
  }

  for (const { rule, report } of reports) {
    const file = index.fileOf(report.uri);
    if (!file) continue;
    const message = formatMessage(rule.meta.messages[report.messageId] ?? report.messageId, report.data);
    const key = `${report.uri}|${report.start}|${report.end}|${rule.meta.id}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const override = settings.rules[rule.meta.id];
    const severity: Severity = override && override !== 'off' ? override : (report.severity ?? rule.meta.severity);
    const toInfo = (r: { uri: string; start: number; end: number; message: string }): RelatedInfo[] => {
      const rf = index.fileOf(r.uri);
      return rf ? [{ uri: r.uri, start: rf.lines.position(r.start), end: rf.lines.position(r.end), message: r.message }] : [];
    };
    const flow = report.flow?.flatMap(toInfo);
    byUri.get(report.uri)?.push({
      uri: report.uri,
      start: file.lines.position(report.start),
      end: file.lines.position(report.end),
      severity,
      code: rule.meta.id,
      message,
      related: (report.related ?? []).flatMap((r) => {
        const rf = index.fileOf(r.uri);
        return rf ? [{ uri: r.uri, start: rf.lines.position(r.start), end: rf.lines.position(r.end), message: r.message }] : [];
      }),
      docUri: ruleDocUri(rule.meta.id),
      ...(flow && flow.length ? { flow } : {}),
    });
  }

  for (const f of driver.files.values()) {
    const list = byUri.get(f.uri) ?? [];
    const kept = applySuppressions(f, list);
    if (f.skipped) kept.unshift(skippedDiagnostic(f));
    kept.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character || (a.code < b.code ? -1 : 1));
    byUri.set(f.uri, kept);
  }
  return byUri;
}

function logFailure(log: AnalysisLog, what: string, e: unknown): void {
  const msg = `${what} failed: ${(e as Error)?.stack ?? String(e)}`;
  const key = `${what}|${(e as Error)?.message}`;
  if (reportedFailures.has(key)) return;
  reportedFailures.add(key);
  log.error(msg);
}

function skippedDiagnostic(f: SourceFile): NdisDiagnostic {
  const s = f.skipped!;
  const message =
    s.kind === 'too-large'
      ? `NDIS Workbench skipped this file: ${s.size} characters is more than ndis.maxFileSize (${s.limit}).`
      : 'NDIS Workbench skipped this file: it looks binary (it contains NUL bytes).';
  const zero = { line: 0, character: 0 };
  return { uri: f.uri, start: zero, end: zero, severity: 'information', code: 'file-skipped', message, related: [] };
}

/**
 * Drop diagnostics covered by `// ndis-disable-next-line IDS` (the next line) or
 * `ndis-disable IDS ... ndis-enable IDS` (the lines between); report suppressions that matched nothing.
 */
function applySuppressions(f: SourceFile, list: NdisDiagnostic[]): NdisDiagnostic[] {
  const sups = f.facts?.suppressions ?? [];
  if (!sups.length) return list;
  const used = new Set<SuppressionComment>();
  const matches = (s: SuppressionComment, code: string): boolean => s.ids.length === 0 || s.ids.includes(code);
  const kept = list.filter((d) => {
    for (const s of sups) {
      if (s.kind === 'next-line' && d.start.line === s.line + 1 && matches(s, d.code)) {
        used.add(s);
        return false;
      }
      if (s.kind === 'disable' && d.start.line >= s.line && matches(s, d.code)) {
        const enable = sups.find((e) => e.kind === 'enable' && e.line >= s.line && (e.ids.length === 0 || s.ids.every((id) => e.ids.includes(id))) && e.start > s.start);
        if (!enable || d.start.line <= enable.line) {
          used.add(s);
          return false;
        }
      }
    }
    return true;
  });
  for (const s of sups) {
    if (s.kind === 'enable' || used.has(s)) continue;
    const start = f.lines.position(s.start);
    const end = f.lines.position(s.end);
    kept.push({
      uri: f.uri, start, end, severity: 'hint', code: 'unused-suppression',
      message: `This suppression (${s.ids.length ? s.ids.join(', ') : 'all rules'}) suppresses nothing; remove it.`, related: [],
    });
  }
  return kept;
}

let docsRoot: string | null | undefined;
/** file: URI of a rule's documentation page shipped with the extension (docs/rules/<ID>.md). */
export function ruleDocUri(id: string): string | undefined {
  if (docsRoot === undefined) {
    docsRoot = null;
    let dir = __dirname;
    for (let i = 0; i < 6; i++) {
      const candidate = path.join(dir, 'docs', 'rules');
      if (fs.existsSync(candidate)) {
        docsRoot = candidate;
        break;
      }
      dir = path.dirname(dir);
    }
  }
  return docsRoot ? pathToFileURL(path.join(docsRoot, `${id}.md`)).toString() : undefined;
}
