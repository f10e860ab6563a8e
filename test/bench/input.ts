/**
 * The benchmark input: the generated 20k-line driver, written once per run into a temporary
 * folder that `removeBenchInputs()` deletes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDriver, type GeneratedDriver } from './generate';

export interface BenchInput {
  readonly dir: string;
  readonly file: string;
  readonly driver: GeneratedDriver;
}

let input: BenchInput | undefined;

export function benchInput(): BenchInput {
  if (input) return input;
  const driver = generateDriver({ lines: 20_000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-bench-'));
  const file = path.join(dir, 'tbench.c');
  fs.writeFileSync(file, driver.text);
  input = { dir, file, driver };
  return input;
}

export function removeBenchInputs(): void {
  if (input) fs.rmSync(input.dir, { recursive: true, force: true });
  input = undefined;
}
