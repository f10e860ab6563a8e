/**
 * What package.json promises for run and trace: every command `ndis.`-prefixed in category NDIS,
 * the run commands restricted in untrusted workspaces (capabilities 'limited' + enablement), the
 * trace panel restorable after a reload (its activation event), the scenario schema shipped for
 * *.scenario.json, and the webview/worker bundles in the build.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers';

interface Command { command: string; title: string; category?: string; enablement?: string }
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; description?: string } };
  contributes: { commands: Command[]; menus: Record<string, { command: string; when?: string }[]>; jsonValidation?: { fileMatch: string[]; url: string }[] };
};
const TRACE_COMMANDS = ['ndis.runScenario', 'ndis.simulateDriver', 'ndis.stopSimulation', 'ndis.openTrace', 'ndis.exportTrace'];

describe('package.json for run and trace', () => {
  it('declares the five commands, prefixed and in category NDIS', () => {
    for (const id of TRACE_COMMANDS) {
      const c = pkg.contributes.commands.find((x) => x.command === id);
      assert.ok(c, `${id} is contributed`);
      assert.equal(c!.category, 'NDIS', id);
    }
    for (const c of pkg.contributes.commands) assert.match(c.command, /^ndis\./);
  });

  it('restricts running in untrusted workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
    for (const id of ['ndis.runScenario', 'ndis.simulateDriver']) assert.equal(pkg.contributes.commands.find((c) => c.command === id)!.enablement, 'isWorkspaceTrusted', id);
    const opens = pkg.contributes.commands.find((c) => c.command === 'ndis.openTrace')!;
    assert.equal(opens.enablement, undefined, 'viewing a trace runs nothing: allowed everywhere');
    const source = fs.readFileSync(path.join(ROOT, 'client', 'src', 'trace', 'commands.ts'), 'utf8');
    assert.match(source, /if \(!this\.trusted\(\)\) return undefined;/, 'the run path checks trust itself too (lenses and menus bypass enablement)');
  });

  it('restores trace panels after a reload and ships the scenario schema', () => {
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:ndis.trace'));
    assert.deepEqual(pkg.contributes.jsonValidation?.find((j) => j.url === './dist/scenario.schema.json')?.fileMatch, ['*.scenario.json']);
    const build = fs.readFileSync(path.join(ROOT, 'scripts', 'build.mjs'), 'utf8');
    for (const out of ['dist/webview.js', 'dist/webview.css', 'dist/simWorker.js']) assert.ok(build.includes(out), `build writes ${out}`);
    assert.match(build, /scenario\.schema\.json/);
  });

  it('hides palette entries that cannot apply', () => {
    const palette = pkg.contributes.menus.commandPalette ?? [];
    assert.equal(palette.find((m) => m.command === 'ndis.stopSimulation')?.when, 'ndis.simulationRunning');
    assert.equal(palette.find((m) => m.command === 'ndis.exportTrace')?.when, 'ndis.hasTrace');
  });
});
