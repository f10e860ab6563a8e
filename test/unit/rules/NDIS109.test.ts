/**
 * NDIS109 not-zeroed: a characteristics structure with automatic storage is passed to its
 * registration without having been zeroed before its members were set. Reported at the
 * registration call. This file also covers `ndis.rules` severity overrides.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, TUNPROT_H, filterDriver, miniportDriver, protocolDriver, swap } from './fixtures';

const PROTOCOL_ZERO = '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n';
const notZeroed = swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '');

describe('NDIS109 not-zeroed', () => {
  describe('valid', () => {
    it('accepts NdisZeroMemory before the members are set', async () => {
      await expectClean('NDIS109', protocolDriver(PROTOCOL_ENTRY));
      await expectClean('NDIS109', filterDriver(FILTER_ENTRY));
    });

    it('accepts memset 0, RtlZeroMemory and = {0}', async () => {
      await expectClean('NDIS109', protocolDriver(swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '    memset(&ProtocolChars, 0, sizeof(ProtocolChars));\n')));
      await expectClean('NDIS109', protocolDriver(swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '    RtlZeroMemory(&ProtocolChars, sizeof(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS));\n')));
      const braceZero = swap(
        notZeroed,
        '    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;',
        '    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars = {0};',
      );
      await expectClean('NDIS109', protocolDriver(braceZero));
    });

    it('accepts a designated initializer (every other member is zero)', async () => {
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
        .Header = { NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 },
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
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

    MChars.MajorDriverVersion = VNIC_MAJOR_DRIVER_VERSION;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectClean('NDIS109', miniportDriver(text));
    });

    it('accepts static storage, which C zeroes', async () => {
      const text = swap(notZeroed, '    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;', '    static NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars;');
      await expectClean('NDIS109', protocolDriver(text));
    });

    it('accepts zeroing done by a helper in another .c file before it fills the members', async () => {
      const helper = `#include "vnic.h"

_Use_decl_annotations_
VOID
VnicInitCharacteristics(
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
    NdisZeroMemory(Chars, sizeof(*Chars));
    Chars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
}
`;
      const entry = swap(
        swap(
          swap(MINIPORT_ENTRY, '    NdisZeroMemory(&MChars, sizeof(MChars));\n', '    VnicInitCharacteristics(&MChars);\n'),
          `    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS680
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
#endif
`,
          '',
        ),
        '#include "vnic.h"\n',
        '#include "vnic.h"\n\nVOID VnicInitCharacteristics(_Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars);\n',
      );
      await expectClean('NDIS109', miniportDriver(entry, { 'chars.c': helper }));
    });

    it('does not report characteristics copied from a template or filled by unknown code', async () => {
      const copied = swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '    NdisMoveMemory(&ProtocolChars, &TunTemplateChars, sizeof(ProtocolChars));\n');
      const header = `${TUNPROT_H}\nextern const NDIS_PROTOCOL_DRIVER_CHARACTERISTICS TunTemplateChars;\nVOID TunLibInitChars(_Out_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars);\n`;
      await expectClean('NDIS109', protocolDriver(copied, { 'tunprot.h': header }));
      const external = swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '    TunLibInitChars(&ProtocolChars);\n');
      await expectClean('NDIS109', protocolDriver(external, { 'tunprot.h': header }));
    });
  });

  describe('invalid', () => {
    it('reports a local registered without zeroing, at the registration call', async () => {
      await expectDiagnostics('NDIS109', protocolDriver(notZeroed), [
        {
          code: 'NDIS109', ...lineOf(notZeroed, 'NdisRegisterProtocolDriver('), severity: 'warning',
          message: 'ProtocolChars (NDIS_PROTOCOL_DRIVER_CHARACTERISTICS) is a local that is never zeroed',
        },
      ]);
    });

    it('reports zeroing that comes after the members were set', async () => {
      const text = swap(
        notZeroed,
        '    DriverObject->DriverUnload = TunUnload;',
        `    DriverObject->DriverUnload = TunUnload;\n${PROTOCOL_ZERO}`,
      );
      await expectDiagnostics('NDIS109', protocolDriver(text), [
        { code: 'NDIS109', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'is zeroed by NdisZeroMemory only after members were set', related: 1 },
      ]);
    });

    it('reports memset with a non-zero fill (a debug pattern is not zeroing)', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, '    memset(&ProtocolChars, 0xCC, sizeof(ProtocolChars));\n');
      await expectDiagnostics('NDIS109', protocolDriver(text), [{ code: 'NDIS109', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'never zeroed' }]);
    });

    it('reports zeroing that only happens under #if DBG', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_ZERO, `#if DBG\n${PROTOCOL_ZERO}#endif\n`);
      await expectDiagnostics('NDIS109', protocolDriver(text), [{ code: 'NDIS109', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'never zeroed' }]);
      await expectClean('NDIS109', protocolDriver(text), { defines: ['DBG=1'] });
    });

    it('reports a local filled through a pointer alias without zeroing (a filter, comma expressions)', async () => {
      const text = swap(
        swap(FILTER_ENTRY, '    NdisZeroMemory(&FChars, sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS));\n', '    PNDIS_FILTER_DRIVER_CHARACTERISTICS pChars = &FChars;\n'),
        '    FChars.AttachHandler = FilterAttach;\n    FChars.DetachHandler = FilterDetach;',
        '    pChars->AttachHandler = FilterAttach, pChars->DetachHandler = FilterDetach;',
      );
      await expectDiagnostics('NDIS109', filterDriver(text), [{ code: 'NDIS109', ...lineOf(text, 'NdisFRegisterFilterDriver('), message: 'FChars (NDIS_FILTER_DRIVER_CHARACTERISTICS)' }]);
    });

    it('reports a local of a driver typedef of the structure', async () => {
      const header = `${TUNPROT_H}\ntypedef NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PROTOCOL_CHARS, *PPROTOCOL_CHARS;\n`;
      const text = swap(notZeroed, '    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;', '    PROTOCOL_CHARS                          ProtocolChars;');
      await expectDiagnostics('NDIS109', protocolDriver(text, { 'tunprot.h': header }), [
        { code: 'NDIS109', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'ProtocolChars (NDIS_PROTOCOL_DRIVER_CHARACTERISTICS) is a local that is never zeroed' },
      ]);
    });
  });

  describe('ndis.rules overrides', () => {
    it('"off" removes the diagnostic', async () => {
      await expectClean('NDIS109', protocolDriver(notZeroed), { rules: { NDIS109: 'off' } });
    });

    it('"error" raises it, and other rules keep their severity', async () => {
      const result = await expectDiagnostics(
        'NDIS109',
        protocolDriver(swap(notZeroed, '    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;', '    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;')),
        [{ code: 'NDIS109', ...lineOf(notZeroed, 'NdisRegisterProtocolDriver('), severity: 'error' }],
        { rules: { NDIS109: 'error' } },
      );
      assert.deepEqual(result.diagnostics.filter((d) => d.code === 'NDIS101').map((d) => d.severity), ['warning']);
    });

    it('an override for one rule leaves the others alone', async () => {
      await expectDiagnostics('NDIS109', protocolDriver(notZeroed), [{ code: 'NDIS109', ...lineOf(notZeroed, 'NdisRegisterProtocolDriver('), severity: 'warning' }], {
        rules: { NDIS105: 'off', NDIS101: 'error' },
      });
    });
  });
});
