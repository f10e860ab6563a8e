/**
 * Per-function control flow: the CFG built from tree-sitter (goto chains, do/while(FALSE) with
 * break, switch fall-through, SEH, statement-level #if), and quiet give-up on pathological input.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCfg, successors, TooComplex, type CfgNode, type FnCfg } from '../../../server/src/flow/cfg';
import { initParser, parse } from '../../../server/src/parser/cparser';
import { prepass } from '../../../server/src/parser/prepass';
import { analyse, lineOf } from '../../helpers/ruleTester';

async function cfgOf(src: string): Promise<FnCfg> {
  await initParser();
  const tree = parse('c', prepass(src).text);
  const fn = tree.rootNode.namedChildren.find((n) => n?.type === 'function_definition');
  assert.ok(fn, 'no function in the source');
  try {
    return buildCfg(fn, []);
  } finally {
    tree.delete();
  }
}

/** Node indexes reachable from the entry. */
function reachable(cfg: FnCfg): Set<number> {
  const seen = new Set<number>([cfg.entry]);
  const stack = [cfg.entry];
  while (stack.length) for (const t of successors(cfg.nodes[stack.pop()!]!)) if (!seen.has(t)) { seen.add(t); stack.push(t); }
  return seen;
}

const find = (cfg: FnCfg, pred: (n: CfgNode) => boolean): CfgNode[] => cfg.nodes.filter(pred);

describe('CFG', () => {
  it('resolves goto to its label, forward and backward', async () => {
    const cfg = await cfgOf(`int F(int a) {
again:
    if (a) goto done;
    a++;
    goto again;
done:
    return a;
}`);
    const labels = new Map(cfg.nodes.map((n, i) => [n.label, i] as const));
    const gotoDone = find(cfg, (n) => n.label === 'goto done')[0]!;
    const gotoAgain = find(cfg, (n) => n.label === 'goto again')[0]!;
    assert.equal(gotoDone.next, labels.get('done:'));
    assert.equal(gotoAgain.next, labels.get('again:'));
    assert.ok(reachable(cfg).has(labels.get('done:')!));
  });

  it('models do { … break; } while (FALSE): the break and the false condition both leave the loop', async () => {
    const cfg = await cfgOf(`int F(int a) {
    do {
        if (a) break;
        a = 2;
    } while (FALSE);
    return a;
}`);
    const test = find(cfg, (n) => n.k === 'branch' && n.text === 'FALSE')[0]!;
    const ret = cfg.nodes.findIndex((n) => n.k === 'ret' && n.x?.t === 'id');
    assert.equal(test.alt, ret, 'the loop test exits to the return');
    const brk = find(cfg, (n) => n.k === 'nop' && n.e - n.s === 'break;'.length);
    assert.equal(brk.length, 1);
    assert.equal(brk[0]!.next, ret);
  });

  it('builds switch cases with fall-through and default', async () => {
    const cfg = await cfgOf(`int F(int a) {
    int r = 0;
    switch (a) {
    case 1:
    case 2:
        r = 1;
        break;
    default:
        r = 2;
    }
    return r;
}`);
    const sw = find(cfg, (n) => n.k === 'switch')[0]!;
    assert.equal(sw.cases!.length, 2);
    // `case 1:` falls through into case 2's statements.
    assert.equal(sw.cases![0]!.to, sw.cases![1]!.to);
    assert.notEqual(sw.next, sw.cases![0]!.to, 'default has its own entry');
  });

  it('gives every statement of a __try body an edge to the __except handler', async () => {
    const cfg = await cfgOf(`int F(int a) {
    __try {
        a = Probe(a);
        a = Probe(a);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return -1;
    }
    return a;
}`);
    const inTry = find(cfg, (n) => n.k === 'expr');
    assert.equal(inTry.length, 2);
    const handler = cfg.nodes.findIndex((n) => n.k === 'ret' && n.x !== undefined && n.x.t !== 'id');
    assert.ok(handler >= 0);
    for (const n of inTry) assert.equal(n.exc, handler);
  });

  it('turns statement-level #if/#ifdef/#elif/#else into condition nodes', async () => {
    const cfg = await cfgOf(`int F(int a) {
#ifdef DBG
    a = 1;
#elif NDIS_SUPPORT_NDIS61
    a = 2;
#else
    a = 3;
#endif
#ifndef RETAIL
    a++;
#endif
    return a;
}`);
    const conds = find(cfg, (n) => n.k === 'pp').map((n) => n.cond).sort();
    assert.deepEqual(conds, ['!defined(RETAIL)', 'NDIS_SUPPORT_NDIS61', 'defined(DBG)']);
  });

  it('gives up with TooComplex on 20,000-deep nesting instead of overflowing the stack', async () => {
    const depth = 20_000;
    const src = `int F(int a) {\n${'{'.repeat(depth)} a++; ${'}'.repeat(depth)}\n return a;\n}`;
    await assert.rejects(cfgOf(src), TooComplex);
    const expr = `int F(int a) {\n return ${'('.repeat(depth)}a${')'.repeat(depth)};\n}`;
    await assert.rejects(cfgOf(expr), TooComplex);
  });

  it('analyses a driver holding such a function quietly and quickly, still checking the rest', async () => {
    const depth = 20_000;
    const deep = `int Deep(int a) {\n${'{'.repeat(depth)} a++; ${'}'.repeat(depth)}\n return a;\n}\n`;
    const text = `${deep}
NDIS_STATUS
SetAttributes(NDIS_HANDLE H, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES A)
{
    NdisMSetMiniportAttributes(H, A);
    return NDIS_STATUS_SUCCESS;
}
`;
    const t0 = performance.now();
    const r = await analyse({ 'driver.c': text });
    assert.deepEqual(r.logged, []);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'NDIS202').map((d) => d.start.line + 1), [lineOf(text, 'NdisMSetMiniportAttributes').line]);
    assert.ok(performance.now() - t0 < 20_000, 'finished in reasonable time');
  });
});
