/**
 * Editor requests on the generated 20k-line driver through `ndiswb lsp --stdio`, once the
 * document is analysed: hover (DDIs, members, Header.Revision, handlers, status codes, helper
 * code), completion (members after `ProtocolChars.`, Header constants, handler functions, the
 * snippet at a statement start) and code actions (the NDIS105 fix after a handler assignment was
 * deleted, and the suppression). Each request is timed from sending to its response; p50/p95 per
 * kind. `editor.*_after_edit_ms` (no target) times a completion sent right after a keystroke: it
 * includes the analysis the edit triggers, which the server runs first.
 */
import { performance } from 'node:perf_hooks';
import type { CodeAction, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { LspClient, pathToUri, positionAt } from '../helpers/lspClient';
import { editOffset } from './generate';
import { benchInput } from './input';
import { percentile, type Metric } from './types';

const ROUNDS = 5;

export const name = 'editor';

export async function run(): Promise<Metric[]> {
  const { file, driver } = benchInput();
  const uri = pathToUri(file);
  let text = driver.text;
  const client = await LspClient.start({
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } } },
  });
  const pos = (needle: string, delta = 0, from = 0): { line: number; character: number } => {
    const i = text.indexOf(needle, from);
    if (i < 0) throw new Error(`bench: ${needle} not in the generated driver`);
    return positionAt(text, i + delta);
  };
  const timed = async <T>(times: number[], f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    times.push(performance.now() - t);
    return r;
  };
  try {
    await client.open(uri, text, 1);
    await client.waitForVersion(uri, 1, 60_000);

    // Hover: catalog entries, the analysis (members, handlers) and plain helper code.
    const helperLines = text.split('\n').map((l, i) => ({ l, i })).filter(({ l }) => /^\s+[A-Za-z_]\w* = /.test(l)).filter((_, k) => k % 97 === 0).slice(0, 20);
    const hoverAt = [
      pos('NdisRegisterProtocolDriver(', 3), pos('ProtocolChars.Header.Revision', 22), pos('ProtocolChars.BindAdapterHandlerEx', 16),
      pos('= TbReceiveNetBufferLists', 4), pos('NDIS_STATUS_RESOURCES', 3), pos('PROTOCOL_NET_PNP_EVENT TbNetPnPEvent', 3),
      pos('NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;', 5), pos('NdisDeregisterProtocolDriver(', 4),
      ...helperLines.map(({ l, i }) => ({ line: i, character: l.search(/\S/) + 1 })),
    ];
    const hover: number[] = [];
    let hoverHits = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const position of hoverAt) {
        const h = await timed(hover, () => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }));
        if (h) hoverHits++;
        else if (process.env.BENCH_DEBUG) process.stderr.write(`no hover at ${JSON.stringify(position)}: ${text.split('\n')[position.line]}\n`);
      }
    }
    if (hoverHits < ROUNDS * 8) throw new Error(`bench: only ${hoverHits} hovers answered`);

    // Completion: members, Header values, handler functions, the snippet.
    const completeAt = [
      pos('ProtocolChars.BindAdapterHandlerEx', 'ProtocolChars.'.length),
      pos('ProtocolChars.Header.Revision = ', 'ProtocolChars.Header.Revision = '.length),
      pos('ProtocolChars.Header.Type = ', 'ProtocolChars.Header.Type = '.length),
      pos('ProtocolChars.NetPnPEventHandler = ', 'ProtocolChars.NetPnPEventHandler = '.length),
      positionAt(text, text.lastIndexOf('\n', editOffset(driver)) + 1),
    ];
    const completion: number[] = [];
    for (let r = 0; r < ROUNDS * 4; r++) {
      for (const position of completeAt) {
        const list = await timed(completion, () => client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position }));
        if (!list?.items.length) throw new Error(`bench: no completion at ${JSON.stringify(position)}`);
      }
    }

    // Code actions on a real finding: delete a handler assignment, wait for NDIS105.
    const line = '    ProtocolChars.NetPnPEventHandler = TbNetPnPEvent;\n';
    const at = text.indexOf(line);
    const start = positionAt(text, at);
    const end = positionAt(text, at + line.length);
    text = text.slice(0, at) + text.slice(at + line.length);
    const v = await client.change(uri, [{ range: { start, end }, text: '' }]);
    const published = await client.waitForVersion(uri, v, 60_000);
    const diag = published.diagnostics.find((d: Diagnostic) => d.code === 'NDIS105');
    if (!diag) throw new Error(`bench: no NDIS105 after deleting a handler (got ${published.diagnostics.map((d) => d.code).join(', ')})`);
    const codeAction: number[] = [];
    for (let r = 0; r < ROUNDS * 20; r++) {
      const actions = await timed(codeAction, () => client.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } }));
      if (!actions?.some((a) => /NetPnPEventHandler/.test(a.title))) throw new Error('bench: no NDIS105 fix');
    }

    // A completion right after a keystroke (the edit's analysis runs first).
    const afterEdit: number[] = [];
    const anchor = positionAt(text, editOffset({ ...driver, text }));
    for (let i = 0; i < 20; i++) {
      const p = { line: anchor.line, character: anchor.character + 1 };
      const change = i % 2 === 0 ? { range: { start: p, end: p }, text: '7' } : { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' };
      const t = performance.now();
      await client.change(uri, [change]);
      await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: completeAt[0] });
      afterEdit.push(performance.now() - t);
    }

    if (client.frames.problems.length) throw new Error(`non-protocol output on the server's stdout: ${client.frames.problems.join('; ')}`);
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    return [
      { name: 'editor.hover_p50_ms', value: r1(percentile(hover, 50)), unit: 'ms' },
      { name: 'editor.hover_p95_ms', value: r1(percentile(hover, 95)), unit: 'ms', target: { max: 50 } },
      { name: 'editor.completion_p50_ms', value: r1(percentile(completion, 50)), unit: 'ms' },
      { name: 'editor.completion_p95_ms', value: r1(percentile(completion, 95)), unit: 'ms', target: { max: 50 } },
      { name: 'editor.code_action_p50_ms', value: r1(percentile(codeAction, 50)), unit: 'ms' },
      { name: 'editor.code_action_p95_ms', value: r1(percentile(codeAction, 95)), unit: 'ms', target: { max: 50 } },
      { name: 'editor.completion_after_edit_p50_ms', value: r1(percentile(afterEdit, 50)), unit: 'ms' },
      { name: 'editor.completion_after_edit_p95_ms', value: r1(percentile(afterEdit, 95)), unit: 'ms' },
    ];
  } finally {
    await client.stop();
  }
}
