/**
 * The editor side of scenarios and drivers, without VS Code: completion contexts from YAML
 * indentation and flow collections, suggestions from the scenario schema, where the "▶ Simulate"
 * lens goes, and the default scenario for each driver kind (it must load, compile and run clean).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { driverEntryLines, driverRunArgs, kindsFromSource, primaryKind, usesSourceDrivers } from '../../../client/src/trace/driverScenario';
import { checkScenario } from '../../../client/src/trace/scenarioCheck';
import { cursorContext, suggest, type SchemaNode } from '../../../client/src/trace/scenarioSchema';
import { SCENARIO_SCHEMA } from '../../../simulator/src/scenario/load';
import { ROOT, scenario } from './helpers';

const schema = SCENARIO_SCHEMA as SchemaNode;
/** The context at the | in `text`. */
function at(text: string): ReturnType<typeof cursorContext> {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  return cursorContext(lines.map((l) => l.replace('|', '')), line, lines[line]!.indexOf('|'));
}
const labels = (text: string): string[] => suggest(schema, at(text)).map((s) => s.label);

describe('scenario completion', () => {
  it('top-level keys, minus those present', () => {
    const c = at('name: x\nhosts: []\n|');
    assert.deepEqual({ ...c, present: [...c.present].sort() }, { path: [], mode: 'key', prefix: '', present: ['hosts', 'name'] });
    const l = labels('name: x\nhosts: []\n|');
    for (const k of ['wires', 'traffic', 'events', 'stop', 'limits', 'seed']) assert.ok(l.includes(k), k);
    assert.ok(!l.includes('name') && !l.includes('hosts'));
  });

  it('keys of a list item, after "- " and on the following lines', () => {
    assert.deepEqual(at('hosts:\n  - |').path, ['hosts', '[]']);
    assert.deepEqual(at('hosts:\n  - name: a\n    |').path, ['hosts', '[]']);
    assert.ok(labels('hosts:\n  - name: a\n    dr|').includes('drivers'));
    assert.deepEqual([...at('hosts:\n  - name: a\n    drivers: []\n    |').present].sort(), ['drivers', 'name'], 'the key on the "- " line is a sibling');
    assert.deepEqual(at('hosts:\n  - name: a\n  - name: b\n    |').present, ['name'], 'not the keys of the item before');
    assert.deepEqual(at('hosts:\n  - name: a\n    drivers:\n      - |').path, ['hosts', '[]', 'drivers', '[]']);
    assert.ok(labels('hosts:\n  - name: a\n    drivers:\n      - |').includes('builtin'));
  });

  it('values: enums of the key', () => {
    const c = at('hosts:\n  - drivers:\n      - builtin: |');
    assert.equal(c.mode, 'value');
    assert.equal(c.key, 'builtin');
    assert.deepEqual(labels('hosts:\n  - drivers:\n      - builtin: |').sort(), ['TINYIP', 'TINYLWF', 'TINYMUX', 'VETH']);
    assert.ok(labels('events:\n  - at: 1ms\n    do: |').includes('unplug'));
  });

  it('inside flow maps: keys and values', () => {
    const c = at('hosts:\n  - adapters:\n      - { name: eth0, dri| }');
    assert.deepEqual({ path: c.path, mode: c.mode, present: c.present }, { path: ['hosts', '[]', 'adapters', '[]'], mode: 'key', present: ['name'] });
    assert.ok(labels('hosts:\n  - adapters:\n      - { name: eth0, | }').includes('virtual'));
    assert.ok(labels('traffic:\n  - at: 1ms\n    ping: { fr| }').includes('from'));
    assert.ok(labels('stop: { teardown: | }').includes('true'));
  });
});

