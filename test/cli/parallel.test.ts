/**
 * `ndiswb check` analyses several drivers on worker threads when there is enough source; the
 * result must be byte-for-byte what the sequential analysis prints, with the same exit status.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

const root = path.resolve(__dirname, '..', '..');

describe('ndiswb check in parallel', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`prints the same ${format} output with and without workers`, async () => {
      const args = ['check', 'examples', '--format', format];
      const sequential = await runCli(args, { cwd: root, env: { ...process.env, NDISWB_PARALLEL_MIN_BYTES: String(1e12) } });
      const parallel = await runCli(args, { cwd: root, env: { ...process.env, NDISWB_PARALLEL_MIN_BYTES: '0' } });
      assert.equal(sequential.timedOut || parallel.timedOut, false);
      assert.equal(parallel.stderr, sequential.stderr);
      assert.equal(parallel.status, sequential.status);
      assert.equal(parallel.status, 1, 'examples/broken has errors');
      assert.ok(sequential.stdout.length > 1000, 'the examples produce findings');
      assert.equal(parallel.stdout, sequential.stdout);
    });
  }
});
