/**
 * NDIS105 missing-handler: a mandatory handler is absent or NULL. One diagnostic per registration
 * call, at the call, naming every missing member. This file also covers suppression comments
 * (they work the same for every rule) and objects whose contents the analysis cannot see.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyse, expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, filterDriver, miniportDriver, protocolDriver, swap } from './fixtures';

/** A filter whose handlers are set by a helper in handlers.c (FilterFillHandlers(&FChars)). */
function filterWithHandlerFile(handlerLines: string): { files: Record<string, string>; entry: string } {
  const handlersC = `#include "lwf.h"

_Use_decl_annotations_
VOID
FilterFillHandlers(
    PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars
    )
{
${handlerLines}
}
`;
  const entry = swap(
    swap(
      FILTER_ENTRY,
      `    FChars.AttachHandler = FilterAttach;
    FChars.DetachHandler = FilterDetach;
    FChars.RestartHandler = FilterRestart;
    FChars.PauseHandler = FilterPause;`,
      '    FilterFillHandlers(&FChars);',
    ),
    '#include "lwf.h"\n',
    '#include "lwf.h"\n\nVOID FilterFillHandlers(_Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars);\n',
  );
  return { files: filterDriver(entry, { 'handlers.c': handlersC }), entry };
}

describe('NDIS105 missing-handler', () => {
  describe('valid', () => {
    it('accepts the usual protocol registration, unconfigured and built for NDIS 6.30', async () => {
      await expectClean('NDIS105', protocolDriver(PROTOCOL_ENTRY));
      // With a configured build, handler names must stay functions, not "undefined macros = 0".
      await expectClean('NDIS105', protocolDriver(PROTOCOL_ENTRY), { version: '6.30' });
      await expectClean('NDIS105', protocolDriver(PROTOCOL_ENTRY), { defines: ['NDIS630=1'] });
    });

    it('accepts mandatory handlers set in a helper in another .c file', async () => {
      const { files } = filterWithHandlerFile(`    FChars->AttachHandler = FilterAttach;
    FChars->DetachHandler = FilterDetach;
    FChars->RestartHandler = FilterRestart;
    FChars->PauseHandler = FilterPause;`);
      await expectClean('NDIS105', files);
    });

    it('accepts a handler chosen per #if branch when every branch sets it', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;',
        `#if DBG
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferListsChecked;
#else
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;
#endif`,
      );
      await expectClean('NDIS105', protocolDriver(text));
    });

    it('accepts a designated initializer with every mandatory miniport handler', async () => {
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

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectClean('NDIS105', miniportDriver(text));
    });

    it('does not guess about characteristics copied in with NdisMoveMemory', async () => {
      const text = `#include "vnic.h"

NDIS_HANDLE VnicDriverHandle;
extern const NDIS_MINIPORT_DRIVER_CHARACTERISTICS VnicTemplateCharacteristics;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars;

    NdisMoveMemory(&MChars, &VnicTemplateCharacteristics, sizeof(MChars));
    MChars.MinorDriverVersion = VNIC_MINOR_DRIVER_VERSION;

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectClean('NDIS105', miniportDriver(text));
    });

    it('does not guess about characteristics filled by a function it cannot see', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        '    MChars.InitializeHandlerEx = VnicInitializeEx;',
        '    VnicLibFillDataPathHandlers(&MChars);   // from a static library\n    MChars.InitializeHandlerEx = VnicInitializeEx;',
      );
      const noHandlers = text.replace(/^ {4}MChars\.(HaltHandlerEx|PauseHandler|RestartHandler|SendNetBufferListsHandler) = \w+;\n/gm, '');
      await expectClean('NDIS105', miniportDriver(noHandlers, { 'vnic.h': `${miniportDriver('')['vnic.h']}\nVOID VnicLibFillDataPathHandlers(_Inout_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars);\n` }));
    });
  });

  describe('invalid', () => {
    it('reports every missing handler in one diagnostic at the registration call', async () => {
      const text = swap(
        swap(PROTOCOL_ENTRY, '    ProtocolChars.OpenAdapterCompleteHandlerEx = TunOpenAdapterComplete;\n', ''),
        '    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;\n',
        '',
      );
      await expectDiagnostics('NDIS105', protocolDriver(text), [
        {
          code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver('), severity: 'error',
          message: 'NdisRegisterProtocolDriver: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars lacks mandatory handlers OpenAdapterCompleteHandlerEx, NetPnPEventHandler',
        },
      ]);
    });

    it('reports a missing handler in a driver built for NDIS 6.30 (configured build)', async () => {
      const text = swap(PROTOCOL_ENTRY, '    ProtocolChars.BindAdapterHandlerEx = TunBindAdapter;\n', '');
      await expectDiagnostics(
        'NDIS105',
        protocolDriver(text),
        [{ code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'lacks mandatory handler BindAdapterHandlerEx;' }],
        { version: '6.30' },
      );
    });

    it('reports a mandatory handler set to NULL', async () => {
      const text = swap(MINIPORT_ENTRY, 'MChars.CancelSendHandler = VnicCancelSend;', 'MChars.CancelSendHandler = NULL;');
      await expectDiagnostics('NDIS105', miniportDriver(text), [
        { code: 'NDIS105', ...lineOf(text, 'NdisMRegisterMiniportDriver('), severity: 'error', message: 'lacks mandatory handler CancelSendHandler;' },
      ]);
    });

    it('reports a handler the helper in another .c file forgets, at the call in driver.c', async () => {
      const { files, entry } = filterWithHandlerFile(`    FChars->AttachHandler = FilterAttach;
    FChars->DetachHandler = FilterDetach;
    FChars->PauseHandler = FilterPause;`);
      await expectDiagnostics('NDIS105', files, [
        { code: 'NDIS105', file: 'driver.c', ...lineOf(entry, 'NdisFRegisterFilterDriver('), message: 'FChars lacks mandatory handler RestartHandler;' },
      ]);
    });

    it('reports a handler set only under #if DBG (missing in the free build)', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;',
        `#if DBG
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;
#endif`,
      );
      await expectDiagnostics('NDIS105', protocolDriver(text), [
        { code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'lacks mandatory handler ReceiveNetBufferListsHandler;' },
      ]);
      await expectClean('NDIS105', protocolDriver(text), { defines: ['DBG=1'] });
    });

    it('reports at the registration call inside the helper that registers the characteristics', async () => {
      const text = swap(
        swap(
          swap(PROTOCOL_ENTRY, '    ProtocolChars.CloseAdapterCompleteHandlerEx = TunCloseAdapterComplete;\n', ''),
          `    Status = NdisRegisterProtocolDriver(&Globals,
                                        &ProtocolChars,
                                        &Globals.ProtocolHandle);`,
          '    Status = TunRegisterProtocol(&ProtocolChars);',
        ),
        '#pragma NDIS_INIT_FUNCTION(DriverEntry)',
        `_Use_decl_annotations_
static NDIS_STATUS
TunRegisterProtocol(
    _In_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars
    )
{
    return NdisRegisterProtocolDriver(&Globals, Chars, &Globals.ProtocolHandle);
}

#pragma NDIS_INIT_FUNCTION(DriverEntry)`,
      );
      await expectDiagnostics('NDIS105', protocolDriver(text), [
        { code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'ProtocolChars lacks mandatory handler CloseAdapterCompleteHandlerEx;' },
      ]);
    });

    it('still reports when the object reaches unknown code only after it was registered', async () => {
      const text = swap(
        swap(PROTOCOL_ENTRY, '    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;\n', ''),
        '    return STATUS_SUCCESS;',
        '    TunTraceCharacteristics(&ProtocolChars);   // WPP dump, after NDIS copied them\n    return STATUS_SUCCESS;',
      );
      await expectDiagnostics('NDIS105', protocolDriver(text), [
        { code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'lacks mandatory handler NetPnPEventHandler;' },
      ]);
    });

    it('reports a NULL handler in a positional initializer, once per registration call', async () => {
      const text = `#include "lwf.h"

NDIS_HANDLE FilterDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS FChars = {
        { NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS, NDIS_FILTER_CHARACTERISTICS_REVISION_2, NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2 },
        6, 30, 1, 0, 0,
        RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME),
        RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME),
        RTL_CONSTANT_STRING(FILTER_SERVICE_NAME),
        NULL, NULL,
        NULL, FilterDetach, FilterRestart, FilterPause,
    };

    UNREFERENCED_PARAMETER(RegistryPath);

    Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &FilterDriverHandle);
    if (Status == NDIS_STATUS_RESOURCES)
    {
        // One retry: NDIS may be short of memory this early in boot.
        Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &FilterDriverHandle);
    }
    return Status;
}
`;
      await expectDiagnostics('NDIS105', filterDriver(text), [
        { code: 'NDIS105', ...lineOf(text, 'NdisFRegisterFilterDriver(', 1), message: 'lacks mandatory handler AttachHandler;' },
        { code: 'NDIS105', ...lineOf(text, 'NdisFRegisterFilterDriver(', 2), message: 'lacks mandatory handler AttachHandler;' },
      ]);
    });
  });

  // The unused-suppression hint starts at the directive inside the comment (`ndis-disable...`).
  describe('suppression comments', () => {
    const broken = swap(PROTOCOL_ENTRY, '    ProtocolChars.BindAdapterHandlerEx = TunBindAdapter;\n', '');
    const call = '    Status = NdisRegisterProtocolDriver(&Globals,';

    it('// ndis-disable-next-line NDIS105 suppresses the diagnostic on the next line', async () => {
      const text = swap(broken, call, `    // ndis-disable-next-line NDIS105\n${call}`);
      await expectClean('NDIS105', protocolDriver(text));
      await expectClean('unused-suppression', protocolDriver(text));
    });

    it('a next-line comment for another rule does not suppress NDIS105 and is reported as unused', async () => {
      const text = swap(broken, call, `    // ndis-disable-next-line NDIS109\n${call}`);
      await expectDiagnostics('NDIS105', protocolDriver(text), [{ code: 'NDIS105', ...lineOf(text, 'NdisRegisterProtocolDriver(') }]);
      await expectDiagnostics('unused-suppression', protocolDriver(text), [
        { code: 'unused-suppression', ...lineOf(text, 'ndis-disable-next-line NDIS109'), severity: 'hint', message: 'NDIS109' },
      ]);
    });

    it('/* ndis-disable NDIS105 */ ... /* ndis-enable NDIS105 */ suppresses a region, and only that region', async () => {
      const text = swap(
        broken,
        '    DriverObject->DriverUnload = TunUnload;',
        '    DriverObject->DriverUnload = TunUnload;\n\n    /* ndis-disable NDIS105 */',
      ).replace('    if (Status != NDIS_STATUS_SUCCESS)', '    /* ndis-enable NDIS105 */\n    if (Status != NDIS_STATUS_SUCCESS)');
      await expectClean('NDIS105', protocolDriver(text));
      await expectClean('unused-suppression', protocolDriver(text));

      // The same region placed before the registration suppresses nothing.
      const early = swap(
        broken,
        '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));',
        '    /* ndis-disable NDIS105 */\n    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n    /* ndis-enable NDIS105 */',
      );
      await expectDiagnostics('NDIS105', protocolDriver(early), [{ code: 'NDIS105', ...lineOf(early, 'NdisRegisterProtocolDriver(') }]);
      await expectDiagnostics('unused-suppression', protocolDriver(early), [
        { code: 'unused-suppression', ...lineOf(early, 'ndis-disable NDIS105'), severity: 'hint' },
      ]);
    });

    it('an unused suppression on a correct driver is a hint with code unused-suppression', async () => {
      const text = swap(PROTOCOL_ENTRY, call, `    // ndis-disable-next-line NDIS105\n${call}`);
      const result = await expectDiagnostics('unused-suppression', protocolDriver(text), [
        { code: 'unused-suppression', ...lineOf(text, 'ndis-disable-next-line NDIS105'), severity: 'hint', message: 'suppresses nothing' },
      ]);
      assert.equal(result.diagnostics.filter((d) => d.code.startsWith('NDIS')).length, 0);
    });

    it('a suppression without ids suppresses every rule on the next line', async () => {
      const text = swap(
        swap(broken, '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n', ''),
        call,
        `    // ndis-disable-next-line\n${call}`,
      );
      const plain = swap(broken, '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n', '');
      const before = await analyse(protocolDriver(plain));
      assert.deepEqual(
        before.diagnostics.filter((d) => d.start.line + 1 === lineOf(plain, 'NdisRegisterProtocolDriver(').line).map((d) => d.code).sort(),
        ['NDIS105', 'NDIS109'],
      );
      const after = await analyse(protocolDriver(text));
      assert.deepEqual(after.diagnostics.map((d) => d.code), []);
    });
  });
});