describe('scenario checks', () => {
  const file = path.join(ROOT, 'examples', 'scenarios', 'mine.yaml');
  const withSource = (src: string, kind = 'protocol'): string => `hosts:
  - name: dut
    drivers:
      - builtin: VETH
      - { source: ${src}, kind: ${kind}, name: TUNPROT }
    adapters:
      - { name: eth0, driver: VETH }
`;
  it('the examples are clean', () => {
    for (const f of ['demo.yaml', 'events.yaml', 'mux.yaml', 'frames.yaml', 'faults/leaked-nbl.yaml']) assert.deepEqual(checkScenario(scenario(f), path.join(ROOT, 'examples', 'scenarios', f)), [], f);
  });

  it('reports file:line:col problems: schema, topology', () => {
    const bad = checkScenario('hosts:\n  - name: a\n    drivers:\n      - builtin: VETH\n    adapters:\n      - { name: eth0, driver: NOPE }\n    colour: red\n', file);
    assert.ok(bad.some((e) => e.line === 7 && /colour/.test(e.message)), JSON.stringify(bad));
  });

  it('source: drivers are checked as far as a check can: the folder, its C sources, what they register', () => {
    assert.deepEqual(checkScenario(withSource('../protocol'), file), []);
    const missing = checkScenario(withSource('../nowhere'), file);
    assert.equal(missing.length, 1);
    assert.equal(missing[0]!.line, 5);
    assert.match(missing[0]!.message, /no driver folder \.\.\/nowhere/);
    const asMiniport = checkScenario(withSource('../protocol', 'miniport').replace('driver: VETH }', 'driver: TUNPROT }'), file);
    assert.deepEqual(asMiniport, [], 'a kind: miniport driver may drive adapters');
    const notMiniport = checkScenario(withSource('../protocol').replace('driver: VETH }', 'driver: TUNPROT }'), file);
    assert.ok(notMiniport.some((e) => /does not drive physical adapters/.test(e.message)), JSON.stringify(notMiniport));
  });
});

describe('Simulate This Driver', () => {
  it('the lens goes above the DriverEntry definition, its return type and annotations included', () => {
    const src = fs.readFileSync(path.join(ROOT, 'examples', 'protocol', 'driver.c'), 'utf8').split('\n');
    const [line] = driverEntryLines(src.join('\n'));
    assert.equal(src[line!]!.trim(), '_Use_decl_annotations_');
    assert.deepEqual(driverEntryLines('DRIVER_INITIALIZE DriverEntry;\nx = DriverEntry(a, b);\n// DriverEntry(\n'), [], 'declarations, calls and comments are not definitions');
    assert.deepEqual(driverEntryLines('NTSTATUS\nDriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n}\n'), [0]);
  });

  it('kinds from registrations; intermediate wins over its miniport and protocol edges', () => {
    assert.deepEqual(kindsFromSource('NdisRegisterProtocolDriver(&g, &c, &h);'), ['protocol']);
    assert.equal(primaryKind(['miniport', 'protocol', 'provider']), 'intermediate');
    assert.equal(primaryKind(['filter']), 'filter');
    assert.equal(primaryKind([]), undefined);
    const mux = ['mux.c', 'miniport.c', 'protocol.c', 'provider.c'].map((f) => fs.readFileSync(path.join(ROOT, 'examples', 'mux', f), 'utf8')).join('\n');
    assert.equal(primaryKind(kindsFromSource(mux)), 'intermediate');
  });

  it('runs the driver\'s own code: ndiswb run --driver DIR --kind K; source: scenarios go the same way', () => {
    assert.deepEqual(driverRunArgs('/w/protocol', 'protocol'), ['--driver', '/w/protocol', '--kind', 'protocol']);
    assert.deepEqual(driverRunArgs('/w/x', undefined), ['--driver', '/w/x']);
    assert.equal(usesSourceDrivers('hosts:\n  - name: a\n    drivers:\n      - { source: ../protocol, kind: protocol, name: TUNPROT }\n'), true);
    assert.equal(usesSourceDrivers('hosts:\n  - drivers:\n      - source: ../protocol\n'), true);
    assert.equal(usesSourceDrivers(scenario('demo.yaml')), false);
  });
});
