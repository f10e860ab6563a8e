/**
 * NDIS112 provider-characteristics: NDIS_IF_PROVIDER_CHARACTERISTICS must carry the header
 * NDIS_OBJECT_TYPE_DEFAULT / NDIS_OBJECT_REVISION_1 / NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1,
 * non-NULL query and set handlers, and NULL reserved members. Reported at the offending value (a
 * handler that is never set: at the NdisIfRegisterProvider call).
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { posIn, swap } from './fixtures';

/** mux.h: the interface-provider side of a MUX intermediate driver. */
const MUX_H = `#pragma once

#include <ndis.h>

typedef struct _MUX_GLOBALS
{
    NDIS_HANDLE     IfProviderHandle;
    NDIS_HANDLE     ProtocolHandle;
    NDIS_HANDLE     DriverHandle;
} MUX_GLOBALS, *PMUX_GLOBALS;

extern MUX_GLOBALS MuxGlobals;

IF_QUERY_OBJECT     MuxIfQueryObject;
IF_SET_OBJECT       MuxIfSetObject;

NDIS_STATUS MuxRegisterIfProvider(VOID);
`;

/** ifprov.c: the provider registration, as the MUX sample does it. */
const PROVIDER_C = `/*++
Module Name:
    ifprov.c
Abstract:
    Registers MUX as a network interface provider for its virtual miniports.
--*/

#include "mux.h"

MUX_GLOBALS MuxGlobals;

_Use_decl_annotations_
NDIS_STATUS
MuxIfQueryObject(
    NDIS_HANDLE         ProviderIfContext,
    NET_IF_OBJECT_ID    ObjectId,
    PULONG              pOutputBufferLength,
    PVOID               pOutputBuffer
    )
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(ObjectId);
    UNREFERENCED_PARAMETER(pOutputBufferLength);
    UNREFERENCED_PARAMETER(pOutputBuffer);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
NDIS_STATUS
MuxIfSetObject(
    NDIS_HANDLE         ProviderIfContext,
    NET_IF_OBJECT_ID    ObjectId,
    ULONG               InputBufferLength,
    PVOID               pInputBuffer
    )
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(ObjectId);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(pInputBuffer);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS
MuxRegisterIfProvider(
    VOID
    )
{
    NDIS_STATUS                         Status;
    NDIS_IF_PROVIDER_CHARACTERISTICS    IfProviderCharacteristics;

    NdisZeroMemory(&IfProviderCharacteristics, sizeof(IfProviderCharacteristics));

    IfProviderCharacteristics.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    IfProviderCharacteristics.Header.Revision = NDIS_OBJECT_REVISION_1;
    IfProviderCharacteristics.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;

    IfProviderCharacteristics.QueryObjectHandler = MuxIfQueryObject;
    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;

    Status = NdisIfRegisterProvider(&IfProviderCharacteristics,
                                    NULL,
                                    &MuxGlobals.IfProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        MuxGlobals.IfProviderHandle = NULL;
    }

    return Status;
}
`;

function provider(text: string = PROVIDER_C, extra: Record<string, string> = {}): Record<string, string> {
  return { 'mux.h': MUX_H, 'ifprov.c': text, ...extra };
}

