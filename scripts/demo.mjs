// `npm run demo`: check the bundled example drivers and show what NDIS Workbench finds.
// The correct drivers (protocol, MUX + interface provider, filter) must come out clean; the
// broken ones show their defects. Exits non-zero only if the demo itself is wrong.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'bin', 'ndiswb.js');
const run = (args) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

console.log('== ndiswb check examples/protocol examples/mux examples/filter   (correct drivers)\n');
const clean = run(['check', 'examples/protocol', 'examples/mux', 'examples/filter']);
process.stdout.write(clean.stdout);
process.stderr.write(clean.stderr);

console.log('\n== ndiswb check examples/broken   (drivers with deliberate defects)\n');
const broken = run(['check', 'examples/broken']);
process.stdout.write(broken.stdout);
process.stderr.write(broken.stderr);

let ok = true;
if (clean.status !== 0 || /\b(error|warning) NDIS/.test(clean.stdout)) {
  console.error('\ndemo: the correct example drivers should produce no findings');
  ok = false;
}
if (broken.status !== 1) {
  console.error(`\ndemo: the broken examples should end with exit status 1, got ${broken.status}`);
  ok = false;
}
console.log(ok ? '\nThe correct drivers are clean; every defect above is one real NDIS would reject or crash on.' : '');
process.exit(ok ? 0 : 1);
