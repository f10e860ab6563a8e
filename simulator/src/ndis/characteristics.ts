/**
 * The four characteristics structures as data: the version prologue and names as numbers and
 * strings, the handlers as functions (member names as in ndis.h). A member left out or null is a
 * NULL pointer. NDIS validates them against the catalog (common/src/validation) when the driver
 * registers, exactly as it validates the C structure.
 */
import type { NdisStatus } from './status';
import type {
  BindParameters, DriverFunction, DriverObject, FilterAttachParameters, MiniportInitParameters, NdisHandle,
  NdisObjectHeader, NdisOidRequest, NetBufferList, NetPnPEventNotification, Out, StatusIndication,
} from './types';

type Fn<F extends (...args: never[]) => unknown> = DriverFunction<F> | null | undefined;

interface Prologue {
  Header: NdisObjectHeader;
  MajorNdisVersion: number;
  MinorNdisVersion: number;
  MajorDriverVersion: number;
  MinorDriverVersion: number;
  Flags: number;
}

/** SET_OPTIONS (Protocol/Miniport/FilterSetOptions), called inside the register call. */
export type SetOptionsHandler = (NdisDriverHandle: NdisHandle, DriverContext: unknown) => NdisStatus;

export interface ProtocolDriverCharacteristics extends Prologue {
  Name: string;
  SetOptionsHandler?: Fn<SetOptionsHandler>;
  BindAdapterHandlerEx?: Fn<(ProtocolDriverContext: unknown, BindContext: NdisHandle, BindParameters: BindParameters) => NdisStatus>;
  UnbindAdapterHandlerEx?: Fn<(UnbindContext: NdisHandle, ProtocolBindingContext: unknown) => NdisStatus>;
  OpenAdapterCompleteHandlerEx?: Fn<(ProtocolBindingContext: unknown, Status: NdisStatus) => void>;
  CloseAdapterCompleteHandlerEx?: Fn<(ProtocolBindingContext: unknown) => void>;
  NetPnPEventHandler?: Fn<(ProtocolBindingContext: unknown, NetPnPEventNotification: NetPnPEventNotification) => NdisStatus>;
  UninstallHandler?: Fn<() => void>;
  OidRequestCompleteHandler?: Fn<(ProtocolBindingContext: unknown, OidRequest: NdisOidRequest, Status: NdisStatus) => void>;
  StatusHandlerEx?: Fn<(ProtocolBindingContext: unknown, StatusIndication: StatusIndication) => void>;
  ReceiveNetBufferListsHandler?: Fn<(ProtocolBindingContext: unknown, NetBufferLists: NetBufferList, PortNumber: number, NumberOfNetBufferLists: number, ReceiveFlags: number) => void>;
  SendNetBufferListsCompleteHandler?: Fn<(ProtocolBindingContext: unknown, NetBufferList: NetBufferList, SendCompleteFlags: number) => void>;
  DirectOidRequestCompleteHandler?: Fn<(ProtocolBindingContext: unknown, OidRequest: NdisOidRequest, Status: NdisStatus) => void>;
}

export interface MiniportDriverCharacteristics extends Prologue {
  SetOptionsHandler?: Fn<SetOptionsHandler>;
  InitializeHandlerEx?: Fn<(NdisMiniportHandle: NdisHandle, MiniportDriverContext: unknown, MiniportInitParameters: MiniportInitParameters) => NdisStatus>;
  HaltHandlerEx?: Fn<(MiniportAdapterContext: unknown, HaltAction: number) => void>;
  UnloadHandler?: Fn<(DriverObject: DriverObject) => void>;
  PauseHandler?: Fn<(MiniportAdapterContext: unknown, PauseParameters: unknown) => NdisStatus>;
  RestartHandler?: Fn<(MiniportAdapterContext: unknown, RestartParameters: unknown) => NdisStatus>;
  OidRequestHandler?: Fn<(MiniportAdapterContext: unknown, OidRequest: NdisOidRequest) => NdisStatus>;
  SendNetBufferListsHandler?: Fn<(MiniportAdapterContext: unknown, NetBufferList: NetBufferList, PortNumber: number, SendFlags: number) => void>;
  ReturnNetBufferListsHandler?: Fn<(MiniportAdapterContext: unknown, NetBufferLists: NetBufferList, ReturnFlags: number) => void>;
  CancelSendHandler?: Fn<(MiniportAdapterContext: unknown, CancelId: unknown) => void>;
  CheckForHangHandlerEx?: Fn<(MiniportAdapterContext: unknown) => boolean>;
  ResetHandlerEx?: Fn<(MiniportAdapterContext: unknown, AddressingReset: Out<boolean>) => NdisStatus>;
  DevicePnPEventNotifyHandler?: Fn<(MiniportAdapterContext: unknown, NetDevicePnPEvent: unknown) => void>;
  ShutdownHandlerEx?: Fn<(MiniportAdapterContext: unknown, ShutdownAction: number) => void>;
  CancelOidRequestHandler?: Fn<(MiniportAdapterContext: unknown, RequestId: unknown) => void>;
  DirectOidRequestHandler?: Fn<(MiniportAdapterContext: unknown, OidRequest: NdisOidRequest) => NdisStatus>;
  CancelDirectOidRequestHandler?: Fn<(MiniportAdapterContext: unknown, RequestId: unknown) => void>;
  SynchronousOidRequestHandler?: Fn<(MiniportAdapterContext: unknown, OidRequest: NdisOidRequest) => NdisStatus>;
}

