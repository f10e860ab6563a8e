import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { driverSources, loadDriver, resolveDefines, TestHost, vcxprojDefineLists } from '../../../simulator/src/exec';
import { cParser, errors, lineOf, loadC } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-exec-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

describe('exec: loading drivers', () => {
  it('reads the configuration from the .vcxproj, else from defines, else assumes NDIS630', () => {
    const xml = '<Project><ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>WIN32;%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>'
      + '<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>NDIS680=1;NDIS_WDM=1;DBG;%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup></Project>';
    assert.deepEqual(vcxprojDefineLists(xml), [['WIN32'], ['NDIS680=1', 'NDIS_WDM=1', 'DBG']]);
    write('cfg/drv.vcxproj', xml);
    const fromProject = resolveDefines(path.join(tmp, 'cfg'), undefined, (p) => fs.readFileSync(p, 'utf8'));
    assert.deepEqual([...fromProject.defines], [['NDIS680', '1'], ['NDIS_WDM', '1'], ['DBG', '1']]);
    assert.equal(fromProject.source, 'drv.vcxproj');
    const explicit = resolveDefines(path.join(tmp, 'cfg'), ['NDIS620_MINIPORT=1'], () => undefined);
    assert.deepEqual([...explicit.defines], [['NDIS620_MINIPORT', '1']]);
    const none = resolveDefines(path.join(tmp, 'nothing-here'), undefined, () => undefined);
    assert.deepEqual([...none.defines], [['NDIS630', '1']]);
    assert.match(none.diagnostics[0]!.message, /assuming NDIS630=1/);
  });

  it('collects the .c files of a driver folder and skips sub-drivers', () => {
    write('tree/a.c', '');
    write('tree/sub/b.c', '');
    write('tree/sub/b.h', '');
    write('tree/other/x.inf', '');
    write('tree/other/x.c', '');
    assert.deepEqual(driverSources(path.join(tmp, 'tree')).map((p) => path.relative(tmp, p)), ['tree/a.c', 'tree/sub/b.c']);
  });

  it('reports syntax errors at their original file and line, and keeps the rest runnable', async () => {
    const src = `#include <ndis.h>
#define BROKEN(x) ((x) +
ULONG Good(void) { return 2; }
ULONG Bad(void)
{
    return BROKEN(1);
}`;
    const { interp } = await loadC(src);
    const errs = errors(interp);
    assert.ok(errs.some((e) => e.startsWith('syntax error') && e.endsWith(`@test.c:${lineOf(src, 'return BROKEN')}`)), errs.join('\n'));
    assert.equal(interp.call('Good'), 2);
    assert.throws(() => interp.call('Bad'), /syntax error/);
  });

  it('loads a driver from disk with its own headers and DBG from the project', async () => {
    write('dbgdrv/dbgdrv.vcxproj', '<Project><ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>NDIS630=1;DBG=1</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup></Project>');
    write('dbgdrv/inc/drv.h', '#include <ndis.h>\nULONG Check(ULONG v);\n');
    write('dbgdrv/drv.c', '#include "inc/drv.h"\nULONG Check(ULONG v) { ASSERT(v != 0); return v; }\n');
    const interp = loadDriver({ folder: path.join(tmp, 'dbgdrv'), parser: await cParser(), host: new TestHost(), displayName: (p) => path.relative(tmp, p) });
    assert.deepEqual(interp.diagnostics, []);
    assert.equal(interp.call('Check', [5]), 5);
    assert.throws(() => interp.call('Check', [0]), /assertion failed: v != 0 \(dbgdrv\/drv\.c:2\)/);
  });
});
