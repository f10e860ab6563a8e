/**
 * Project files and workspace folders:
 * - a changed, created or deleted `.inf` / `.vcxproj` re-reads the build configurations (NDIS
 *   version macros) and re-analyses the open drivers, so the INF/project rules (NDIS113–NDIS115)
 *   and NDIS104 see the new files; events arriving together are handled once;
 * - workspace folders added to a multi-root workspace are indexed in the background; drivers of a
 *   removed folder are dropped and their diagnostics cleared.
 */
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver/node';
import { loadWorkspaceInBackground } from '../lsp/background';
import { pathToUri, uriToPath } from '../model/workspace';
import type { FeatureServices } from './services';

const DEBOUNCE_MS = 150;

export function register(connection: Connection, s: FeatureServices): void {
  let timer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles((params) => {
    if (!params.changes.some((c) => /\.(inf|vcxproj)$/i.test(c.uri))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void projectFilesChanged(s), DEBOUNCE_MS);
  });

  void s.initialized.then(async () => {
    const caps = s.clientCapabilities();
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{inf,vcxproj}' }] })
        .catch((e: Error) => s.log.error(`watching project files failed: ${e.message}`));
    }
    if (!caps.workspace?.workspaceFolders) return;
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const added = e.added.map((f) => uriToPath(f.uri));
      const removed = e.removed.map((f) => path.resolve(uriToPath(f.uri)));
      s.folders.set([...s.folders.get().filter((f) => !removed.includes(path.resolve(f))), ...added]);
      dropDrivers(connection, s, removed);
      if (added.length) void loadWorkspaceInBackground(added, s.workspace, s.diagnostics, s.log);
    });
  });
}

async function projectFilesChanged(s: FeatureServices): Promise<void> {
  try {
    await s.workspace.updateSettings(s.workspace.currentSettings);
    s.diagnostics.reanalyzeAll();
  } catch (e) {
    s.log.error(`re-reading project files failed: ${(e as Error).message}`);
  }
}

/** Forget the drivers under removed folders (unless a document of theirs is still open). */
function dropDrivers(connection: Connection, s: FeatureServices, removed: readonly string[]): void {
  const open = new Set(s.documents.all().map((d) => (d.uri.startsWith('file:') ? path.resolve(uriToPath(d.uri)) : d.uri)));
  for (const [key, d] of [...s.workspace.drivers]) {
    const root = path.resolve(d.root);
    if (!removed.some((r) => root === r || root.startsWith(r + path.sep))) continue;
    if ([...d.files.keys()].some((f) => open.has(f))) continue;
    for (const f of d.files.keys()) connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: [] });
    d.dispose();
    s.workspace.drivers.delete(key);
  }
}