export interface FilterDriverCharacteristics extends Prologue {
  FriendlyName: string;
  UniqueName: string;
  ServiceName: string;
  SetOptionsHandler?: Fn<SetOptionsHandler>;
  SetFilterModuleOptionsHandler?: Fn<(FilterModuleContext: unknown) => NdisStatus>;
  AttachHandler?: Fn<(NdisFilterHandle: NdisHandle, FilterDriverContext: unknown, AttachParameters: FilterAttachParameters) => NdisStatus>;
  DetachHandler?: Fn<(FilterModuleContext: unknown) => void>;
  RestartHandler?: Fn<(FilterModuleContext: unknown, RestartParameters: unknown) => NdisStatus>;
  PauseHandler?: Fn<(FilterModuleContext: unknown, PauseParameters: unknown) => NdisStatus>;
  SendNetBufferListsHandler?: Fn<(FilterModuleContext: unknown, NetBufferList: NetBufferList, PortNumber: number, SendFlags: number) => void>;
  SendNetBufferListsCompleteHandler?: Fn<(FilterModuleContext: unknown, NetBufferList: NetBufferList, SendCompleteFlags: number) => void>;
  CancelSendNetBufferListsHandler?: Fn<(FilterModuleContext: unknown, CancelId: unknown) => void>;
  ReceiveNetBufferListsHandler?: Fn<(FilterModuleContext: unknown, NetBufferLists: NetBufferList, PortNumber: number, NumberOfNetBufferLists: number, ReceiveFlags: number) => void>;
  ReturnNetBufferListsHandler?: Fn<(FilterModuleContext: unknown, NetBufferLists: NetBufferList, ReturnFlags: number) => void>;
  OidRequestHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest) => NdisStatus>;
  OidRequestCompleteHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest, Status: NdisStatus) => void>;
  CancelOidRequestHandler?: Fn<(FilterModuleContext: unknown, RequestId: unknown) => void>;
  DevicePnPEventNotifyHandler?: Fn<(FilterModuleContext: unknown, NetDevicePnPEvent: unknown) => void>;
  NetPnPEventHandler?: Fn<(FilterModuleContext: unknown, NetPnPEventNotification: NetPnPEventNotification) => NdisStatus>;
  StatusHandler?: Fn<(FilterModuleContext: unknown, StatusIndication: StatusIndication) => void>;
  DirectOidRequestHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest) => NdisStatus>;
  DirectOidRequestCompleteHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest, Status: NdisStatus) => void>;
  CancelDirectOidRequestHandler?: Fn<(FilterModuleContext: unknown, RequestId: unknown) => void>;
  SynchronousOidRequestHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest, CallContext: Out<unknown>) => NdisStatus>;
  SynchronousOidRequestCompleteHandler?: Fn<(FilterModuleContext: unknown, OidRequest: NdisOidRequest, Status: Out<NdisStatus>, CallContext: unknown) => void>;
}

/** IF_QUERY_OBJECT: writes at most *pOutputBufferLength bytes, then the count it produced. */
export type IfQueryObject = (ProviderIfContext: unknown, ObjectId: number, pOutputBufferLength: Out<number> & { capacity: number }, pOutputBuffer: Uint8Array) => NdisStatus;
export type IfSetObject = (ProviderIfContext: unknown, ObjectId: number, InputBufferLength: number, pInputBuffer: Uint8Array) => NdisStatus;

export interface IfProviderCharacteristics {
  Header: NdisObjectHeader;
  QueryObjectHandler?: Fn<IfQueryObject>;
  SetObjectHandler?: Fn<IfSetObject>;
  Reserved1?: unknown;
  Reserved2?: unknown;
}
