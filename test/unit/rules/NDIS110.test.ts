/**
 * NDIS110 flags: Flags carries bits outside those defined for the structure (miniport:
 * NDIS_INTERMEDIATE_DRIVER, NDIS_WDM_DRIVER; NDIS_DRIVER_FLAGS_RESERVED is never allowed).
 * Reported at the Flags value.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, VNIC_H, filterDriver, miniportDriver, posIn, protocolDriver, swap } from './fixtures';

const MINIPORT_FLAGS = '    MChars.Flags = 0;';
const PROTOCOL_FLAGS = '    ProtocolChars.Flags = 0;';
const FILTER_FLAGS = '    FChars.Flags = 0;';

describe('NDIS110 flags', () => {
  describe('valid', () => {
    it('accepts zero flags on every structure', async () => {
      await expectClean('NDIS110', miniportDriver(MINIPORT_ENTRY));
      await expectClean('NDIS110', protocolDriver(PROTOCOL_ENTRY));
      await expectClean('NDIS110', filterDriver(FILTER_ENTRY));
    });

    it('accepts the miniport flags, alone or combined, through a header #define', async () => {
      const header = `${VNIC_H}\n#define VNIC_DRIVER_FLAGS   (NDIS_WDM_DRIVER | NDIS_INTERMEDIATE_DRIVER)\n`;
      // An intermediate driver's miniport edge has no CheckForHang/Reset (NDIS106).
      const imEntry = swap(swap(MINIPORT_ENTRY, '    MChars.CheckForHangHandlerEx = VnicCheckForHang;\n', ''), '    MChars.ResetHandlerEx = VnicReset;\n', '');
      await expectClean('NDIS110', miniportDriver(swap(imEntry, MINIPORT_FLAGS, '    MChars.Flags = VNIC_DRIVER_FLAGS;'), { 'vnic.h': header }));
      await expectClean('NDIS110', miniportDriver(swap(MINIPORT_ENTRY, MINIPORT_FLAGS, '    MChars.Flags = NDIS_WDM_DRIVER;')));
    });

    it('accepts the header-only filter and protocol flags, per #if NDIS_SUPPORT_NDIS650', async () => {
      const protocol = swap(
        PROTOCOL_ENTRY,
        PROTOCOL_FLAGS,
        `#if NDIS_SUPPORT_NDIS650
    ProtocolChars.Flags = NDIS_PROTOCOL_DRIVER_SUPPORTS_CURRENT_MAC_ADDRESS_CHANGE | NDIS_PROTOCOL_DRIVER_SUPPORTS_L2_MTU_SIZE_CHANGE;
#else
    ProtocolChars.Flags = 0;
#endif`,
      );
      await expectClean('NDIS110', protocolDriver(protocol));
      await expectClean('NDIS110', filterDriver(swap(FILTER_ENTRY, FILTER_FLAGS, '    FChars.Flags = NDIS_FILTER_DRIVER_MANDATORY;')));
    });
  });

  describe('invalid', () => {
    it('reports NDIS_DRIVER_FLAGS_RESERVED on a miniport', async () => {
      const text = swap(MINIPORT_ENTRY, MINIPORT_FLAGS, '    MChars.Flags = NDIS_WDM_DRIVER | NDIS_DRIVER_FLAGS_RESERVED;');
      await expectDiagnostics('NDIS110', miniportDriver(text), [
        { code: 'NDIS110', ...lineOf(text, 'NDIS_WDM_DRIVER | NDIS_DRIVER_FLAGS_RESERVED'), severity: 'warning', message: 'Flags sets NDIS_DRIVER_FLAGS_RESERVED (0x8), which drivers must not set.' },
      ]);
    });

    it('reports undefined miniport bits, naming the allowed flags', async () => {
      const text = swap(MINIPORT_ENTRY, MINIPORT_FLAGS, '    MChars.Flags = NDIS_INTERMEDIATE_DRIVER | 0x10;');
      await expectDiagnostics('NDIS110', miniportDriver(text), [
        {
          code: 'NDIS110', ...lineOf(text, 'NDIS_INTERMEDIATE_DRIVER | 0x10'), severity: 'warning',
          message: 'sets 0x10 outside the defined flags (NDIS_INTERMEDIATE_DRIVER, NDIS_WDM_DRIVER)',
        },
      ]);
    });

    it('reports a miniport flag on protocol characteristics (comma expression)', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_FLAGS, '    ProtocolChars.MinorDriverVersion = 2, ProtocolChars.Flags = NDIS_INTERMEDIATE_DRIVER;');
      await expectDiagnostics('NDIS110', protocolDriver(text), [
        { code: 'NDIS110', ...posIn(text, 'Flags = NDIS_INTERMEDIATE_DRIVER', 'NDIS_INTERMEDIATE_DRIVER'), message: 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS: Flags NDIS_INTERMEDIATE_DRIVER (0x1) sets 0x1' },
      ]);
    });

    it('reports undefined filter bits in a designated initializer', async () => {
      const text = `#include "lwf.h"

NDIS_HANDLE FilterDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS FChars = {
        .Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS,
        .Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2,
        .Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .Flags = NDIS_FILTER_DRIVER_MANDATORY | 0x100,
        .FriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME),
        .UniqueName = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME),
        .ServiceName = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME),
        .AttachHandler = FilterAttach,
        .DetachHandler = FilterDetach,
        .RestartHandler = FilterRestart,
        .PauseHandler = FilterPause,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &FilterDriverHandle);
}
`;
      await expectDiagnostics('NDIS110', filterDriver(text), [
        { code: 'NDIS110', ...lineOf(text, 'NDIS_FILTER_DRIVER_MANDATORY | 0x100'), message: 'sets 0x100 outside the defined flags' },
      ]);
    });

    it('reports flags set through a pointer in a helper, only in the #if branch that is wrong', async () => {
      const helper = `#include "vnic.h"

_Use_decl_annotations_
VOID
VnicSetDriverFlags(
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
#if NDIS_SUPPORT_NDIS630
    Chars->Flags = NDIS_WDM_DRIVER | NDIS_DRIVER_FLAGS_RESERVED;
#else
    Chars->Flags = NDIS_WDM_DRIVER;
#endif
}
`;
      const entry = swap(
        swap(MINIPORT_ENTRY, MINIPORT_FLAGS, '    VnicSetDriverFlags(&MChars);'),
        '#include "vnic.h"\n',
        '#include "vnic.h"\n\nVOID VnicSetDriverFlags(_Inout_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars);\n',
      );
      const files = miniportDriver(entry, { 'usb.c': helper });
      await expectDiagnostics('NDIS110', files, [
        { code: 'NDIS110', file: 'usb.c', ...lineOf(helper, 'NDIS_WDM_DRIVER | NDIS_DRIVER_FLAGS_RESERVED'), message: 'NDIS_DRIVER_FLAGS_RESERVED' },
      ]);
      await expectClean('NDIS110', files, { version: '6.20' });
    });
  });
});