describe('NDIS112 provider-characteristics', () => {
  describe('valid', () => {
    it('accepts the MUX sample\'s provider registration (and no other rule objects to it)', async () => {
      await expectClean('*', provider());
      await expectClean('NDIS112', provider(), { version: '6.30' });
    });

    it('accepts sizeof(NDIS_IF_PROVIDER_CHARACTERISTICS) and a designated initializer', async () => {
      const text = swap(
        PROVIDER_C,
        `    NDIS_IF_PROVIDER_CHARACTERISTICS    IfProviderCharacteristics;

    NdisZeroMemory(&IfProviderCharacteristics, sizeof(IfProviderCharacteristics));

    IfProviderCharacteristics.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    IfProviderCharacteristics.Header.Revision = NDIS_OBJECT_REVISION_1;
    IfProviderCharacteristics.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;

    IfProviderCharacteristics.QueryObjectHandler = MuxIfQueryObject;
    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;`,
        `    NDIS_IF_PROVIDER_CHARACTERISTICS    IfProviderCharacteristics = {
        .Header = {
            .Type = NDIS_OBJECT_TYPE_DEFAULT,
            .Revision = NDIS_OBJECT_REVISION_1,
            .Size = sizeof(NDIS_IF_PROVIDER_CHARACTERISTICS),
        },
        .QueryObjectHandler = MuxIfQueryObject,
        .SetObjectHandler = MuxIfSetObject,
        .Reserved1 = NULL,
    };`,
      );
      await expectClean('NDIS112', provider(text));
    });

    it('accepts #if NDIS_SUPPORT_NDIS680 / #else header sizes that are each correct', async () => {
      const text = swap(
        PROVIDER_C,
        '    IfProviderCharacteristics.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;',
        `#if NDIS_SUPPORT_NDIS680
    IfProviderCharacteristics.Header.Size = sizeof(NDIS_IF_PROVIDER_CHARACTERISTICS);
#else
    IfProviderCharacteristics.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;
#endif`,
      );
      await expectClean('NDIS112', provider(text));
      await expectClean('NDIS112', provider(text), { version: '6.80' });
    });

    it('accepts handlers chosen per #if branch, each set', async () => {
      const text = swap(
        PROVIDER_C,
        '    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;',
        `#if MUX_READ_ONLY_INTERFACES
    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObjectReadOnly;
#else
    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;
#endif`,
      );
      await expectClean('NDIS112', provider(text));
    });
  });

  describe('invalid', () => {
    it('reports a driver object type in Header.Type', async () => {
      const text = swap(PROVIDER_C, 'Header.Type = NDIS_OBJECT_TYPE_DEFAULT;', 'Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;');
      await expectDiagnostics('NDIS112', provider(text), [
        {
          code: 'NDIS112', ...lineOf(text, 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS'), severity: 'error',
          message: 'Header.Type is NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS (0x8A), but must be NDIS_OBJECT_TYPE_DEFAULT',
        },
      ]);
    });

    it('reports a wrong revision and size (comma expression)', async () => {
      const text = swap(
        PROVIDER_C,
        `    IfProviderCharacteristics.Header.Revision = NDIS_OBJECT_REVISION_1;
    IfProviderCharacteristics.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;`,
        '    IfProviderCharacteristics.Header.Revision = 2, IfProviderCharacteristics.Header.Size = sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS);',
      );
      await expectDiagnostics('NDIS112', provider(text), [
        { code: 'NDIS112', ...posIn(text, 'Header.Revision = 2', '2'), message: 'Header.Revision is 2, but must be NDIS_OBJECT_REVISION_1' },
        { code: 'NDIS112', ...lineOf(text, 'sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS)'), message: 'Header.Size is sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS), but must be NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1' },
      ]);
    });

    it('reports a NULL handler at its value and a handler never set at the call', async () => {
      const text = swap(
        swap(PROVIDER_C, 'IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;', 'IfProviderCharacteristics.SetObjectHandler = NULL;'),
        '    IfProviderCharacteristics.QueryObjectHandler = MuxIfQueryObject;\n',
        '',
      );
      await expectDiagnostics('NDIS112', provider(text), [
        { code: 'NDIS112', ...posIn(text, 'SetObjectHandler = NULL', 'NULL'), severity: 'error', message: 'SetObjectHandler is NULL' },
        { code: 'NDIS112', ...lineOf(text, 'NdisIfRegisterProvider('), severity: 'error', message: 'IfProviderCharacteristics: QueryObjectHandler is not set' },
      ]);
    });

    it('reports a non-NULL reserved member set through a pointer in a helper file', async () => {
      const helper = `#include "mux.h"

_Use_decl_annotations_
VOID
MuxFillProviderHandlers(
    PNDIS_IF_PROVIDER_CHARACTERISTICS Chars
    )
{
    Chars->QueryObjectHandler = MuxIfQueryObject;
    Chars->SetObjectHandler = MuxIfSetObject;
    Chars->Reserved2 = &MuxGlobals;
}
`;
      const text = swap(
        swap(
          PROVIDER_C,
          `    IfProviderCharacteristics.QueryObjectHandler = MuxIfQueryObject;
    IfProviderCharacteristics.SetObjectHandler = MuxIfSetObject;`,
          '    MuxFillProviderHandlers(&IfProviderCharacteristics);',
        ),
        '#include "mux.h"\n',
        '#include "mux.h"\n\nVOID MuxFillProviderHandlers(_Inout_ PNDIS_IF_PROVIDER_CHARACTERISTICS Chars);\n',
      );
      await expectDiagnostics('NDIS112', provider(text, { 'handlers.c': helper }), [
        { code: 'NDIS112', file: 'handlers.c', ...lineOf(helper, '&MuxGlobals;'), message: 'Reserved2 is reserved for NDIS and must be NULL' },
      ]);
    });

    it('reports a header value only in the #if branch that is wrong', async () => {
      const text = swap(
        PROVIDER_C,
        '    IfProviderCharacteristics.Header.Revision = NDIS_OBJECT_REVISION_1;',
        `#if NDIS_SUPPORT_NDIS680
    IfProviderCharacteristics.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    IfProviderCharacteristics.Header.Revision = NDIS_OBJECT_REVISION_1;
#endif`,
      );
      await expectDiagnostics('NDIS112', provider(text), [
        { code: 'NDIS112', ...lineOf(text, 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3'), message: 'Header.Revision is NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 (3)' },
      ]);
      await expectClean('NDIS112', provider(text), { version: '6.30' });
    });
  });
});
