/** NDIS_IF_PROVIDER_CHARACTERISTICS (ndis-facts §2.4). */
import type { StructDef } from '../types';
import { field, handler, headerMember } from './common';

export const NDIS_IF_PROVIDER_CHARACTERISTICS: StructDef = {
  name: 'NDIS_IF_PROVIDER_CHARACTERISTICS',
  pointerTypedef: 'PNDIS_IF_PROVIDER_CHARACTERISTICS',
  tag: '_NDIS_IF_PROVIDER_CHARACTERISTICS',
  driverKind: 'provider',
  objectType: 'NDIS_OBJECT_TYPE_DEFAULT',
  revisions: [
    {
      revision: 1,
      // The header has no NDIS_IF_PROVIDER_CHARACTERISTICS_REVISION_1; Revision is NDIS_OBJECT_REVISION_1.
      revisionConstant: null,
      sizeConstant: 'NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1',
      lastMember: 'Reserved2',
      sizeX64: 40,
      sizeX86: 20,
      since: '6.0',
      requiresMacro: 'NDIS_SUPPORT_NDIS6',
    },
  ],
  versionRevisions: [{ fromMinor: 0, revision: 1 }],
  revisionEnforcedAtRuntime: false,
  members: [
    headerMember(
      'Type NDIS_OBJECT_TYPE_DEFAULT (there is no dedicated object type), Revision NDIS_OBJECT_REVISION_1, Size NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1. An unsupported header makes NdisIfRegisterProvider return NDIS_STATUS_NOT_SUPPORTED.',
    ),
    handler(
      'QueryObjectHandler',
      'IFP_QUERY_OBJECT',
      'IF_QUERY_OBJECT',
      'required',
      1,
      8,
      'ProviderQueryObject: answers interface OID queries for the interfaces this provider registered. The docs do not say whether NULL is rejected (NDIS_STATUS_INVALID_PARAMETER is a guess); the catalog requires it.',
    ),
    handler(
      'SetObjectHandler',
      'IFP_SET_OBJECT',
      'IF_SET_OBJECT',
      'required',
      1,
      16,
      'ProviderSetObject: set requests for interface objects (no set OIDs are currently defined). Required by the catalog for the same reason as QueryObjectHandler.',
    ),
    field('Reserved1', 'PVOID', 'reserved', 24, 'Reserved for NDIS; leave NULL.'),
    field('Reserved2', 'PVOID', 'reserved', 32, 'Reserved for NDIS; leave NULL. Last member of revision 1.'),
  ],
  since: '6.0',
  doc: 'What a network interface provider passes to NdisIfRegisterProvider. Any NDIS driver type may register as a provider, but most never need to because NDIS already provides interfaces for miniports, filter modules and loopback; MUX/LBFO drivers are the usual exception.',
};
