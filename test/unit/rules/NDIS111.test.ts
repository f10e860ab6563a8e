/**
 * NDIS111 names: protocol Name, filter FriendlyName/UniqueName/ServiceName missing or empty;
 * filter UniqueName not a braced GUID string. Reported at the name member, or at the registration
 * call when the name is never set.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, LWF_H, PROTOCOL_ENTRY, filterDriver, posIn, protocolDriver, swap } from './fixtures';

const FILTER_NAMES = `    NdisInitUnicodeString(&FChars.FriendlyName, FILTER_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, FILTER_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, FILTER_SERVICE_NAME);`;

/** A filter whose names are set by FilterSetNames(&FChars) in names.c (the doc page's shape). */
function filterWithNamesFile(body: string): { files: Record<string, string>; names: string; entry: string } {
  const names = `#include "lwf.h"

_Use_decl_annotations_
static VOID
FilterSetNames(
    PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars
    )
{
${body}
}

VOID
FilterPrepareCharacteristics(
    _Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars
    )
{
    FilterSetNames(FChars);
}
`;
  const entry = swap(
    swap(FILTER_ENTRY, FILTER_NAMES, '    FilterPrepareCharacteristics(&FChars);'),
    '#include "lwf.h"\n',
    '#include "lwf.h"\n\nVOID FilterPrepareCharacteristics(_Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars);\n',
  );
  return { files: filterDriver(entry, { 'names.c': names }), names, entry };
}

/** A protocol whose characteristics are one designated initializer. */
function protocolDesignated(nameLine: string): string {
  return `#include "tunprot.h"

TUN_GLOBALS Globals;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars = {
        .Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
        .Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        .Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
${nameLine}
        .BindAdapterHandlerEx = TunBindAdapter,
        .UnbindAdapterHandlerEx = TunUnbindAdapter,
        .OpenAdapterCompleteHandlerEx = TunOpenAdapterComplete,
        .CloseAdapterCompleteHandlerEx = TunCloseAdapterComplete,
        .NetPnPEventHandler = TunNetPnPEvent,
        .OidRequestCompleteHandler = TunOidRequestComplete,
        .ReceiveNetBufferListsHandler = TunReceiveNetBufferLists,
        .SendNetBufferListsCompleteHandler = TunSendNetBufferListsComplete,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = TunUnload;

    Status = NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
    return Status;
}
`;
}

