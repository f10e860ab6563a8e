/**
 * The simulator off the caller's thread: a worker_threads worker runs the scenario, streams the
 * trace in batches and posts the result; the caller's event loop keeps turning meanwhile.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import { eventToJson } from '../../../simulator/src/trace/jsonl';
import { runInWorker } from '../../../simulator/src/worker/host';
import { ROOT, run, SCENARIOS } from './helpers';

/** A JavaScript shim that loads the TypeScript worker through tsx (a Worker cannot start a .ts file). */
function sourceShim(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-worker-'));
  const file = path.join(dir, 'worker.js');
  const tsx = require.resolve('tsx/cjs', { paths: [ROOT] });
  fs.writeFileSync(file, `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(path.join(ROOT, 'simulator', 'src', 'worker', 'worker.ts'))});\n`);
  return file;
}
const BUNDLE = path.join(ROOT, 'dist', 'simWorker.js');

describe('simulator worker', () => {
  it('streams the same trace the in-process run produces, without blocking the caller', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let streamed = '';
    const r = await runInWorker({ text: DEMO_SCENARIO, file: 'demo.yaml', dir: SCENARIOS, stream: true }, { workerFile: sourceShim(), onTrace: (l) => (streamed += l) });
    clearInterval(timer);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.ok && r.done.exitCode, 0);
    const expected = run(DEMO_SCENARIO).events.map(eventToJson).join('\n') + '\n';
    assert.equal(streamed, expected);
    assert.ok(ticks > 0, 'the caller kept running while the worker simulated');
  });

  it('the bundled dist/simWorker.js runs a fault scenario and reports the bug check', async () => {
    assert.ok(fs.existsSync(BUNDLE), 'run `npm run build` first');
    const text = fs.readFileSync(path.join(SCENARIOS, 'faults', 'open-outside-bind.yaml'), 'utf8');
    const r = await runInWorker({ text, file: 'open-outside-bind.yaml', dir: SCENARIOS }, { workerFile: BUNDLE });
    assert.ok(r.ok);
    const s = r.ok ? (r.done.summary as { exitCode: number; bugcheck: { params: string[] } }) : undefined;
    assert.equal(s?.exitCode, 1);
    assert.equal(s?.bugcheck.params[0], '0x16');
    assert.match(r.ok ? r.done.text : '', /NDIS_BUGCHECK_INVALID_OPEN_IN_BIND_CONTEXT/);
  });

  it('reports an invalid scenario and a worker that cannot start, never throwing', async () => {
    const bad = await runInWorker({ text: 'hosts: 3\n', file: 'x.yaml', dir: SCENARIOS }, { workerFile: BUNDLE });
    assert.ok(bad.ok && bad.done.exitCode === 2);
    const missing = await runInWorker({ text: DEMO_SCENARIO, file: 'd', dir: SCENARIOS }, { workerFile: path.join(ROOT, 'dist', 'nope.js') });
    assert.equal(missing.ok, false);
  });

  it('terminates a worker that outlives its timeout', async () => {
    const forever = DEMO_SCENARIO.replace('count: 3, interval: 1ms', 'count: 100000000, interval: 1us').replace('stop:\n  at: 10ms\n', 'limits: { maxEvents: 1000000000, maxWallTime: 60s }\n');
    const r = await runInWorker({ text: forever, file: 'f', dir: SCENARIOS }, { workerFile: BUNDLE, timeoutMs: 300 });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /did not finish within 300 ms; the worker was terminated/);
  });
});
