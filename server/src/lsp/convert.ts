/** Internal diagnostics → LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { NdisDiagnostic } from '../analysis/analyze';

const SEVERITY: Record<NdisDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLsp(d: NdisDiagnostic, relatedSupport: boolean): Diagnostic {
  return {
    range: { start: d.start, end: d.end },
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'ndis',
    message: d.message,
    ...(d.docUri ? { codeDescription: { href: d.docUri } } : {}),
    ...(relatedSupport && d.related.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: { start: r.start, end: r.end } }, message: r.message })) }
      : {}),
  };
}
