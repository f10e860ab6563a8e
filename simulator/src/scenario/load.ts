/**
 * Reading a scenario: YAML (the `yaml` package, with a LineCounter for positions), then the JSON
 * Schema (ajv) shipped in simulator/schema/scenario.schema.json. Every problem becomes a
 * ScenarioError with file, line and column: syntax errors from the parser, schema errors located
 * through the document's node ranges (an unknown key points at the key itself).
 */
import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import schema from '../../schema/scenario.schema.json';
import type { Scenario, ScenarioError } from './model';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateSchema = ajv.compile(schema);

/** The JSON Schema of scenario files. */
export const SCENARIO_SCHEMA: object = schema;

export type Path = readonly (string | number)[];

/** Finds positions of paths in a parsed document. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter,
  ) {}

  /** The position of the value at `path` (or of `key` inside it), falling back to the nearest ancestor. */
  at(path: Path, key?: string): { line: number; col: number } {
    let node: unknown = this.doc?.contents;
    let best = node as Node | undefined;
    const segs = key === undefined ? path : [...path, key];
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const isLastKey = key !== undefined && i === segs.length - 1;
        node = isLastKey ? pair.key : pair.value;
        if (isLastKey || !node) node = pair.key;
      } else if (isSeq(node)) {
        node = node.items[Number(seg)];
      } else break;
      if (node && (node as Node).range) best = node as Node;
      else break;
    }
    const offset = best?.range?.[0] ?? 0;
    return this.lines.linePos(offset);
  }

  error(path: Path, message: string, key?: string): ScenarioError {
    const { line, col } = this.at(path, key);
    return { file: this.file, line, col, message: path.length || key ? `${pathText(key === undefined ? path : [...path, key])}: ${message}` : message };
  }
}

/** hosts[0].adapters[1].mac */
export function pathText(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => {
    const u = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(u) ? Number(u) : u;
  });
}

function schemaMessage(e: ErrorObject): { message: string; key?: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return { key: String(p.additionalProperty), message: `unknown key "${p.additionalProperty}"${allowed.length ? ` (expected one of: ${allowed.join(', ')})` : ''}` };
    }
    case 'required':
      return { message: `missing "${p.missingProperty}"` };
    case 'enum':
      return { message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { message: `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${p.type}` };
    case 'anyOf': {
      const d = (e.parentSchema as { description?: string })?.description;
      return { message: d ? `not valid here. ${d}` : 'has the wrong type or form' };
    }
    case 'pattern':
      return { message: `"${String(e.data)}" is not valid here (expected ${String(p.pattern)})` };
    case 'propertyNames':
      return { message: 'has a key that is not a valid registry value name' };
    default:
      return { message: e.message ?? e.keyword };
  }
}

/** Schema errors as ScenarioErrors: one per position, anyOf summaries preferred over their branches. */
function schemaErrors(errors: readonly ErrorObject[], loc: Locator): ScenarioError[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: ScenarioError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'propertyNames' && anyOfPaths.has(e.instancePath)) continue;
    if (e.schemaPath.includes('/propertyNames/')) continue;
    const path = pointerToPath(e.instancePath);
    const { message, key } = schemaMessage(e);
    const err = loc.error(path, message, key);
    const k = `${err.line}:${err.col}:${err.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(err);
    }
  }
  return out;
}

export type LoadResult = { readonly scenario: Scenario; readonly locator: Locator; readonly errors: readonly [] } | { readonly scenario?: undefined; readonly locator: Locator; readonly errors: readonly ScenarioError[] };

/** Parse and schema-check scenario text. Never throws. */
export function loadScenarioText(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const loc = new Locator(file, doc, lines);
  if (doc.errors.length) {
    return {
      locator: loc,
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, message: `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { locator: loc, errors: [{ file, line: 1, col: 1, message: `YAML: ${(e as Error).message}` }] };
  }
  if (data === null || data === undefined) return { locator: loc, errors: [{ file, line: 1, col: 1, message: 'the scenario is empty (it needs at least `hosts:`)' }] };
  if (!validateSchema(data)) return { locator: loc, errors: schemaErrors(validateSchema.errors ?? [], loc) };
  return { scenario: data as unknown as Scenario, locator: loc, errors: [] };
}
