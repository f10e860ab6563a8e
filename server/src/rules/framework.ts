/**
 * The rule framework. One file per rule: `meta` (id, name, default severity, messages) and
 * `create(ctx)` returning a visitor; rules report by message id with data, so message text lives
 * in one place per rule and the docs link is derived from the id.
 */
import type { CharObject } from '../analysis/characteristics';
import type { FlowAnalysis } from '../flow/analysis';
import type { Driver } from '../model/driver';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleMeta {
  /** Public id, e.g. "NDIS105" (never renumbered). */
  readonly id: string;
  /** Short kebab-case name, e.g. "missing-handler". */
  readonly name: string;
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly description: string;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  readonly messages: Readonly<Record<string, string>>;
}

export interface RelatedLocation {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Report {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Overrides the rule's default severity for this finding (e.g. a tolerated value). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  /** The path that leads to the finding, step by step (SARIF codeFlow); usually also given as `related`. */
  readonly flow?: readonly RelatedLocation[];
}

export interface RuleContext {
  readonly driver: Driver;
  report(r: Report): void;
}

/** Hooks the analysis calls; a rule implements the ones it needs. */
export interface RuleVisitor {
  /** Once per characteristics object per configuration world. */
  characteristics?(obj: CharObject): void;
  /** Once per driver, with the whole-driver flow analysis (computed only when a rule asks for it). */
  driver?(analysis: FlowAnalysis): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  create(ctx: RuleContext): RuleVisitor;
}

/** Fill `{name}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}

/** Hex with 0x prefix, upper-case digits: 0x8A. */
export function hex(n: number): string {
  return '0x' + n.toString(16).toUpperCase();
}
