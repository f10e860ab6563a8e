/**
 * NDIS104 ndis-version: MajorNdisVersion must be 6 and MinorNdisVersion a released NDIS 6 minor
 * version; a minor that disagrees with the configured NDIS version is a warning. Reported at the
 * Major/MinorNdisVersion value.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, TUNPROT_H, filterDriver, miniportDriver, posIn, protocolDriver, swap } from './fixtures';

const PROTOCOL_VERSIONS = `    ProtocolChars.MajorNdisVersion = TUNPROT_MAJOR_NDIS_VERSION;
    ProtocolChars.MinorNdisVersion = TUNPROT_MINOR_NDIS_VERSION;`;

describe('NDIS104 ndis-version', () => {
  describe('valid', () => {
    for (const version of ['6.0', '6.1', '6.30']) {
      it(`accepts the header's per-version minor (#if NDIS_SUPPORT_NDIS630 / NDIS61 / else) built for ${version}`, async () => {
        await expectClean('NDIS104', protocolDriver(PROTOCOL_ENTRY), { version });
      });
    }

    it('accepts NDIS_MINIPORT_MAJOR/MINOR_VERSION from the build configuration', async () => {
      await expectClean('NDIS104', miniportDriver(MINIPORT_ENTRY), { version: '6.80' });
      await expectClean('NDIS104', miniportDriver(MINIPORT_ENTRY), { defines: ['NDIS650_MINIPORT=1'] });
      await expectClean('NDIS104', miniportDriver(MINIPORT_ENTRY));
    });

    it('accepts NDIS 6.1 (minor 1, missing from the docs tables) and 6.89', async () => {
      for (const minor of ['1', '89']) {
        const fixed = swap(PROTOCOL_ENTRY, PROTOCOL_VERSIONS, `    ProtocolChars.MajorNdisVersion = 6;\n    ProtocolChars.MinorNdisVersion = ${minor};`);
        // Both use revision 2 whatever the build, so the driver is correct in every configuration.
        const text = fixed.replace(/#if NDIS_SUPPORT_NDIS61\n(.*\n.*\n)#else\n.*\n.*\n#endif\n/, '$1');
        await expectClean('*', protocolDriver(text));
        await expectClean('NDIS104', protocolDriver(text));
      }
    });

    it('accepts versions in a positional initializer that elides the Header braces', async () => {
      const text = `#include "tunprot.h"

TUN_GLOBALS Globals;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars = {
        NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
        NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        6, 30,
        TUNPROT_MAJOR_DRIVER_VERSION, TUNPROT_MINOR_DRIVER_VERSION,
        0,
        NDIS_STRING_CONST("TUNPROT"),
        NULL,
        TunBindAdapter, TunUnbindAdapter, TunOpenAdapterComplete, TunCloseAdapterComplete,
        TunNetPnPEvent, TunUninstall, TunOidRequestComplete, TunStatus,
        TunReceiveNetBufferLists, TunSendNetBufferListsComplete,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = TunUnload;
    return NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
}
`;
      await expectClean('NDIS104', protocolDriver(text));
      // The whole driver is correct: brace elision maps every value to its member.
      await expectClean('*', protocolDriver(text));
    });

    it('accepts #if NDIS_SUPPORT_NDIS680 / #else versions that are each released', async () => {
      const text = swap(
        FILTER_ENTRY,
        '    FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;',
        `#if NDIS_SUPPORT_NDIS680
    FChars.MinorNdisVersion = 80;
#else
    FChars.MinorNdisVersion = 30;
#endif`,
      );
      await expectClean('NDIS104', filterDriver(text));
      await expectClean('NDIS104', filterDriver(text), { version: '6.80' });
      await expectClean('NDIS104', filterDriver(text), { version: '6.30' });
    });
  });

  describe('invalid', () => {
    it('reports a major version that is not 6 at its value', async () => {
      const header = swap(TUNPROT_H, '#define TUNPROT_MAJOR_NDIS_VERSION      6', '#define TUNPROT_MAJOR_NDIS_VERSION      5');
      const files = protocolDriver(PROTOCOL_ENTRY, { 'tunprot.h': header });
      await expectDiagnostics('NDIS104', files, [
        {
          code: 'NDIS104', ...lineOf(PROTOCOL_ENTRY, 'TUNPROT_MAJOR_NDIS_VERSION;'), file: 'driver.c', severity: 'error',
          message: 'MajorNdisVersion is 5; NDIS 6 drivers must use 6 (NdisRegisterProtocolDriver returns NDIS_STATUS_BAD_VERSION)',
        },
      ]);
    });

    it('reports a minor version NDIS never released', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_VERSIONS, '    ProtocolChars.MajorNdisVersion = 6, ProtocolChars.MinorNdisVersion = 10;');
      await expectDiagnostics('NDIS104', protocolDriver(text), [
        { code: 'NDIS104', ...posIn(text, 'MinorNdisVersion = 10;', '10'), severity: 'error', message: 'MinorNdisVersion 10 is not a released NDIS 6 version' },
      ]);
    });

    it('reports only the #if branch with an unreleased minor', async () => {
      const text = swap(
        FILTER_ENTRY,
        '    FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;',
        `#if NDIS_SUPPORT_NDIS680
    FChars.MinorNdisVersion = 8;
#else
    FChars.MinorNdisVersion = 30;
#endif`,
      );
      await expectDiagnostics('NDIS104', filterDriver(text), [
        { code: 'NDIS104', ...posIn(text, 'MinorNdisVersion = 8;', '8'), severity: 'error', message: 'MinorNdisVersion 8 is not a released' },
      ]);
    });

    it('warns when the minor disagrees with the configured NDIS version', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_VERSIONS, '    ProtocolChars.MajorNdisVersion = 6;\n    ProtocolChars.MinorNdisVersion = 20;');
      await expectDiagnostics(
        'NDIS104',
        protocolDriver(text),
        [
          {
            code: 'NDIS104', ...posIn(text, 'MinorNdisVersion = 20;', '20'), severity: 'warning',
            message: 'MinorNdisVersion 20 declares NDIS 6.20, but the project is built for NDIS 6.30 (from the ndis.version / ndis.defines settings)',
          },
        ],
        { version: '6.30' },
      );
      await expectClean('NDIS104', protocolDriver(text));
    });

    it('reports versions set in a designated initializer', async () => {
      const text = `#include "vnic.h"

NDIS_HANDLE VnicDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars = {
        .Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
        .Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        .Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 0x60,
        .MinorNdisVersion = 0x1E,
        .InitializeHandlerEx = VnicInitializeEx,
        .HaltHandlerEx = VnicHaltEx,
        .UnloadHandler = VnicUnload,
        .PauseHandler = VnicPause,
        .RestartHandler = VnicRestart,
        .OidRequestHandler = VnicOidRequest,
        .SendNetBufferListsHandler = VnicSendNetBufferLists,
        .ReturnNetBufferListsHandler = VnicReturnNetBufferLists,
        .CancelSendHandler = VnicCancelSend,
        .DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify,
        .ShutdownHandlerEx = VnicShutdownEx,
        .CancelOidRequestHandler = VnicCancelOidRequest,
    };

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      // 0x1E is 30: a released minor, so only the major is wrong.
      await expectDiagnostics('NDIS104', miniportDriver(text), [
        { code: 'NDIS104', ...lineOf(text, '0x60'), severity: 'error', message: 'MajorNdisVersion is 96' },
      ]);
    });

    it('reports a MajorNdisVersion never set at the registration call', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_VERSIONS, '    ProtocolChars.MinorNdisVersion = TUNPROT_MINOR_NDIS_VERSION;');
      await expectDiagnostics('NDIS104', protocolDriver(text), [
        { code: 'NDIS104', ...lineOf(text, 'NdisRegisterProtocolDriver('), severity: 'error', message: 'MajorNdisVersion is never set' },
      ]);
    });
  });
});
