/**
 * NDIS102 header-revision: Header.Revision must be a revision of the structure and the one the
 * declared MinorNdisVersion requires. Reported at the Header.Revision value; error for filters
 * (NDIS enforces it), warning for the other structures.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, filterDriver, miniportDriver, posIn, protocolDriver, swap } from './fixtures';

/** FILTER_ENTRY's version block, replaced by the tests. */
const FILTER_HEADER_BLOCK = `#if NDIS_SUPPORT_NDIS680
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
#else
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
#endif
    FChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;`;

describe('NDIS102 header-revision', () => {
  describe('valid', () => {
    for (const version of ['6.30', '6.80']) {
      it(`accepts the sample filter's #if NDIS_SUPPORT_NDIS680 revision choice built for NDIS ${version}`, async () => {
        await expectClean('NDIS102', filterDriver(FILTER_ENTRY), { version });
      });
    }

    it('accepts the filter without a configured version (every world consistent)', async () => {
      await expectClean('NDIS102', filterDriver(FILTER_ENTRY));
    });

    it('accepts two separate #if blocks that agree per configuration (never mixes branches)', async () => {
      const text = swap(
        FILTER_ENTRY,
        FILTER_HEADER_BLOCK,
        `#if NDIS_SUPPORT_NDIS680
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
#endif
    FChars.MajorNdisVersion = 6;
#if NDIS_SUPPORT_NDIS680
    FChars.MinorNdisVersion = 80;
#else
    FChars.MinorNdisVersion = 30;
#endif`,
      );
      await expectClean('NDIS102', filterDriver(text));
    });

    it('accepts a protocol at revision 2 for NDIS 6.30 (protocols have no revision 3)', async () => {
      await expectClean('NDIS102', protocolDriver(PROTOCOL_ENTRY), { version: '6.30' });
    });

    it('accepts a miniport revision 3 for NDIS 6.80 from a shared header and a helper file', async () => {
      const header = `#pragma once
#include "vnic.h"

#define VNIC_CHARS_REVISION   NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3
#define VNIC_CHARS_SIZE       NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3

VOID VnicFillHeader(_Inout_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars);
`;
      const helper = `#include "chars.h"

_Use_decl_annotations_
VOID
VnicFillHeader(
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
    Chars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars->Header.Revision = VNIC_CHARS_REVISION;
    Chars->Header.Size = VNIC_CHARS_SIZE;
    Chars->MajorNdisVersion = 6;
    Chars->MinorNdisVersion = 80;
}
`;
      const text = swap(
        swap(MINIPORT_ENTRY, '#include "vnic.h"', '#include "chars.h"'),
        `    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS680
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
#endif

    MChars.MajorNdisVersion = VNIC_MAJOR_NDIS_VERSION;
    MChars.MinorNdisVersion = VNIC_MINOR_NDIS_VERSION;`,
        '    VnicFillHeader(&MChars);',
      );
      await expectClean('NDIS102', miniportDriver(text, { 'chars.h': header, 'chars.c': helper }));
    });
  });

  describe('invalid', () => {
    it('reports a filter declaring NDIS 6.80 with revision 2 as an error', async () => {
      const text = swap(
        FILTER_ENTRY,
        FILTER_HEADER_BLOCK,
        `    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars.MajorNdisVersion = 6;
    FChars.MinorNdisVersion = 80;`,
      );
      await expectDiagnostics('NDIS102', filterDriver(text), [
        {
          code: 'NDIS102', ...lineOf(text, 'NDIS_FILTER_CHARACTERISTICS_REVISION_2;'), severity: 'error',
          message: 'NDIS 6.80 (MinorNdisVersion 80) requires NDIS_FILTER_CHARACTERISTICS_REVISION_3',
        },
      ]);
    });

    it('reports the filter revision only in the configuration where it disagrees', async () => {
      const text = swap(
        FILTER_ENTRY,
        FILTER_HEADER_BLOCK,
        `    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars.MajorNdisVersion = 6;
#if NDIS_SUPPORT_NDIS680
    FChars.MinorNdisVersion = 80;
#else
    FChars.MinorNdisVersion = 30;
#endif`,
      );
      await expectDiagnostics('NDIS102', filterDriver(text), [
        { code: 'NDIS102', ...lineOf(text, 'NDIS_FILTER_CHARACTERISTICS_REVISION_2;'), severity: 'error', message: 'requires NDIS_FILTER_CHARACTERISTICS_REVISION_3' },
      ]);
      await expectClean('NDIS102', filterDriver(text), { version: '6.30' });
      await expectDiagnostics('NDIS102', filterDriver(text), [{ code: 'NDIS102', ...lineOf(text, 'NDIS_FILTER_CHARACTERISTICS_REVISION_2;') }], { version: '6.80' });
    });

    it('reports a protocol revision 1 declaring NDIS 6.30 as a warning (comma expression)', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        `#if NDIS_SUPPORT_NDIS61
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
#else
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
#endif`,
        '    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1, ProtocolChars.Header.Size = sizeof(ProtocolChars);',
      );
      const withMinor = swap(text, 'ProtocolChars.MinorNdisVersion = TUNPROT_MINOR_NDIS_VERSION;', 'ProtocolChars.MinorNdisVersion = 30;');
      await expectDiagnostics('NDIS102', protocolDriver(withMinor), [
        {
          code: 'NDIS102', ...lineOf(withMinor, 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1'), severity: 'warning',
          message: 'NDIS 6.30 (MinorNdisVersion 30) requires NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2',
        },
      ]);
    });

    it('reports a revision the structure does not have (protocol revision 3)', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        'ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;',
        'ProtocolChars.Header.Revision = 3;',
      );
      await expectDiagnostics('NDIS102', protocolDriver(text), [
        { code: 'NDIS102', ...posIn(text, 'Header.Revision = 3;', '3'), severity: 'warning', message: 'Header.Revision 3 is not a revision of this structure (defined: 1, 2)' },
      ]);
    });

    it('reports a filter revision constant on a miniport, through a pointer alias', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        '    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;',
        `    {
        PNDIS_MINIPORT_DRIVER_CHARACTERISTICS pChars = &MChars;
        pChars->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    }`,
      );
      await expectDiagnostics('NDIS102', miniportDriver(text), [
        {
          code: 'NDIS102', ...lineOf(text, 'NDIS_FILTER_CHARACTERISTICS_REVISION_2'), severity: 'warning',
          message: 'uses NDIS_FILTER_CHARACTERISTICS_REVISION_2, a revision constant of NDIS_FILTER_DRIVER_CHARACTERISTICS',
        },
      ]);
    });

    it('reports a miniport revision constant on a filter designated initializer as an error', async () => {
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
        .Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        .Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
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
      await expectDiagnostics('NDIS102', filterDriver(text), [
        { code: 'NDIS102', ...lineOf(text, 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2'), severity: 'error', message: 'use NDIS_FILTER_CHARACTERISTICS_REVISION_2' },
      ]);
    });
  });
});
