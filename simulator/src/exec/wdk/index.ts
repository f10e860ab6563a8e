/**
 * The bundled "virtual WDK": headers a driver includes (`<ndis.h>`, `<wdm.h>`, `<ntddk.h>`,
 * `<wdmsec.h>`, `<pshpack1.h>`/`<poppack.h>` ...), modelled as C text the preprocessor reads like
 * any other header. Built once per process.
 */
import { BASE_H } from './base';
import { INLINE_H } from './inline';
import { catalogStructs, constantDefines, ddiPrototypes, roleTypedefs, versionDerivation } from './generated';
import { NDIS_BASE_H } from './ndisBase';
import { NDIS_DATA_H } from './ndisData';
import { NDIS_DDIS_H } from './ndisDdis';
import { NDIS_EXTRA_H } from './ndisExtra';
import { NDIS_PARAMS_H } from './ndisParams';
import { NDIS_REQUESTS_H } from './ndisRequests';

const NDIS_TAIL_H = String.raw`
typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES RegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES GeneralAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;
`;

const WDMSEC_H = String.raw`
#ifndef _NDISWB_WDMSEC_H_
#define _NDISWB_WDMSEC_H_
DECLSPEC_SELECTANY const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_ALL = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");
DECLSPEC_SELECTANY const UNICODE_STRING SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GRGWGX;;;BA)(A;;GRGW;;;WD)(A;;GR;;;RC)");
NTSTATUS IoCreateDeviceSecure(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize, PUNICODE_STRING DeviceName, ULONG DeviceType, ULONG DeviceCharacteristics, BOOLEAN Exclusive, PCUNICODE_STRING DefaultSDDLString, LPCGUID DeviceClassGuid, PDEVICE_OBJECT *DeviceObject);
#endif
`;

let cache: ReadonlyMap<string, string> | undefined;

/** The virtual headers by lower-case name. */
export function virtualHeaders(): ReadonlyMap<string, string> {
  if (cache) return cache;
  const structs = catalogStructs();
  // The inline routines go inside the base header's include guard.
  const base = BASE_H.replace(/#endif\s*$/, `${INLINE_H}\n#endif\n`);
  const ndis = [
    '#ifndef _NDISWB_NDIS_H_',
    '#define _NDISWB_NDIS_H_',
    '#include <ntddk.h>',
    versionDerivation(),
    constantDefines(),
    structs.header,
    NDIS_BASE_H,
    NDIS_DATA_H,
    NDIS_REQUESTS_H,
    NDIS_PARAMS_H,
    NDIS_DDIS_H,
    roleTypedefs(),
    structs.rest,
    NDIS_TAIL_H,
    NDIS_EXTRA_H,
    ddiPrototypes(),
    '#endif',
  ].join('\n');
  const m = new Map<string, string>([
    ['ndis.h', ndis],
    ['ntddk.h', base],
    ['wdm.h', base],
    ['ntdef.h', base],
    ['ntifs.h', base],
    ['wdmsec.h', `#include <ntddk.h>\n${WDMSEC_H}`],
    ['pshpack1.h', '#pragma pack(push, 1)\n'],
    ['pshpack2.h', '#pragma pack(push, 2)\n'],
    ['pshpack4.h', '#pragma pack(push, 4)\n'],
    ['pshpack8.h', '#pragma pack(push, 8)\n'],
    ['poppack.h', '#pragma pack(pop)\n'],
    ['ntstrsafe.h', '#include <ntddk.h>\n'],
    ['ntintsafe.h', '#include <ntddk.h>\n'],
    ['ndis/ndisport.h', ''],
    ['netioapi.h', ''],
  ]);
  cache = m;
  return m;
}
