// `npm run demo`: check the bundled example drivers and show what NDIS Workbench finds, then run
// the simulator. The correct drivers (protocol, MUX + interface provider, filter) must come out
// clean; the broken ones show their defects; the simulated two-host stack must run clean and the
// fault scenario must end in its bug check. Exits non-zero only if the demo itself is wrong.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
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

// The simulator: the bundled two-host demo (ping across a filter and a wire), then a scenario
// with a deliberate fault that ends in the bug check real NDIS raises.
const simDir = path.join(root, 'test-output', 'demo');
fs.mkdirSync(simDir, { recursive: true });
console.log(`\n== ndiswb run --quiet --trace ${path.relative(root, simDir)}/demo.jsonl --pcapng ${path.relative(root, simDir)}/demo.pcapng   (the bundled demo)\n`);
const sim = run(['run', '--quiet', '--trace', path.join(simDir, 'demo.jsonl'), '--pcapng', path.join(simDir, 'demo.pcapng')]);
process.stdout.write(sim.stdout);
process.stderr.write(sim.stderr);
console.log('\n== ndiswb run examples/scenarios/faults/provider-teardown.yaml --quiet   (a deliberate fault)\n');
const fault = run(['run', 'examples/scenarios/faults/provider-teardown.yaml', '--quiet']);
process.stdout.write(fault.stdout);
process.stderr.write(fault.stderr);
// The developer's own driver: the example protocol driver's C code runs in the simulated stack.
console.log('\n== ndiswb run --driver examples/protocol --quiet   (the example protocol driver\'s own C code)\n');
const own = run(['run', '--driver', 'examples/protocol', '--quiet']);
process.stdout.write(own.stdout);
process.stderr.write(own.stderr);
if (own.status !== 0) {
  console.error(`\ndemo: the example protocol driver should load, bind, pass traffic and unload cleanly, got ${own.status}`);
  ok = false;
}
if (sim.status !== 0) {
  console.error(`\ndemo: the simulator demo should run clean (exit 0), got ${sim.status}`);
  ok = false;
}
if (fault.status !== 1 || !/0x7C BUGCODE_NDIS_DRIVER \(0x17/.test(fault.stdout)) {
  console.error(`\ndemo: the provider-teardown scenario should end in bug check 0x7C/0x17 (exit 1), got ${fault.status}`);
  ok = false;
}
if (ok) console.log(`\nThe simulated stack ran clean; open ${path.relative(root, simDir)}/demo.pcapng in Wireshark to see every hop.`);
process.exit(ok ? 0 : 1);
