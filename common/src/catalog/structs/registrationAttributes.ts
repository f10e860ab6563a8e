/** NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES (ndis-facts §3.16). */
import type { StructDef } from '../types';
import { field, headerMember } from './common';

export const NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES: StructDef = {
  name: 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES',
  pointerTypedef: 'PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES',
  tag: '_NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES',
  driverKind: 'miniport',
  objectType: 'NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES',
  revisions: [
    {
      revision: 1,
      revisionConstant: 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1',
      sizeConstant: 'NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1',
      lastMember: 'InterfaceType',
      // Computed from the member layout (x64: 24 + 4; x86: 16 + 4); ndis-facts gives no sizes.
      sizeX64: 28,
      sizeX86: 20,
      since: '6.0',
      requiresMacro: 'NDIS_SUPPORT_NDIS6',
    },
    {
      revision: 2,
      revisionConstant: 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2',
      sizeConstant: 'NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2',
      // The header defines REVISION_2's size through the same last field, so both sizes are equal.
      lastMember: 'InterfaceType',
      sizeX64: 28,
      sizeX86: 20,
      since: '6.30',
      requiresMacro: 'NDIS_SUPPORT_NDIS630',
    },
  ],
  versionRevisions: [
    { fromMinor: 0, revision: 1 },
    { fromMinor: 30, revision: 2 },
  ],
  revisionEnforcedAtRuntime: false,
  members: [
    headerMember(
      'Type NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES (0x9E); Revision 1, or 2 from NDIS 6.30 (same size: revision 2 adds meaning to AttributeFlags, not fields).',
    ),
    field(
      'MiniportAdapterContext',
      'NDIS_HANDLE',
      'required',
      8,
      'The adapter context NDIS passes back to every MiniportXxx handler for this adapter.',
    ),
    field(
      'AttributeFlags',
      'ULONG',
      'free',
      16,
      'NDIS_MINIPORT_ATTRIBUTES_* bits (hardware device, bus master, surprise-remove OK …).',
    ),
    field(
      'CheckForHangTimeInSeconds',
      'UINT',
      'free',
      20,
      'Interval for MiniportCheckForHangEx; 0 selects the NDIS default.',
    ),
    field(
      'InterfaceType',
      'NDIS_INTERFACE_TYPE',
      'free',
      24,
      'Bus type of the adapter (NdisInterfacePci …). Last member of both revisions.',
    ),
  ],
  flags: [
    { name: 'NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE', value: 0x1, since: '6.0', doc: 'AttributeFlags: a physical hardware device.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM', value: 0x2, since: '6.0', doc: 'AttributeFlags: WDM lower edge.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK', value: 0x4, since: '6.0', doc: 'AttributeFlags: the device tolerates surprise removal.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS', value: 0x8, since: '6.0', doc: 'AttributeFlags: not a CoNDIS miniport.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO', value: 0x10, since: '6.0', doc: 'AttributeFlags: do not bind every CoNDIS protocol.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND', value: 0x20, since: '6.0', doc: 'AttributeFlags: do not halt the adapter on suspend.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER', value: 0x40, since: '6.0', doc: 'AttributeFlags: bus-master DMA device.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT', value: 0x80, since: '6.0', doc: 'AttributeFlags: the miniport controls the default port.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND', value: 0x100, since: '6.30', doc: 'AttributeFlags (6.30+): do not pause on suspend.' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS', value: 0x200, since: '6.30', doc: 'AttributeFlags (6.30+).' },
    { name: 'NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK', value: 0x400, since: '6.30', doc: 'AttributeFlags (6.30+).' },
  ],
  since: '6.0',
  doc: 'The first attribute set MiniportInitializeEx (or MiniportAddDevice) must give NdisMSetMiniportAttributes, before the general attributes and before any NdisXxx call that claims hardware resources. The flags list applies to AttributeFlags. Sizes are computed from the layout, not taken from ndis-facts.',
};