describe('NDIS111 names', () => {
  describe('valid', () => {
    it('accepts the sample filter names from lwf.h set with NdisInitUnicodeString', async () => {
      await expectClean('NDIS111', filterDriver(FILTER_ENTRY));
      await expectClean('NDIS111', filterDriver(FILTER_ENTRY), { version: '6.30' });
    });

    it('accepts names set with RtlInitUnicodeString in a helper in another .c file', async () => {
      const { files } = filterWithNamesFile(`    RtlInitUnicodeString(&FChars->FriendlyName, FILTER_FRIENDLY_NAME);
    RtlInitUnicodeString(&FChars->UniqueName, FILTER_UNIQUE_NAME);
    RtlInitUnicodeString(&FChars->ServiceName, FILTER_SERVICE_NAME);`);
      await expectClean('NDIS111', files);
    });

    it('accepts NDIS_STRING_CONST and RTL_CONSTANT_STRING initializers', async () => {
      await expectClean('NDIS111', protocolDriver(protocolDesignated('        .Name = NDIS_STRING_CONST("TUNPROT"),')));
      await expectClean('NDIS111', protocolDriver(protocolDesignated('        .Name = RTL_CONSTANT_STRING(L"TUNPROT"),')));
    });

    it('accepts a Name copied from a local NDIS_STRING, and the old Buffer/Length style', async () => {
      await expectClean('NDIS111', protocolDriver(PROTOCOL_ENTRY));
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.Name = ProtocolName;',
        `    ProtocolChars.Name.Buffer = L"TUNPROT";
    ProtocolChars.Name.Length = sizeof(L"TUNPROT") - sizeof(WCHAR);
    ProtocolChars.Name.MaximumLength = sizeof(L"TUNPROT");`,
      );
      await expectClean('NDIS111', protocolDriver(text));
    });

    it('accepts per-configuration names that are each valid', async () => {
      const header = swap(
        LWF_H,
        '#define FILTER_UNIQUE_NAME              L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"',
        `#if DBG
#define FILTER_UNIQUE_NAME              L"{9d2a7c41-03b8-4e5f-a1c6-7e20b4d9f853}"
#else
#define FILTER_UNIQUE_NAME              L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"
#endif`,
      );
      await expectClean('NDIS111', filterDriver(FILTER_ENTRY, { 'lwf.h': header }));
    });

    it('does not report names of characteristics copied in or filled by unknown code', async () => {
      const copied = swap(FILTER_ENTRY, FILTER_NAMES, '    NdisMoveMemory(&FChars, &FilterTemplateCharacteristics, sizeof(FChars));');
      await expectClean('NDIS111', filterDriver(copied, { 'lwf.h': `${LWF_H}\nextern NDIS_FILTER_DRIVER_CHARACTERISTICS FilterTemplateCharacteristics;\n` }));
      const external = swap(FILTER_ENTRY, FILTER_NAMES, '    FilterLibSetNames(&FChars);');
      await expectClean('NDIS111', filterDriver(external, { 'lwf.h': `${LWF_H}\nVOID FilterLibSetNames(_Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars);\n` }));
    });
  });

  describe('invalid', () => {
    it('reports a UniqueName that is not a braced GUID at the member, in the helper file', async () => {
      const { files, names } = filterWithNamesFile(`    RtlInitUnicodeString(&FChars->FriendlyName, FILTER_FRIENDLY_NAME);
    RtlInitUnicodeString(&FChars->UniqueName, L"NdisLwf");
    RtlInitUnicodeString(&FChars->ServiceName, FILTER_SERVICE_NAME);`);
      await expectDiagnostics('NDIS111', files, [
        {
          code: 'NDIS111', file: 'names.c', ...posIn(names, '&FChars->UniqueName', 'UniqueName'), severity: 'warning',
          message: 'UniqueName "NdisLwf" is not a braced GUID string',
        },
      ]);
    });

    it('reports a GUID without braces from a header #define', async () => {
      const header = swap(LWF_H, 'L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"', 'L"5cbf81bd-5055-47cd-9055-a76b2b4e3697"');
      await expectDiagnostics('NDIS111', filterDriver(FILTER_ENTRY, { 'lwf.h': header }), [
        { code: 'NDIS111', file: 'driver.c', ...posIn(FILTER_ENTRY, '&FChars.UniqueName', 'UniqueName'), message: 'UniqueName "5cbf81bd-5055-47cd-9055-a76b2b4e3697" is not a braced GUID' },
      ]);
    });

    it('reports a name that is never set at the registration call', async () => {
      const { files, entry } = filterWithNamesFile(`    RtlInitUnicodeString(&FChars->FriendlyName, FILTER_FRIENDLY_NAME);
    RtlInitUnicodeString(&FChars->UniqueName, FILTER_UNIQUE_NAME);`);
      await expectDiagnostics('NDIS111', files, [
        { code: 'NDIS111', file: 'driver.c', ...lineOf(entry, 'NdisFRegisterFilterDriver('), severity: 'warning', message: 'FChars: ServiceName is not set' },
      ]);
    });

    it('reports a protocol without a Name at the registration call', async () => {
      const text = swap(PROTOCOL_ENTRY, '    ProtocolChars.Name = ProtocolName;\n', '');
      await expectDiagnostics('NDIS111', protocolDriver(text), [
        { code: 'NDIS111', ...lineOf(text, 'NdisRegisterProtocolDriver('), message: 'ProtocolChars: Name is not set; it must be the protocol\'s service name' },
      ]);
    });

    it('reports an empty name in a designated initializer at the member', async () => {
      const text = protocolDesignated('        .Name = NDIS_STRING_CONST(""),');
      await expectDiagnostics('NDIS111', protocolDriver(text), [
        { code: 'NDIS111', ...posIn(text, '.Name =', 'Name'), message: 'Name is an empty string' },
      ]);
    });

    it('reports empty names set with NdisInitUnicodeString, and a NULL name, at the member', async () => {
      const text = swap(
        FILTER_ENTRY,
        FILTER_NAMES,
        `    NdisInitUnicodeString(&FChars.FriendlyName, L"");
    NdisInitUnicodeString(&FChars.UniqueName, FILTER_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, NULL);`,
      );
      await expectDiagnostics('NDIS111', filterDriver(text), [
        { code: 'NDIS111', ...posIn(text, '&FChars.FriendlyName', 'FriendlyName'), message: 'FriendlyName is an empty string' },
        { code: 'NDIS111', ...posIn(text, '&FChars.ServiceName', 'ServiceName'), message: 'ServiceName is an empty string' },
      ]);
    });

    it('reports the name only in the configuration where it is wrong', async () => {
      const header = swap(
        LWF_H,
        '#define FILTER_UNIQUE_NAME              L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"',
        `#if DBG
#define FILTER_UNIQUE_NAME              L"NDISLWF-CHECKED"
#else
#define FILTER_UNIQUE_NAME              L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"
#endif`,
      );
      const files = filterDriver(FILTER_ENTRY, { 'lwf.h': header });
      const at = posIn(FILTER_ENTRY, '&FChars.UniqueName', 'UniqueName');
      await expectDiagnostics('NDIS111', files, [{ code: 'NDIS111', ...at, message: '"NDISLWF-CHECKED"' }]);
      await expectDiagnostics('NDIS111', files, [{ code: 'NDIS111', ...at }], { defines: ['DBG=1'] });
      await expectClean('NDIS111', files, { defines: ['DBG=0'] });
    });
  });
});
