import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, evaluateCondition, parseCNumber, type EvalEnv, type MacroBody } from '../../server/src/parser/cexpr';

function env(macros: Record<string, MacroBody>, opts: { defined?: string[]; constants?: Record<string, number>; zero?: boolean } = {}): EvalEnv {
  return {
    macro: (n) => macros[n],
    isDefined: (n) => (n in macros || opts.defined?.includes(n) ? true : opts.zero ? false : undefined),
    constant: (n) => opts.constants?.[n],
    undefinedIsZero: opts.zero ?? false,
  };
}

describe('cexpr', () => {
  it('parses C integer literals with suffixes', () => {
    assert.equal(parseCNumber('0x8A'), 0x8a);
    assert.equal(parseCNumber('010'), 8);
    assert.equal(parseCNumber('30UL'), 30);
    assert.equal(parseCNumber('1ui64'), 1);
    assert.ok(Number.isNaN(parseCNumber('1.5')));
  });

  it('expands object-like and function-like macros and records their names', () => {
    const e = env({
      TUN_MINOR: { name: 'TUN_MINOR', body: '30' },
      SIZE: { name: 'SIZE', body: 'NDIS_SIZEOF_X' },
      VER: { name: 'VER', params: ['a', 'b'], body: '((a) << 8 | (b))' },
    }, { constants: { NDIS_SIZEOF_X: 224 } });
    assert.deepEqual(evaluate('(UCHAR)TUN_MINOR', e), { k: 'int', v: 30, names: ['TUN_MINOR'] });
    assert.deepEqual(evaluate('SIZE', e), { k: 'int', v: 224, names: ['SIZE', 'NDIS_SIZEOF_X'] });
    const v = evaluate('VER(6, 30)', e);
    assert.equal(v.k === 'int' && v.v, (6 << 8) | 30);
  });

  it('does not loop on self-referential macros', () => {
    const e = env({ A: { name: 'A', body: 'B + 1' }, B: { name: 'B', body: 'A + 1' } });
    assert.equal(evaluate('A', e).k, 'unknown');
  });

  it('classifies non-integer values', () => {
    const e = env({});
    assert.deepEqual(evaluate('sizeof(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS)', e), { k: 'sizeof', type: 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', names: [] });
    assert.deepEqual(evaluate('TunBindAdapter', e), { k: 'ident', name: 'TunBindAdapter', names: [] });
    assert.deepEqual(evaluate('L"TUNPROT"', e), { k: 'string', text: 'TUNPROT', wide: true, names: [] });
    assert.deepEqual(evaluate('NULL', e), { k: 'int', v: 0, names: ['NULL'] });
    assert.equal(evaluate('Adapter->Flags', e).k, 'unknown');
    assert.equal(evaluate('GetValue(1, 2)', e).k, 'unknown');
  });

  it('evaluates #if conditions three-valued', () => {
    const unknownCfg = env({ MY_FEATURE: { name: 'MY_FEATURE', body: '1' } });
    assert.equal(evaluateCondition('defined(MY_FEATURE)', unknownCfg), true);
    assert.equal(evaluateCondition('DBG', unknownCfg), undefined);
    assert.equal(evaluateCondition('DBG && 0', unknownCfg), false);
    assert.equal(evaluateCondition('DBG || MY_FEATURE', unknownCfg), true);
    const known = env({}, { defined: ['NDIS630'], constants: { NDIS630: 1, NDIS_SUPPORT_NDIS61: 1 }, zero: true });
    assert.equal(evaluateCondition('defined(NDIS630) && NDIS_SUPPORT_NDIS61', known), true);
    assert.equal(evaluateCondition('NDIS_SUPPORT_NDIS680', known), false);
    assert.equal(evaluateCondition('!defined(NDIS60)', known), true);
  });

  it('returns unknown, not an exception, for malformed expressions', () => {
    for (const bad of ['(1 + (2', '1 +', ')', '', '? :', '#', 'a b c']) assert.equal(evaluate(bad, env({})).k, 'unknown', bad);
  });
});

describe('cexpr values vs conditions', () => {
  it('an undefined identifier is 0 only in #if, never as a value', () => {
    const known: EvalEnv = { macro: () => undefined, isDefined: () => false, constant: () => undefined, undefinedIsZero: true };
    assert.equal(evaluateCondition('TunpBindAdapter', known), false);
    assert.deepEqual(evaluate('TunpBindAdapter', known), { k: 'ident', name: 'TunpBindAdapter', names: [] });
  });
});
