/**
 * Runs the whole-driver flow analysis on a driver given as files, and lets a test edit a file and
 * analyse again (the way the language server does), to observe what the analysis reuses.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../../../common/src/settings';
import { characteristicsObjects } from '../../../server/src/analysis/characteristics';
import { analyzeFlow, type FlowAnalysis } from '../../../server/src/flow/analysis';
import type { FlowEvent } from '../../../server/src/flow/interp';
import type { Driver } from '../../../server/src/model/driver';
import { Workspace } from '../../../server/src/model/workspace';
import { initParser } from '../../../server/src/parser/cparser';

export interface FlowSession {
  readonly driver: Driver;
  /** Analyse (again). */
  analyse(): FlowAnalysis;
  /** Replace a file's text (as an editor change would) and analyse again. */
  edit(file: string, text: string): FlowAnalysis;
  /** Finding events of one rule as `file:line:col`. */
  where(fa: FlowAnalysis, kind: string): string[];
  dispose(): void;
}

export async function flowSession(files: Readonly<Record<string, string>>): Promise<FlowSession> {
  await initParser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-flow-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const settings = normalizeSettings({});
  const ws = new Workspace(settings, { info: () => undefined, error: (m) => { throw new Error(m); } });
  const driver = await ws.loadDirectory(dir);
  let version = 1;
  const analyse = (): FlowAnalysis => analyzeFlow(driver, characteristicsObjects(driver));
  return {
    driver,
    analyse,
    edit(file, text) {
      const f = [...driver.files.values()].find((x) => path.basename(x.fsPath) === file);
      if (!f) throw new Error(`no file ${file}`);
      f.update(text, ++version, settings.maxFileSize);
      driver.invalidate();
      return analyse();
    },
    where(fa, kind) {
      return fa.events.filter((e: FlowEvent) => e.kind === kind).map((e) => {
        const at = fa.locate(e.site, e.end)!;
        const f = driver.getIndex().fileOf(at.uri)!;
        const p = f.lines.position(at.start);
        return `${path.basename(f.fsPath)}:${p.line + 1}:${p.character + 1}`;
      }).sort();
    },
    dispose() {
      ws.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
