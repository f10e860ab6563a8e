import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preprocess, virtualHeaders, type PreprocessResult } from '../../../simulator/src/exec';

function pp(files: Record<string, string>, defines: Record<string, string> = {}, entry = 'main.c'): PreprocessResult {
  return preprocess(`/d/${entry}`, {
    readFile: (p) => (p.startsWith('/d/') ? files[p.slice(3)] : undefined),
    virtualHeaders: virtualHeaders(),
    includeDirs: ['/d'],
    defines: new Map(Object.entries(defines)),
    displayName: (p) => p.slice(3),
  });
}

/** Output tokens joined by single spaces (line structure removed). */
const flat = (r: PreprocessResult): string => r.text.replace(/\s+/g, ' ').trim();

describe('exec: preprocessor', () => {
  it('expands object- and function-like macros with # and ##', () => {
    const r = pp({
      'main.c': [
        '#define N 4',
        '#define SQ(x) ((x) * (x))',
        '#define STR(x) #x',
        '#define XSTR(x) STR(x)',
        '#define CAT(a, b) a ## b',
        '#define WIDE(s) L ## s',
        'int a = SQ(N + 1); char *s = XSTR(CAT(1, 2)); int CAT(var, N) = 1; const short *w = WIDE("x"); char *q = STR(a "b" \\n);',
      ].join('\n'),
    });
    assert.equal(flat(r), 'int a = ( ( 4 + 1 ) * ( 4 + 1 ) ) ; char * s = "12" ; int varN = 1 ; const short * w = L"x" ; char * q = "a \\"b\\" \\n" ;');
    assert.deepEqual(r.diagnostics, []);
  });

  it('handles variadic macros, GNU comma elision and empty arguments (placemarkers)', () => {
    const r = pp({
      'main.c': [
        '#define LOG(fmt, ...) DbgPrint(fmt, ## __VA_ARGS__)',
        '#define ALL(...) f(__VA_ARGS__)',
        '#define GLUE(a, b) a ## b',
        'LOG("x"); LOG("y", 1, 2); ALL(); ALL(a, (b, c)); GLUE(, z); GLUE(y, );',
      ].join('\n'),
    });
    assert.equal(flat(r), 'DbgPrint ( "x" ) ; DbgPrint ( "y" , 1 , 2 ) ; f ( ) ; f ( a , ( b , c ) ) ; z ; y ;');
  });

  it('does not re-expand a macro inside its own expansion (hide sets)', () => {
    const r = pp({ 'main.c': '#define foo foo + 1\n#define f(x) x f\n#define g f\nfoo; g(2)(3);' });
    assert.equal(flat(r), 'foo + 1 ; 2 f ( 3 ) ;');
  });

  it('selects #if/#elif/#else branches with defined() and 64-bit arithmetic', () => {
    const src = [
      '#if defined(A) && A > 2',
      'int one;',
      '#elif !defined B || (0xffffffffffffffff == -1) ',
      'int two;',
      '#else',
      'int three;',
      '#endif',
      '#ifdef C',
      'int c;',
      '#endif',
      '#if -1 < 0u',
      'int unsigned_cmp;',
      '#endif',
    ].join('\n');
    assert.equal(flat(pp({ 'main.c': src }, { A: '3' })), 'int one ;');
    assert.equal(flat(pp({ 'main.c': src }, { A: '1', B: '1' })), 'int two ;');
    assert.equal(flat(pp({ 'main.c': src }, { C: '1', A: '0' })), 'int two ; int c ;');
  });

  it('resolves includes from the driver folder, honours #pragma once and include guards', () => {
    const r = pp({
      'main.c': '#include "a.h"\n#include "a.h"\n#include "g.h"\n#include "g.h"\n#include "sub/b.h"\nint end;',
      'a.h': '#pragma once\nint a;',
      'g.h': '#ifndef G\n#define G\nint g;\n#endif',
      'sub/b.h': '#include "c.h"\nint b;',
      'sub/c.h': 'int c;',
    });
    assert.equal(flat(r), 'int a ; int g ; int c ; int b ; int end ;');
    assert.deepEqual(r.files, ['main.c', 'a.h', 'g.h', 'g.h', 'sub/b.h', 'sub/c.h']);
  });

  it('reports #error and missing headers with the original file and line', () => {
    const r = pp({ 'main.c': 'int x;\n#include "nope.h"\n#if 1\n#error "TUNLWF needs NDIS 6.60"\n#endif\n#if 1\nint y;' });
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.severity} ${d.message} ${d.loc?.file}:${d.loc?.line}`),
      ["warning cannot open include file 'nope.h' main.c:2", 'error #error "TUNLWF needs NDIS 6.60" main.c:4', 'error unterminated #if main.c:7'],
    );
  });

  it('maps every output token back to its file, line and column (macro bodies to the invocation)', () => {
    const r = pp({ 'main.c': '#include "h.h"\n#define TWICE(x) (x) + (x)\nint v =\n    TWICE(seven);', 'h.h': 'int fromHeader;' });
    const at = (needle: string, nth = 0): string => {
      let i = -1;
      for (let k = 0; k <= nth; k++) i = r.text.indexOf(needle, i + 1);
      const l = r.map.lookup(i);
      return `${l.file}:${l.line}:${l.column}`;
    };
    assert.equal(at('fromHeader'), 'h.h:1:5');
    assert.equal(at('seven'), 'main.c:4:11');
    assert.equal(at('seven', 1), 'main.c:4:11');
    assert.equal(at('+'), 'main.c:4:5');
    assert.equal(at('v'), 'main.c:3:5');
  });

  it('normalises SAL, MS keywords, __declspec(align) and i64 suffixes', () => {
    const r = pp({
      'main.c': '_Use_decl_annotations_ _IRQL_requires_max_(DISPATCH_LEVEL) VOID __stdcall F(_In_ PVOID p, _Out_writes_bytes_(n) PUCHAR b, __in ULONG n);\n__declspec(align(16)) unsigned __int64 v = 1ui64; __forceinline int g(void);',
    });
    assert.equal(flat(r), 'VOID F ( PVOID p , PUCHAR b , ULONG n ) ; _Alignas ( 16 ) unsigned long long v = 1ULL ; inline int g ( void ) ;');
  });

  it('keeps #pragma pack for the compiler and drops other pragmas', () => {
    const r = pp({ 'main.c': '#pragma warning(disable: 4201)\n#include <pshpack1.h>\nstruct s { char c; int i; };\n#include <poppack.h>\n#pragma alloc_text(PAGE, F)' });
    assert.equal(r.text.trim().split('\n').map((l) => l.trim()).join('|'), '#pragma pack ( push , 1 )|struct s { char c ; int i ; } ;|#pragma pack ( pop )');
  });

  it('derives NDIS_SUPPORT_* and NDIS_*_MINOR_VERSION in <ndis.h> from the build macro', () => {
    const probe = '#include <ndis.h>\nint v[] = { NDIS_SUPPORT_NDIS61, NDIS_SUPPORT_NDIS630, NDIS_SUPPORT_NDIS680, NDIS_FILTER_MINOR_VERSION };\n#ifdef NDIS_FILTER_CHARACTERISTICS_REVISION_3\nint rev3;\n#endif\n';
    const tail = (r: PreprocessResult): string => flat(r).slice(flat(r).lastIndexOf('int v'));
    assert.equal(tail(pp({ 'main.c': probe }, { NDIS680: '1' })), 'int v [ ] = { 1 , 1 , 1 , 80 } ; int rev3 ;');
    assert.equal(tail(pp({ 'main.c': probe }, { NDIS630: '1' })), 'int v [ ] = { 1 , 1 , 0 , 30 } ;');
  });
});
