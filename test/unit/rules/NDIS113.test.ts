/**
 * NDIS113 inf-service-name: a protocol's Name / a filter's ServiceName must be a service the INF
 * beside the driver installs. Reported at the name member; case-only differences are information.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { infFacts } from '../../../server/src/model/projectFiles';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { DRIVER_C, HANDLERS_C, TUNFEAT_H, edit } from '../../lsp/features/drivers';
import { FILTER_ENTRY, filterDriver, posIn } from './fixtures';
import { filterInf, protocolInf } from './projectFixtures';

function protocol(driverC: string, inf: string | undefined): Record<string, string> {
  return { 'tunfeat.h': TUNFEAT_H, 'handlers.c': HANDLERS_C, 'driver.c': driverC, ...(inf ? { 'prot.inf': inf } : {}) };
}

const NAME_AT = posIn(DRIVER_C, 'NdisInitUnicodeString(&ProtocolChars.Name', 'Name');

describe('NDIS113 inf-service-name', () => {
  describe('valid', () => {
    it('the protocol Name is the INF AddService name', () => expectClean('NDIS113', protocol(DRIVER_C, protocolInf('TUNFEAT'))));
    it('the Name comes from a variable initialised with NDIS_STRING_CONST', () =>
      expectClean('NDIS113', protocol(edit(edit(DRIVER_C, 'NdisInitUnicodeString(&ProtocolChars.Name, L"TUNFEAT");', 'ProtocolChars.Name = ProtocolName;'), '    UNREFERENCED_PARAMETER(RegistryPath);', '    NDIS_STRING ProtocolName = NDIS_STRING_CONST("TUNFEAT");\n    UNREFERENCED_PARAMETER(RegistryPath);'), protocolInf('TUNFEAT'))));
    it('only the Ndi Service value names it', () => expectClean('NDIS113', protocol(DRIVER_C, protocolInf('OTHERSVC', 'TUNFEAT').replace('AddService = OTHERSVC', 'AddService = TUNFEAT'))));
    it('no INF beside the driver', () => expectClean('NDIS113', protocol(DRIVER_C, undefined)));
    it('only an adapter (Class = Net) INF', () => expectClean('NDIS113', protocol(DRIVER_C, protocolInf('SOMETHING').replace('Class       = NetTrans', 'Class       = Net'))));
    it('the filter ServiceName is the INF service, through [Strings]', () => expectClean('NDIS113', filterDriver(FILTER_ENTRY, { 'lwf.inf': filterInf() })));
  });

  describe('invalid', () => {
    it('the protocol Name is not a service the INF installs', async () => {
      const r = await expectDiagnostics('NDIS113', protocol(DRIVER_C, protocolInf('TUNFEET')), [
        { code: 'NDIS113', file: 'driver.c', ...NAME_AT, severity: 'warning', message: 'Name "TUNFEAT" is not a service prot.inf installs (TUNFEET)', related: 1 },
      ]);
      assert.match(r.diagnostics.find((d) => d.code === 'NDIS113')!.message, /never bound to an adapter/);
    });
    it('a difference in case only is information', async () => {
      await expectDiagnostics('NDIS113', protocol(DRIVER_C, protocolInf('TunFeat')), [{ code: 'NDIS113', file: 'driver.c', ...NAME_AT, severity: 'information', message: 'only in case' }]);
    });
    it('the filter ServiceName differs from the INF service', async () => {
      const entry = FILTER_ENTRY;
      await expectDiagnostics('NDIS113', filterDriver(entry, { 'lwf.inf': filterInf({ service: 'CTSOLWF' }) }), [
        { code: 'NDIS113', file: 'driver.c', line: lineOf(entry, '&FChars.ServiceName').line, message: 'ServiceName "NDISLWF" is not a service lwf.inf installs (CTSOLWF)' },
      ]);
    });
  });

  it('reads UTF-16 INF files and follows line continuations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-inf-'));
    try {
      const text = protocolInf('TUNFEAT').replace('AddService = TUNFEAT, , Prot.Service', 'AddService = TUNFEAT, \\\n    , Prot.Service');
      fs.writeFileSync(path.join(dir, 'prot.inf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]));
      const [facts] = infFacts(dir);
      assert.deepEqual(facts?.services, ['TUNFEAT']);
      assert.equal(facts?.class, 'NetTrans');
      assert.deepEqual(facts?.descriptions, ['Contoso test protocol']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
