/**
 * tree-sitter (wasm) for C and C++: one-time initialisation, grammar choice per file, warm-up,
 * and incremental reparsing driven by a diff of the pre-passed text (parser-notes: the pre-pass
 * is what lets tree-sitter reuse subtrees).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Edit, type Tree } from 'web-tree-sitter';

export type Grammar = 'c' | 'cpp';

let initPromise: Promise<void> | undefined;
const languages = new Map<Grammar, Language>();
const parsers = new Map<Grammar, Parser>();

/**
 * Find a wasm file: next to the bundle (`dist/wasm/`, what the VSIX ships), else in node_modules
 * (development and tests).
 */
export function wasmPath(file: string): string {
  const candidates = [
    path.join(__dirname, 'wasm', file),
    path.join(__dirname, '..', 'dist', 'wasm', file),
    path.join(__dirname, '..', '..', '..', 'dist', 'wasm', file),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  const pkg: Record<string, string> = {
    'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
    'tree-sitter-c.wasm': 'tree-sitter-c/tree-sitter-c.wasm',
    'tree-sitter-cpp.wasm': 'tree-sitter-cpp/tree-sitter-cpp.wasm',
  };
  const spec = pkg[file];
  if (spec) {
    try {
      return require.resolve(spec);
    } catch {
      /* fall through */
    }
  }
  throw new Error(`cannot find ${file} (looked in ${candidates.join(', ')} and node_modules)`);
}

/** Initialise the runtime and the C grammar once. The C++ grammar loads on first use. */
export function initParser(): Promise<void> {
  initPromise ??= (async () => {
    await Parser.init({ locateFile: () => wasmPath('web-tree-sitter.wasm') });
    await loadGrammar('c');
  })();
  return initPromise;
}

async function loadGrammar(g: Grammar): Promise<Language> {
  let lang = languages.get(g);
  if (!lang) {
    const bytes = fs.readFileSync(wasmPath(g === 'c' ? 'tree-sitter-c.wasm' : 'tree-sitter-cpp.wasm'));
    lang = await Language.load(bytes);
    languages.set(g, lang);
    const p = new Parser();
    p.setLanguage(lang);
    parsers.set(g, p);
  }
  return lang;
}

/** Make sure the grammar for a file is loaded (C++ is 3.4 MB and only loaded when needed). */
export async function ensureGrammar(g: Grammar): Promise<void> {
  await initParser();
  await loadGrammar(g);
}

/** C++ files by extension; headers by content (class/namespace/template at line start). */
export function grammarFor(fileName: string, text: string): Grammar {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.cpp' || ext === '.cxx' || ext === '.cc' || ext === '.hpp' || ext === '.hxx' || ext === '.hh') return 'cpp';
  if (ext === '.h' && /^\s*(class|namespace|template\s*<)\b/m.test(text.slice(0, 200_000))) return 'cpp';
  return 'c';
}

/**
 * Parse text (already pre-passed). With `old`, reuse it: the edit is the common prefix/suffix
 * diff between `oldText` and `text`, so callers need not track LSP content changes.
 */
export function parse(g: Grammar, text: string, old?: { tree: Tree; text: string }): Tree {
  const p = parsers.get(g);
  if (!p) throw new Error(`grammar ${g} not loaded: call ensureGrammar first`);
  if (old) {
    const edit = diffEdit(old.text, text);
    if (!edit) return old.tree;
    old.tree.edit(edit);
    const tree = p.parse(text, old.tree);
    if (tree) return tree;
  }
  const tree = p.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Row and column (UTF-16 code units) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The single edit turning `a` into `b` (common prefix and suffix), or undefined if equal. */
export function diffEdit(a: string, b: string): Edit | undefined {
  if (a === b) return undefined;
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  // web-tree-sitter parses JS strings: indices and columns are UTF-16 code units (checked by a test
  // that compares an incremental reparse with a fresh parse).
  return {
    startIndex: start,
    oldEndIndex: endA,
    newEndIndex: endB,
    startPosition: pointAt(a, start),
    oldEndPosition: pointAt(a, endA),
    newEndPosition: pointAt(b, endB),
  } as Edit;
}

/**
 * Parse a few representative snippets so the wasm code is tiered up before the first real
 * request (parser-notes: the first parses in a fresh process are 5-10x slower).
 */
export async function warmUp(): Promise<void> {
  await initParser();
  const sample = [
    'typedef struct _X { int a; char *b; } X, *PX;',
    'NDIS_STATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) {',
    '  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS c; NdisZeroMemory(&c, sizeof(c));',
    '  c.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, c.Header.Size = 1;',
    '  do { if (!NT_SUCCESS(s)) { goto Exit; } } while (FALSE);',
    '  switch (x) { case 1: break; default: return s; }',
    'Exit: return NdisRegisterProtocolDriver(NULL, &c, &h); }',
  ].join('\n');
  const text = Array.from({ length: 40 }, () => sample).join('\n');
  for (let i = 0; i < 4; i++) parse('c', text).delete();
}
