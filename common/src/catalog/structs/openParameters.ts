/** NDIS_OPEN_PARAMETERS (ndis-facts §3.14). */
import type { StructDef } from '../types';
import { field, headerMember } from './common';

export const NDIS_OPEN_PARAMETERS: StructDef = {
  name: 'NDIS_OPEN_PARAMETERS',
  pointerTypedef: 'PNDIS_OPEN_PARAMETERS',
  tag: '_NDIS_OPEN_PARAMETERS',
  objectType: 'NDIS_OBJECT_TYPE_OPEN_PARAMETERS',
  revisions: [
    {
      revision: 1,
      revisionConstant: 'NDIS_OPEN_PARAMETERS_REVISION_1',
      sizeConstant: 'NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1',
      lastMember: 'FrameTypeArraySize',
      // Sizes computed from the member layout (x64: 48 + 4; x86: 24 + 4); ndis-facts gives none.
      sizeX64: 52,
      sizeX86: 28,
      since: '6.0',
      requiresMacro: 'NDIS_SUPPORT_NDIS6',
    },
  ],
  versionRevisions: [{ fromMinor: 0, revision: 1 }],
  revisionEnforcedAtRuntime: false,
  members: [
    headerMember(
      'Type NDIS_OBJECT_TYPE_OPEN_PARAMETERS (0x87), Revision NDIS_OPEN_PARAMETERS_REVISION_1, Size NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1 (or its misspelled header alias NDIS_SIZEOF_OPEN_PARAMETERS_REVSION_1, which the ndisprot sample uses).',
    ),
    field(
      'AdapterName',
      'PNDIS_STRING',
      'required',
      8,
      'The adapter to open; copy it from NDIS_BIND_PARAMETERS.AdapterName. The buffer only has to stay valid until NdisOpenAdapterEx returns.',
    ),
    field(
      'MediumArray',
      'PNDIS_MEDIUM',
      'required',
      16,
      'Media the protocol supports; no overlap with the adapter gives NDIS_STATUS_UNSUPPORTED_MEDIA.',
    ),
    field('MediumArraySize', 'UINT', 'required', 24, 'Number of entries in MediumArray.'),
    field(
      'SelectedMediumIndex',
      'PUINT',
      'required',
      32,
      'Out: index of the medium NDIS picked. Not valid until the open has completed (PENDING → ProtocolOpenAdapterCompleteEx).',
    ),
    field(
      'FrameTypeArray',
      'PNET_FRAME_TYPE',
      'optional',
      40,
      'Frame (EtherType) values the protocol wants; may be NULL.',
    ),
    field(
      'FrameTypeArraySize',
      'UINT',
      'optional',
      48,
      'Number of entries in FrameTypeArray. Last member of revision 1.',
    ),
  ],
  since: '6.0',
  doc: 'Passed to NdisOpenAdapterEx (argument 2) from inside ProtocolBindAdapterEx. x64/x86 sizes are computed here from the header layout (pointers 8/4, UINT 4), not taken from ndis-facts.',
};
