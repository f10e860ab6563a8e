/**
 * The self-contained HTML report (common/src/trace/report.ts, `ndiswb run --html`, the viewer's
 * HTML export): a strict CSP with a fresh nonce, the viewer inlined safely, the trace and the
 * capture embedded so that they read back byte for byte, and nothing loaded from anywhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readAllPackets } from '../../../common/src/trace/pcapng';
import { Base64Writer, decodeBase64, REPORT_DATA_ID, REPORT_PCAPNG_ID, scriptSafeJs, writeReport } from '../../../common/src/trace/report';
import { writeHtmlReport } from '../../../client/src/trace/exports';
import { runWithHtml, takeHtmlOption } from '../../../server/src/cli/htmlReport';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import { ROOT, tmpDir, traceLines } from './helpers';

const dir = tmpDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* chunks<T>(...parts: T[]): AsyncGenerator<T> {
  for (const p of parts) yield p;
}

/** The text of the element with this id. */
function elementText(html: string, id: string): string | undefined {
  const m = new RegExp(`<script[^>]*id="${id}"[^>]*>([\\s\\S]*?)</script>`).exec(html);
  return m?.[1];
}

const ASSETS = { script: 'console.log("</script><!-- evil"); /* </SCRIPT> */\n//# sourceMappingURL=webview.js.map', style: 'body { color: red }' };

describe('HTML report', () => {
  it('embeds the trace and the capture so that they read back exactly', async () => {
    const pcap = path.join(dir, 'demo.pcapng');
    const run = traceLines(DEMO_SCENARIO, 'demo.yaml', { pcapng: pcap });
    const lines = [...run.lines, '{"seq":971,"t":0,"kind":"log","host":"h","component":"c","level":"info","message":"a </script><b> in a message"}'];
    const trace = lines.join('\n') + '\n';
    const bytes = fs.readFileSync(pcap);
    let html = '';
    await writeReport({ title: 'demo <1>', ...ASSETS, nonce: 'abc123' }, chunks(trace.slice(0, 1000), trace.slice(1000)), chunks(bytes.subarray(0, 1001), bytes.subarray(1001)), (s) => {
      html += s;
    });
    // the data reads back (JSON.parse undoes the \u003c escapes)
    const data = elementText(html, REPORT_DATA_ID)!;
    assert.ok(!data.includes('<'), 'no raw < inside the data script');
    const back = data.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    assert.deepEqual(back, lines.map((l) => JSON.parse(l)));
    const decoded = decodeBase64(elementText(html, REPORT_PCAPNG_ID)!);
    assert.deepEqual(Buffer.from(decoded), bytes);
    assert.equal(readAllPackets(decoded).packets.length, run.events.filter((e) => e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate')).length);
    // CSP: nonce-only scripts and styles, nothing else allowed
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123'; script-src 'nonce-abc123'; img-src data:;">/);
    assert.match(html, /<title>demo &lt;1&gt;<\/title>/);
    assert.equal((html.match(/<script nonce="abc123">/g) ?? []).length, 1, 'one executable script, with the nonce');
    // the inlined script cannot end its element early
    const script = /<script nonce="abc123">([\s\S]*?)<\/script>/.exec(html)![1]!;
    assert.ok(script.includes('<\\/script><\\!-- evil') && script.includes('<\\/SCRIPT>'));
    assert.ok(!/src=|href=|https?:\/\//.test(html.replace(script, '')), 'nothing refers to anything outside the file');
  });

  it('base64 in pieces equals base64 at once, for every length', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const w = new Base64Writer();
      const s = w.push(b.subarray(0, n >> 1)) + w.push(b.subarray(n >> 1)) + w.end();
      assert.equal(s, Buffer.from(b).toString('base64'), `length ${n}`);
      assert.deepEqual([...decodeBase64(s)], [...b]);
    }
  });

  it('scriptSafeJs drops nothing but makes </script and <!-- inert', () => {
    assert.equal(scriptSafeJs('a</script>b<!--c'), 'a<\\/script>b<\\!--c');
  });

  it('the viewer export writes the report from the trace files', async () => {
    const trace = path.join(dir, 't.jsonl');
    fs.writeFileSync(trace, traceLines().lines.join('\n') + '\n');
    const out = path.join(dir, 't.html');
    await writeHtmlReport(out, { title: 'T', traceFile: trace, assets: ASSETS });
    const html = fs.readFileSync(out, 'utf8');
    assert.equal(elementText(html, REPORT_DATA_ID)!.split('\n').filter((l) => l.trim()).length, 970);
    assert.equal(elementText(html, REPORT_PCAPNG_ID), undefined, 'no capture, no capture element');
  });
});

describe('ndiswb run --html', () => {
  it('takes --html out of the arguments', () => {
    assert.deepEqual(takeHtmlOption(['x.yaml', '--html', 'r.html', '--quiet']), { html: 'r.html', rest: ['x.yaml', '--quiet'] });
    assert.deepEqual(takeHtmlOption(['--html=r.html']), { html: 'r.html', rest: [] });
    assert.equal(takeHtmlOption(['--html']).error, '--html needs a file name');
  });

  it('writes a report of the run next to the usual outputs (the viewer bundle from dist/)', () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'webview.js')), 'the viewer bundle is built (`npm run build`; npm test does)');
    const out = path.join(dir, 'run.html');
    const trace = path.join(dir, 'run.jsonl');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'cli', 'main.ts'), 'run', '--quiet', '--trace', trace, '--html', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /result: clean/);
    const html = fs.readFileSync(out, 'utf8');
    assert.equal(elementText(html, REPORT_DATA_ID)!.trim(), fs.readFileSync(trace, 'utf8').trim(), 'the report embeds the trace --trace wrote');
    assert.ok(elementText(html, REPORT_PCAPNG_ID)!.length > 1000, 'and the capture');
    assert.match(html, /<title>NDIS trace: demo\.yaml<\/title>/);
  });

  it('refuses --trace - with --html', async () => {
    const code = await runWithHtml(['--trace', '-', '--html', path.join(dir, 'x.html')], () => 0);
    assert.equal(code, 2);
  });
});
