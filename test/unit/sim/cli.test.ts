/**
 * `ndiswb run` as a process (the built CLI, bin/ndiswb.js → dist/cli.js): exit statuses, output
 * formats, the trace and pcapng files, and bad input that must end in a message, never a stack
 * trace or a hung process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describeRun, runCli, STACK_TRACE } from '../../helpers/cli';
import { ROOT, SCENARIOS } from './helpers';

const tmpdir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-cli-'));
const cli = (args: string[], cwd = ROOT) => runCli(['run', ...args], { cwd, timeoutMs: 60_000 });

describe('ndiswb run', () => {
  it('runs the bundled demo with no scenario: trace, pcapng, summary, exit 0', async () => {
    const dir = tmpdir();
    const r = await cli(['--trace', path.join(dir, 't.jsonl'), '--pcapng', path.join(dir, 't.pcapng')]);
    assert.equal(r.status, 0, describeRun(r));
    assert.match(r.stdout, /alice +driver:VETH → DriverEntry/);
    assert.match(r.stdout, /scenario: demo - two hosts ping across a filter and a wire {3}seed: 1\n/);
    assert.match(r.stdout, /result: clean\n$/);
    const lines = fs.readFileSync(path.join(dir, 't.jsonl'), 'utf8').trim().split('\n');
    assert.ok(lines.length > 500);
    assert.equal(JSON.parse(lines[0]!).seq, 1);
    assert.ok(fs.statSync(path.join(dir, 't.pcapng')).size > 1000);
  });

  it('is deterministic: the same seed writes the same trace; --seed changes it', async () => {
    const dir = tmpdir();
    const f = (n: string): string => path.join(dir, n);
    await cli(['--trace', f('a'), '--quiet']);
    await cli(['--trace', f('b'), '--quiet']);
    await cli(['--trace', f('c'), '--quiet', '--seed', '9']);
    assert.ok(fs.readFileSync(f('a')).equals(fs.readFileSync(f('b'))));
    assert.ok(!fs.readFileSync(f('a')).equals(fs.readFileSync(f('c'))));
  });

  it('--format json prints one JSON summary; --trace - streams JSON Lines to stdout', async () => {
    const j = await cli(['--format', 'json']);
    assert.equal(j.status, 0);
    const s = JSON.parse(j.stdout) as { exitCode: number; reason: string; events: number; violations: unknown[] };
    assert.deepEqual([s.exitCode, s.reason, s.violations.length], [0, 'idle', 0]);
    const t = await cli(['--trace', '-', '--quiet']);
    assert.equal(t.status, 0);
    const first = JSON.parse(t.stdout.split('\n')[0]!) as { seq: number; kind: string };
    assert.deepEqual([first.seq, first.kind], [1, 'state']);
    assert.match(t.stderr, /result: clean/);
  });

  it('exits 1 for a bug check and prints it with its stack', async () => {
    const r = await cli([path.join(SCENARIOS, 'faults', 'provider-teardown.yaml'), '--quiet']);
    assert.equal(r.status, 1, describeRun(r));
    assert.match(r.stdout, /BUG CHECK 0x7C BUGCODE_NDIS_DRIVER \(0x17, 0x[0-9a-f]+, 0x1, 0x0\) on pc/);
    assert.match(r.stdout, /at TINYMUX!MuxUnload/);
  });

  it('exits 2 with file:line:col for a bad scenario', async () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'hosts:\n  - name: pc\n    drivers:\n      - builtin: VETH\n        colour: blue\n');
    const r = await cli(['bad.yaml'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^bad\.yaml:5:9: hosts\[0\]\.drivers\[0\]\.colour: unknown key "colour"/);
    assert.doesNotMatch(r.stderr + r.stdout, STACK_TRACE);
  });

  it('exits 2 for bad usage and unreadable files, without a stack trace', async () => {
    for (const args of [['--format', 'xml'], ['--seed', '-3'], ['--max-events', '0'], ['a.yaml', 'b.yaml'], ['--bogus'], ['/nonexistent/s.yaml'], [ROOT]]) {
      const r = await cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${describeRun(r)}`);
      assert.match(r.stderr, /ndiswb run: /);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
    }
  });

  it('a scenario that never stops ends at its budget with a message and exit 2', async () => {
    const dir = tmpdir();
    const text = fs.readFileSync(path.join(SCENARIOS, 'demo.yaml'), 'utf8').replace('count: 3, interval: 1ms', 'count: 100000000, interval: 1us').replace('stop:\n  at: 10ms\n', '');
    fs.writeFileSync(path.join(dir, 'forever.yaml'), text);
    const r = await cli(['forever.yaml', '--quiet', '--max-events', '20000'], dir);
    assert.equal(r.status, 2, describeRun(r));
    assert.match(r.stdout, /run stopped: event budget of 20000 events exceeded at t=/);
    assert.equal(r.timedOut, false);
  });
});
