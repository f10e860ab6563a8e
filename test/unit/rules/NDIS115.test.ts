/**
 * NDIS115 project-version: the .vcxproj NDIS version macros — configurations building different
 * versions (at MinorNdisVersion), a miniport without NDIS6xx_MINIPORT or NDIS_MINIPORT_DRIVER,
 * a protocol/filter with only _MINIPORT macros (at the registration call).
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { DRIVER_C, HANDLERS_C, TUNFEAT_H } from '../../lsp/features/drivers';
import { MINIPORT_ENTRY, miniportDriver } from './fixtures';
import { vcxproj } from './projectFixtures';

function protocol(proj: string): Record<string, string> {
  return { 'tunfeat.h': TUNFEAT_H, 'handlers.c': HANDLERS_C, 'driver.c': DRIVER_C, 'prot.vcxproj': proj };
}

const MINOR = lineOf(DRIVER_C, '30;');
const PROT_REG = lineOf(DRIVER_C, 'NdisRegisterProtocolDriver(');
const MP_REG = lineOf(MINIPORT_ENTRY, 'NdisMRegisterMiniportDriver(');

describe('NDIS115 project-version', () => {
  describe('valid', () => {
    it('one NDIS version in every configuration', () => expectClean('NDIS115', protocol(vcxproj([['Debug|x64', 'NDIS630=1'], ['Release|x64', 'NDIS630=1;NDIS_WDM=1']]))));
    it('a miniport with NDIS_MINIPORT_DRIVER and NDIS6xx_MINIPORT', () => expectClean('NDIS115', miniportDriver(MINIPORT_ENTRY, { 'vnic.vcxproj': vcxproj([['', 'NDIS_MINIPORT_DRIVER=1;NDIS680_MINIPORT=1']]) })));
    it('no version macro in the project', () => expectClean('NDIS115', protocol(vcxproj([['', 'NDIS_WDM=1']]))));
    it('the version comes from the settings', () => expectClean('NDIS115', protocol(vcxproj([['Debug|x64', 'NDIS630=1'], ['Release|x64', 'NDIS620=1']])), { version: '6.30' }));
  });

  describe('invalid', () => {
    it('configurations build different NDIS versions', async () => {
      await expectDiagnostics('NDIS115', protocol(vcxproj([['Debug|x64', 'NDIS630=1'], ['Release|x64', 'NDIS620=1']])), [
        { code: 'NDIS115', file: 'driver.c', line: MINOR.line, column: MINOR.column, severity: 'warning', message: 'prot.vcxproj builds different NDIS versions (Debug|x64: NDIS 6.30; Release|x64: NDIS 6.20)' },
      ]);
    });
    it('a miniport built with NDIS680 only', async () => {
      await expectDiagnostics('NDIS115', miniportDriver(MINIPORT_ENTRY, { 'vnic.vcxproj': vcxproj([['', 'NDIS_MINIPORT_DRIVER=1;NDIS680=1']]) }), [
        { code: 'NDIS115', file: 'driver.c', line: MP_REG.line, message: 'defines NDIS680 but no NDIS6xx_MINIPORT macro' },
      ]);
    });
    it('a miniport built without NDIS_MINIPORT_DRIVER', async () => {
      await expectDiagnostics('NDIS115', miniportDriver(MINIPORT_ENTRY, { 'vnic.vcxproj': vcxproj([['', 'NDIS680_MINIPORT=1']]) }), [
        { code: 'NDIS115', file: 'driver.c', line: MP_REG.line, message: 'without NDIS_MINIPORT_DRIVER' },
      ]);
    });
    it('a protocol built with only NDIS630_MINIPORT', async () => {
      await expectDiagnostics('NDIS115', protocol(vcxproj([['Release|x64', 'NDIS630_MINIPORT=1']])), [
        { code: 'NDIS115', file: 'driver.c', line: PROT_REG.line, message: 'prot.vcxproj (Release|x64) defines only NDIS630_MINIPORT' },
      ]);
    });
  });
});
