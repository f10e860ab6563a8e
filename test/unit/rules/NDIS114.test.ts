/**
 * NDIS114 inf-filter-identity: a filter's UniqueName is the INF's NetCfgInstanceId (warning);
 * its FriendlyName matches the INF's description of the filter (information).
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, filterDriver } from './fixtures';
import { filterInf } from './projectFixtures';

describe('NDIS114 inf-filter-identity', () => {
  describe('valid', () => {
    it('UniqueName is the NetCfgInstanceId and FriendlyName the description', () => expectClean('NDIS114', filterDriver(FILTER_ENTRY, { 'lwf.inf': filterInf() })));
    it('GUIDs compare without regard to case', () =>
      expectClean('NDIS114', filterDriver(FILTER_ENTRY, { 'lwf.inf': filterInf({ guid: '{5CBF81BD-5055-47CD-9055-A76B2B4E3697}' }) })));
    it('no INF beside the filter', () => expectClean('NDIS114', filterDriver(FILTER_ENTRY)));
  });

  describe('invalid', () => {
    it('UniqueName is another GUID than NetCfgInstanceId', async () => {
      await expectDiagnostics('NDIS114', filterDriver(FILTER_ENTRY, { 'lwf.inf': filterInf({ guid: '{11111111-2222-3333-4444-555555555555}' }) }), [
        {
          code: 'NDIS114', file: 'driver.c', line: lineOf(FILTER_ENTRY, '&FChars.UniqueName').line, column: lineOf(FILTER_ENTRY, 'UniqueName,').column, severity: 'warning',
          message: 'UniqueName {5cbf81bd-5055-47cd-9055-a76b2b4e3697} is not the NetCfgInstanceId of lwf.inf ({11111111-2222-3333-4444-555555555555})', related: 1,
        },
      ]);
    });
    it('FriendlyName differs from the INF description: information', async () => {
      await expectDiagnostics('NDIS114', filterDriver(FILTER_ENTRY, { 'lwf.inf': filterInf({ description: 'Contoso Packet Tap' }) }), [
        { code: 'NDIS114', file: 'driver.c', line: lineOf(FILTER_ENTRY, '&FChars.FriendlyName').line, severity: 'information', message: 'FriendlyName "NDIS Sample LightWeight Filter" differs from the description lwf.inf gives the filter ("Contoso Packet Tap")' },
      ]);
    });
  });
});
