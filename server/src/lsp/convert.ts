/** Internal diagnostics → LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { NdisDiagnostic } from '../analysis/analyze';

const SEVERITY: Record<NdisDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `spell` maps a file URI to the spelling the client uses for it (identity by default). */
export function toLsp(d: NdisDiagnostic, relatedSupport: boolean, spell: (uri: string) => string = (u) => u): Diagnostic {
  return {
    range: { start: d.start, end: d.end },
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'ndis',
    message: d.message,
    ...(d.docUri ? { codeDescription: { href: d.docUri } } : {}),
    ...(relatedSupport && d.related.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: spell(r.uri), range: { start: r.start, end: r.end } }, message: r.message })) }
      : {}),
  };
}
