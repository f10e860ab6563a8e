/**
 * Output formats of `ndiswb check` (the contract in shared/rules.md "Command-line output"):
 * text (compiler style, 1-based), json (LSP conventions, 0-based) and SARIF 2.1.0.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NdisDiagnostic } from '../analysis/analyze';
import { ruleDocUri } from '../analysis/analyze';
import { RULES } from '../rules';
import { uriToPath } from '../model/workspace';

export const TOOL_VERSION = '0.1.0';

/** The path of a file relative to `cwd`, or undefined when the file is not under it. */
function relativeTo(cwd: string, file: string): string | undefined {
  const rel = path.relative(cwd, file);
  return rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel) ? undefined : rel;
}

/** A path relative to the current directory with `/` separators (absolute when outside it). */
export function displayPath(uri: string, cwd: string): string {
  const file = uriToPath(uri);
  return (relativeTo(cwd, file) ?? file).split(path.sep).join('/');
}

/**
 * A SARIF artifactLocation: a percent-encoded URI reference relative to %SRCROOT% (the current
 * directory, declared in the run's originalUriBaseIds), or the absolute file URI outside it.
 * (A bare path is not a URI: spaces, `%` or `#` in it would break consumers.)
 */
function sarifArtifact(uri: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relativeTo(cwd, uriToPath(uri));
  if (rel === undefined) return { uri: pathToFileURL(uriToPath(uri)).toString() };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

const SRCROOT = '%SRCROOT%';

export function formatText(diags: readonly NdisDiagnostic[], files: number, cwd: string): string {
  const lines = diags.map(
    (d) => `${displayPath(d.uri, cwd)}:${d.start.line + 1}:${d.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`,
  );
  const count = (s: string): number => diags.filter((d) => d.severity === s).length;
  const e = count('error');
  const w = count('warning');
  const other = diags.length - e - w;
  lines.push(
    `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}${other ? `, ${other} other` : ''} in ${files} file${files === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(diags: readonly NdisDiagnostic[], files: number, cwd: string): string {
  return (
    JSON.stringify({
      version: 1,
      files,
      diagnostics: diags.map((d) => ({
        file: displayPath(d.uri, cwd),
        range: { start: d.start, end: d.end },
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.related.length
          ? { relatedInformation: d.related.map((r) => ({ file: displayPath(r.uri, cwd), range: { start: r.start, end: r.end }, message: r.message })) }
          : {}),
      })),
    }) + '\n'
  );
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(diags: readonly NdisDiagnostic[], cwd: string): string {
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.name,
    shortDescription: { text: r.meta.description },
    ...(ruleDocUri(r.meta.id) ? { helpUri: ruleDocUri(r.meta.id) } : {}),
    defaultConfiguration: { level: LEVEL[r.meta.severity] },
  }));
  const region = (s: { line: number; character: number }, e: { line: number; character: number }) => ({
    startLine: s.line + 1,
    startColumn: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
  });
  const results = diags.map((d) => {
    const ruleIndex = rules.findIndex((r) => r.id === d.code);
    return {
      ruleId: d.code,
      ...(ruleIndex >= 0 ? { ruleIndex } : {}),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: sarifArtifact(d.uri, cwd), region: region(d.start, d.end) } }],
      ...(d.related.length
        ? {
            relatedLocations: d.related.map((r, i) => ({
              id: i,
              message: { text: r.message },
              physicalLocation: { artifactLocation: sarifArtifact(r.uri, cwd), region: region(r.start, r.end) },
            })),
          }
        : {}),
      // Whole-driver findings: the path that leads to them, step by step.
      ...(d.flow?.length
        ? {
            codeFlows: [
              {
                threadFlows: [
                  {
                    locations: d.flow.map((f) => ({
                      location: {
                        physicalLocation: { artifactLocation: { uri: displayPath(f.uri, cwd) }, region: region(f.start, f.end) },
                        message: { text: f.message },
                      },
                    })),
                  },
                ],
              },
            ],
          }
        : {}),
    };
  });
  return (
    JSON.stringify(
      {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'ndiswb', version: TOOL_VERSION, rules } },
            originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).toString().replace(/\/?$/, '/') } },
            results,
          },
        ],
      },
      null,
      2,
    ) + '\n'
  );
}
