/**
 * Load the workspace's drivers after start-up, a file at a time with yields in between, so
 * requests for open documents are answered first.
 */
import { listSourceFiles, driverRootFor } from '../model/driver';
import type { Workspace } from '../model/workspace';
import type { DiagnosticsService } from './diagnostics';

const MAX_BACKGROUND_FILES = 3000;

export async function loadWorkspaceInBackground(
  folders: readonly string[],
  workspace: Workspace,
  diagnostics: DiagnosticsService,
  log: { info(m: string): void; error(m: string): void },
): Promise<void> {
  const t0 = Date.now();
  let count = 0;
  for (const folder of folders) {
    const files = listSourceFiles(folder, true, MAX_BACKGROUND_FILES);
    // One representative file per driver root; loading it loads the driver.
    const byRoot = new Map<string, string>();
    for (const f of files) {
      const root = driverRootFor(f, folder);
      if (!byRoot.has(root)) byRoot.set(root, f);
    }
    for (const [root, file] of [...byRoot].sort()) {
      await new Promise((r) => setImmediate(r));
      try {
        const d = await workspace.driverFor(file);
        count += d.files.size;
        diagnostics.publishDriver(d);
      } catch (e) {
        log.error(`background load of ${root} failed: ${(e as Error).message}`);
      }
    }
  }
  log.info(`NDIS Workbench: indexed ${count} files in ${folders.length} folder(s) in ${Date.now() - t0} ms`);
}
