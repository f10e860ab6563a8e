import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepass } from '../../server/src/parser/prepass';

/** Every character keeps its offset; newlines stay where they are. */
function assertLengthPreserving(src: string, out: string): void {
  assert.equal(out.length, src.length);
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') assert.equal(out[i], '\n', `newline at ${i}`);
}

describe('prepass', () => {
  it('blanks SAL annotations and records the ones that carry meaning', () => {
    const src = [
      '_Use_decl_annotations_',
      '_IRQL_requires_max_(PASSIVE_LEVEL)',
      '_Function_class_(PROTOCOL_BIND_ADAPTER_EX)',
      'NDIS_STATUS TunBind(_In_ NDIS_HANDLE Ctx, _In_opt_ NDIS_HANDLE Bind, _Out_writes_bytes_(Len) PVOID Buf)',
    ].join('\n');
    const r = prepass(src);
    assertLengthPreserving(src, r.text);
    assert.ok(!/_In_|_Out_|_IRQL|_Function_class_|_Use_decl/.test(r.text), r.text);
    assert.ok(r.text.includes('NDIS_STATUS TunBind(     NDIS_HANDLE Ctx,'));
    assert.deepEqual(
      r.annotations.map((a) => [a.name, a.args]),
      [['_Use_decl_annotations_', ''], ['_IRQL_requires_max_', 'PASSIVE_LEVEL'], ['_Function_class_', 'PROTOCOL_BIND_ADAPTER_EX']],
    );
    assert.equal(src.slice(r.annotations[1]!.start, r.annotations[1]!.end), '_IRQL_requires_max_(PASSIVE_LEVEL)');
  });

  it('blanks keyword macros and maps CONST, WHILE and 1UI64 to same-length C', () => {
    const src = 'VOID F(IN PVOID a, OUT PULONG b OPTIONAL) { CONST ULONG64 x = 1UI64 << 40; do { } WHILE (FALSE); }';
    const r = prepass(src);
    assertLengthPreserving(src, r.text);
    assert.equal(r.text, 'VOID F(   PVOID a,     PULONG b         ) { const ULONG64 x = 1ULL  << 40; do { } while (FALSE); }');
  });

  it('keeps strings and comments untouched and never blanks inside them', () => {
    const src = 'PCSTR s = "_In_ IN OUT"; // _In_ here\n/* OUT */ int IN2;';
    assert.equal(prepass(src).text, src);
  });

  it('blanks #pragma lines and keeps alloc_text as metadata', () => {
    const src = '#pragma alloc_text(PAGE, TunBind)\n#pragma warning(push)\nint x;';
    const r = prepass(src);
    assertLengthPreserving(src, r.text);
    assert.equal(r.text.trim(), 'int x;');
    assert.deepEqual(r.pragmas.map((p) => [p.kind, p.section, p.functions]), [['alloc_text', 'PAGE', ['TunBind']]]);
  });

  it('blanks a block comment in a multi-line #define and keeps the directive continued', () => {
    const src = '#define FILL(c) \\\n    (c).Flags = 0; /* reset\n    flags */ (c).X = 1\nint y;';
    const r = prepass(src);
    assertLengthPreserving(src, r.text);
    const lines = r.text.split('\n');
    assert.ok(lines[1]!.trimEnd().endsWith('\\'), `line 1 must continue: ${JSON.stringify(lines[1])}`);
    assert.ok(!lines[2]!.trimEnd().endsWith('\\'), 'the last line of the #define is not continued');
    assert.equal(lines[3], 'int y;');
    assert.ok(!r.text.includes('reset'));
  });

  it('reduces #if groups inside an initializer to the configured branch, else the first', () => {
    const src = [
      'NDIS_FILTER_DRIVER_CHARACTERISTICS fc = {',
      '  { NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS,',
      '#if NDIS_SUPPORT_NDIS680',
      '    NDIS_FILTER_CHARACTERISTICS_REVISION_3, 1 },',
      '#else',
      '    NDIS_FILTER_CHARACTERISTICS_REVISION_2, 2 },',
      '#endif',
      '  6 };',
    ].join('\n');
    const first = prepass(src);
    assertLengthPreserving(src, first.text);
    assert.ok(first.text.includes('REVISION_3') && !first.text.includes('REVISION_2'));
    assert.equal(first.reduced.length, 1);
    assert.equal(first.reduced[0]!.byDefault, true);
    assert.deepEqual(first.reduced[0]!.conditions, [{ expr: 'NDIS_SUPPORT_NDIS680', negated: false }]);
    const configured = prepass(src, { evaluate: (e) => (e === 'NDIS_SUPPORT_NDIS680' ? false : undefined) });
    assert.ok(configured.text.includes('REVISION_2') && !configured.text.includes('REVISION_3'));
    assert.deepEqual(configured.reduced[0]!.conditions, [{ expr: 'NDIS_SUPPORT_NDIS680', negated: true }]);
  });

  it('leaves statement-level #if alone (tree-sitter parses it)', () => {
    const src = 'void f(void) {\n#if DBG\n  x = 1;\n#endif\n}';
    assert.equal(prepass(src).text, src);
  });

  it('is linear and safe on pathological input', () => {
    const parens = '_In_' + '('.repeat(100_000);
    const r1 = prepass(parens);
    assert.equal(r1.text.length, parens.length);
    const unterminated = 'int a; /* never closed ' + 'x'.repeat(50_000);
    assert.equal(prepass(unterminated).text.length, unterminated.length);
    const line = 'int x = ' + 'a + '.repeat(100_000) + '1;';
    assert.equal(prepass(line).text, line);
    assert.equal(prepass('').text, '');
    const crlf = 'VOID F(IN PVOID a)\r\n{\r\n}\r\n';
    assert.equal(prepass(crlf).text, 'VOID F(   PVOID a)\r\n{\r\n}\r\n');
  });
});
