/**
 * Drivers for the editor-feature tests: TUNFEAT, a clean NDIS 6.30 protocol driver in four files
 * (header with the role-typedef declarations, handlers, DriverEntry, INF and .vcxproj), and small
 * variations of it with one defect each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../helpers/fixtures';

export const TUNFEAT_H = `#pragma once
#include <ndis.h>

typedef struct _TUNF_GLOBALS
{
    PDRIVER_OBJECT      DriverObject;
    NDIS_HANDLE         ProtocolHandle;
} TUNF_GLOBALS, *PTUNF_GLOBALS;

extern TUNF_GLOBALS Globals;

DRIVER_INITIALIZE                       DriverEntry;
DRIVER_UNLOAD                           TunfUnload;
PROTOCOL_BIND_ADAPTER_EX                TunfBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX              TunfUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX       TunfOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX      TunfCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                  TunfNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE           TunfOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS       TunfReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE TunfSendNetBufferListsComplete;
`;

export const HANDLERS_C = `#include "tunfeat.h"

_Use_decl_annotations_
NDIS_STATUS
TunfBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunfUnbindAdapter(
    NDIS_HANDLE         UnbindContext,
    NDIS_HANDLE         ProtocolBindingContext
    )
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunfOpenAdapterComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    NDIS_STATUS         Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
TunfCloseAdapterComplete(
    NDIS_HANDLE         ProtocolBindingContext
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}

_Use_decl_annotations_
NDIS_STATUS
TunfNetPnPEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunfOidRequestComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    PNDIS_OID_REQUEST   OidRequest,
    NDIS_STATUS         Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
TunfReceiveNetBufferLists(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    NdisReturnNetBufferLists(Globals.ProtocolHandle, NetBufferLists, ReceiveFlags & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID
TunfSendNetBufferListsComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferList,
    ULONG               SendCompleteFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

_Use_decl_annotations_
VOID
TunfUnload(
    PDRIVER_OBJECT      DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
}
`;

export const DRIVER_C = `#include "tunfeat.h"

TUNF_GLOBALS Globals;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;

    UNREFERENCED_PARAMETER(RegistryPath);
    Globals.DriverObject = DriverObject;

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    NdisInitUnicodeString(&ProtocolChars.Name, L"TUNFEAT");
    ProtocolChars.BindAdapterHandlerEx = TunfBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TunfUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TunfOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TunfCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TunfNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = TunfOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = TunfReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TunfSendNetBufferListsComplete;

    DriverObject->DriverUnload = TunfUnload;

    Status = NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;
}
`;

export const TUNFEAT_INF = `[Version]
Signature   = "$WINDOWS NT$"
Class       = NetTrans
ClassGUID   = {4d36e975-e325-11ce-bfc1-08002be10318}
Provider    = %Provider%

[Manufacturer]
%Provider% = Models, NTamd64

[Models.NTamd64]
%TunfDesc% = Install, TW_TUNFEAT

[Install]
AddReg           = Install.Ndi
NetCfgInstanceId = "{0b1f5a3c-2d4e-4f60-8a7b-9c0d1e2f3a4b}"

[Install.Ndi]
HKR, Ndi, Service, 0, TUNFEAT

[Install.Services]
AddService = TUNFEAT, , Tunf.Service

[Tunf.Service]
ServiceType   = 1
ServiceBinary = %13%\\tunfeat.sys

[Strings]
Provider = "NDIS Workbench tests"
TunfDesc = "TUNFEAT feature-test protocol"
`;

export const TUNFEAT_VCXPROJ = `<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <ItemDefinitionGroup>
    <ClCompile>
      <PreprocessorDefinitions>NDIS630=1;NDIS_WDM=1;%(PreprocessorDefinitions)</PreprocessorDefinitions>
    </ClCompile>
  </ItemDefinitionGroup>
</Project>
`;

export interface DriverDir {
  readonly dir: string;
  file(name: string): string;
  remove(): void;
}

/** TUNFEAT in a fresh folder, with `driver.c` (and other files) replaced where given. */
export function tunfeat(overrides: Readonly<Record<string, string | null>> = {}): DriverDir {
  const files: Record<string, string> = {
    'tunfeat.h': TUNFEAT_H, 'handlers.c': HANDLERS_C, 'driver.c': DRIVER_C, 'tunfeat.inf': TUNFEAT_INF, 'tunfeat.vcxproj': TUNFEAT_VCXPROJ,
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete files[k];
    else files[k] = v;
  }
  const dir = tempDir('feat', files);
  return { dir, file: (n) => path.join(dir, n), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `text` with `from` replaced by `to` (which must occur). */
export function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
