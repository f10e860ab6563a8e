/**
 * Checking a scenario without running it (the editor's diagnostics, and before a run): the
 * simulator's own loader (YAML, the JSON Schema) and compiler (topology, names, durations), so
 * the problems are the file:line:col errors `ndiswb run` prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriverImage } from '../../../simulator/src/ndis/driverImage';
import { compileScenario, type UserDriverLoader } from '../../../simulator/src/scenario/compile';
import { loadScenarioText } from '../../../simulator/src/scenario/load';
import type { ScenarioError } from '../../../simulator/src/scenario/model';
import { kindsFromSource } from './driverScenario';

/**
 * Stands in for driver execution when a scenario is only checked: a `source:` folder must exist
 * and hold C sources; its roles come from the registrations they call (the run itself loads the
 * code, in `ndiswb run`).
 */
const probeLoader: UserDriverLoader = (source, kind, _service, context) => {
  const folder = path.resolve(context?.dir ?? '.', source);
  let text = '';
  try {
    for (const f of fs.readdirSync(folder)) if (/\.(c|cpp)$/i.test(f)) text += fs.readFileSync(path.join(folder, f), 'utf8');
  } catch {
    return `no driver folder ${source} (looked in ${folder})`;
  }
  if (!text) return `${source} has no .c files`;
  // as simulator/src/user/kind.ts detectRoles
  type Role = DriverImage['roles'][number];
  const found = new Set(kindsFromSource(text));
  const roles = new Set<Role>([kind as Role]);
  if (kind === 'intermediate') roles.add('protocol');
  if (found.has('protocol') && kind !== 'miniport' && kind !== 'filter') roles.add('protocol');
  if (found.has('provider')) roles.add('provider');
  if (found.has('miniport') && !found.has('intermediate') && kind !== 'intermediate') roles.add('miniport');
  return { roles: [...roles] } as unknown as DriverImage;
};

/** Problems of a scenario text, as `ndiswb run` would report them (nothing is run). */
export function checkScenario(text: string, file: string): ScenarioError[] {
  const loaded = loadScenarioText(text, file);
  if (!loaded.scenario) return [...loaded.errors];
  try {
    return [...compileScenario(loaded.scenario, loaded.locator, { dir: path.dirname(file), userDriverLoader: probeLoader }).errors];
  } catch (e) {
    return [{ file, line: 1, col: 1, message: `cannot check the scenario: ${(e as Error).message}` }];
  }
}

