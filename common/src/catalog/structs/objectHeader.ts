/** NDIS_OBJECT_HEADER (ndis-facts §1.1). */
import type { StructDef } from '../types';
import { field } from './common';

export const NDIS_OBJECT_HEADER: StructDef = {
  name: 'NDIS_OBJECT_HEADER',
  pointerTypedef: 'PNDIS_OBJECT_HEADER',
  tag: '_NDIS_OBJECT_HEADER',
  revisions: [],
  versionRevisions: [],
  revisionEnforcedAtRuntime: false,
  members: [
    field(
      'Type',
      'UCHAR',
      'required',
      0,
      'Object type: the NDIS_OBJECT_TYPE_* constant that identifies the containing structure.',
    ),
    field(
      'Revision',
      'UCHAR',
      'required',
      1,
      "Revision of the containing structure's layout (a <STRUCT>_REVISION_n constant).",
    ),
    field(
      'Size',
      'USHORT',
      'required',
      2,
      'Size in bytes; should be the NDIS_SIZEOF_<STRUCT>_REVISION_n value that matches Revision. Those values are RTL_SIZEOF_THROUGH_FIELD(struct, last member of that revision).',
    ),
  ],
  since: '6.0',
  doc: 'Four-byte header (UCHAR Type, UCHAR Revision, USHORT Size) at offset 0 of every versioned NDIS 6 structure. NDIS reads it to learn which structure and which layout revision it was handed.',
};
