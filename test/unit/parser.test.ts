import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diffEdit, grammarFor, initParser, parse, ensureGrammar } from '../../server/src/parser/cparser';
import { prepass } from '../../server/src/parser/prepass';

describe('parser', () => {
  before(async () => {
    await initParser();
    await ensureGrammar('cpp');
  });

  it('chooses the C++ grammar by extension and for C++ headers', () => {
    assert.equal(grammarFor('a.c', ''), 'c');
    assert.equal(grammarFor('a.cpp', ''), 'cpp');
    assert.equal(grammarFor('a.h', 'typedef int X;'), 'c');
    assert.equal(grammarFor('a.h', 'namespace ndis {\n}'), 'cpp');
  });

  it('an incremental reparse gives the same tree as a fresh parse', () => {
    const base = Array.from({ length: 50 }, (_, i) => `NDIS_STATUS F${i}(NDIS_HANDLE h) {\n  if (h) { return ${i}; }\n  return 0;\n}`).join('\n');
    const edits: [string, string][] = [
      ['return 7;', 'return 700;'],
      ['F3(', 'Fthree('],
      ['  return 0;\n}\nNDIS_STATUS F10', '  return 0;\n}\n\nNDIS_STATUS F10'],
      ['{\n  if (h) { return 20; }', '{\n  if (h) { return 20; } else { h = 0; }'],
    ];
    let text = base;
    let tree = parse('c', text);
    for (const [from, to] of edits) {
      const next = text.replace(from, to);
      assert.notEqual(next, text);
      const inc = parse('c', next, { tree, text });
      const fresh = parse('c', next);
      assert.equal(inc.rootNode.toString(), fresh.rootNode.toString());
      const a = inc.rootNode.descendantsOfType('function_definition').map((n) => n?.startIndex);
      const b = fresh.rootNode.descendantsOfType('function_definition').map((n) => n?.startIndex);
      assert.deepEqual(a, b);
      fresh.delete();
      tree = inc;
      text = next;
    }
  });

  it('diffEdit describes the single changed region', () => {
    assert.equal(diffEdit('abc', 'abc'), undefined);
    const e = diffEdit('int a;\nint b;', 'int a;\nint bb;')!;
    assert.deepEqual([e.startIndex, e.oldEndIndex, e.newEndIndex], [12, 12, 13]);
    assert.deepEqual(e.startPosition, { row: 1, column: 5 });
  });

  it('pre-passed real driver code parses without errors and names functions right', () => {
    const src = [
      '_Use_decl_annotations_',
      '_IRQL_requires_max_(PASSIVE_LEVEL)',
      'NDIS_STATUS',
      '#pragma warning(suppress: 28101)',
      'TunBindAdapter(',
      '    IN NDIS_HANDLE ProtocolDriverContext,',
      '    _In_ NDIS_HANDLE BindContext,',
      '    _In_ PNDIS_BIND_PARAMETERS BindParameters',
      '    )',
      '{',
      '    UNREFERENCED_PARAMETER(ProtocolDriverContext);',
      '    do { if (BindParameters == NULL) break; } WHILE (FALSE);',
      '    return NDIS_STATUS_SUCCESS;',
      '}',
    ].join('\n');
    const raw = parse('c', src);
    const fixed = parse('c', prepass(src).text);
    assert.ok(raw.rootNode.hasError, 'raw driver C should trip tree-sitter (the reason for the pre-pass)');
    assert.equal(fixed.rootNode.hasError, false, fixed.rootNode.toString());
    const fn = fixed.rootNode.descendantsOfType('function_definition')[0]!;
    assert.equal(fn.childForFieldName('declarator')?.childForFieldName('declarator')?.text, 'TunBindAdapter');
  });
});
