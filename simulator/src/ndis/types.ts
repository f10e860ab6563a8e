/**
 * Data types of the simulated NDIS surface, shaped after ndis.h so that a driver written in C
 * (run by the C interpreter of a later issue) and the built-in TypeScript drivers see the same
 * model: characteristics structures as data with handler functions, the parameter blocks NDIS
 * passes to handlers, NET_BUFFER_LISTs, OID requests. Field names are the C member names.
 * Simplifications are noted where they are made (one NET_BUFFER per NBL, buffers as Uint8Array).
 */
import type { SourceRef } from '../trace/events';
import type { NdisStatus } from './status';

/** An opaque NDIS handle. Drivers keep them and pass them back; only NDIS looks inside. */
export interface NdisHandle {
  readonly handleType: string;
}

/** An `_Out_` parameter: NDIS writes `value`. */
export interface Out<T> {
  value: T | undefined;
}

/** A fresh `_Out_` parameter. */
export function out<T>(): Out<T> {
  return { value: undefined };
}

/**
 * A driver function NDIS may call. `sourceLocation` is set by the C interpreter (the function's
 * definition) so that trace events can point into the driver's source.
 */
export type DriverFunction<F extends (...args: never[]) => unknown> = F & { readonly sourceLocation?: SourceRef };

export interface NdisObjectHeader {
  Type: number;
  Revision: number;
  Size: number;
}

/** NET_LUID as its two meaningful fields (Value = IfType << 48 | NetLuidIndex << 24). */
export interface NetLuid {
  readonly IfType: number;
  readonly NetLuidIndex: number;
}

/** NDIS_MAKE_NET_LUID. */
export function makeNetLuid(IfType: number, NetLuidIndex: number): NetLuid {
  return { IfType, NetLuidIndex };
}

/** NET_LUID.Value as a 0x-prefixed 16-digit hex string (the 64-bit value exceeds JS integers). */
export function netLuidText(l: NetLuid): string {
  return '0x' + ((BigInt(l.IfType) << 48n) | (BigInt(l.NetLuidIndex) << 24n)).toString(16).padStart(16, '0');
}

/** NDIS_MEDIUM values used here. */
export const NdisMedium802_3 = 0;

/** NET_PNP_EVENT_CODE values. */
export const NetEvent = {
  NetEventSetPower: 0, NetEventQueryPower: 1, NetEventQueryRemoveDevice: 2, NetEventCancelRemoveDevice: 3,
  NetEventReconfigure: 4, NetEventBindList: 5, NetEventBindsComplete: 6, NetEventPnPCapabilities: 7,
  NetEventPause: 8, NetEventRestart: 9,
} as const;

/** NDIS_HALT_ACTION values. */
export const HaltAction = {
  NdisHaltDeviceDisabled: 0, NdisHaltDeviceInstanceDeInitialized: 1, NdisHaltDevicePoweredDown: 2,
  NdisHaltDeviceSurpriseRemoved: 3, NdisHaltDeviceFailed: 4, NdisHaltDeviceInitializationFailed: 5, NdisHaltDeviceStopped: 6,
} as const;

/** NDIS_SHUTDOWN_ACTION values. */
export const ShutdownAction = { NdisShutdownPowerOff: 0, NdisShutdownBugCheck: 1 } as const;

/** NDIS_REQUEST_TYPE values used here. */
export const NdisRequestType = { NdisRequestQueryInformation: 0, NdisRequestSetInformation: 1, NdisRequestMethod: 12 } as const;

/** NDIS_PACKET_TYPE_* bits of OID_GEN_CURRENT_PACKET_FILTER. */
export const PacketType = { DIRECTED: 0x1, MULTICAST: 0x2, ALL_MULTICAST: 0x4, BROADCAST: 0x8, PROMISCUOUS: 0x20 } as const;

/** NDIS_RECEIVE_FLAGS_RESOURCES: the receiver must not keep or return the NBLs. */
export const NDIS_RECEIVE_FLAGS_RESOURCES = 0x2;

/** The WDM DRIVER_OBJECT, reduced to what NDIS drivers touch. */
export interface DriverObject {
  /** "\Driver\TINYIP" */
  readonly DriverName: string;
  /** DriverUnload (the WDM unload routine). NDIS owns it for miniport drivers. */
  DriverUnload: DriverFunction<(DriverObject: DriverObject) => void> | null;
  /**
   * IRP_MJ_DEVICE_CONTROL reduced to a request record: how a scenario (standing in for a
   * user-mode application) asks a driver to do something, e.g. the built-in protocol's ping.
   */
  DeviceControl: DriverFunction<(DriverObject: DriverObject, Request: IoControlRequest) => NdisStatus> | null;
}

/** A device-control request from "user mode" (the scenario). */
export interface IoControlRequest {
  readonly Code: string;
  readonly Input: Readonly<Record<string, unknown>>;
}

/** Registry value as NdisReadConfiguration returns it. */
export type ConfigValue = { readonly ParameterType: 'integer'; readonly IntegerData: number } | { readonly ParameterType: 'string'; readonly StringData: string };

/** NDIS_CONFIGURATION_OBJECT. */
export interface ConfigurationObject {
  readonly Header?: NdisObjectHeader;
  readonly NdisHandle: NdisHandle;
  readonly Flags?: number;
}

/** One NET_BUFFER_LIST with one NET_BUFFER (the simulator never splits a frame into several). */
export interface NetBufferList {
  /** Trace id (NBL "address"); unique within a run. */
  readonly id: number;
  Next: NetBufferList | null;
  /** Handle of the component that owns the NBL: a binding, filter module or adapter handle. */
  SourceHandle: NdisHandle | null;
  /** Per-NBL status set by the miniport on send completion. */
  Status: NdisStatus;
  /** The frame (NET_BUFFER data described by its MDL chain). */
  Data: Uint8Array;
  /** Scratch space for the driver that allocated it (ProtocolReserved / MiniportReserved ...). */
  Context: unknown;
}

/** NET_BUFFER_LIST_POOL_PARAMETERS. */
export interface NblPoolParameters {
  readonly Header?: NdisObjectHeader;
  readonly ProtocolId?: number;
  readonly fAllocateNetBuffer: boolean;
  readonly PoolTag: number;
  readonly DataSize?: number;
}

/** NDIS_OID_REQUEST, flattened (QUERY_INFORMATION / SET_INFORMATION members at top level). */
export interface NdisOidRequest {
  readonly Header?: NdisObjectHeader;
  RequestType: number;
  PortNumber: number;
  RequestId: number;
  Oid: number;
  InformationBuffer: Uint8Array | null;
  InformationBufferLength: number;
  BytesWritten: number;
  BytesRead: number;
  BytesNeeded: number;
  /** SourceReserved: a filter keeps the original request of a clone here. */
  SourceReserved: unknown;
}

/** NDIS_STATUS_INDICATION. */
export interface StatusIndication {
  readonly Header?: NdisObjectHeader;
  SourceHandle: NdisHandle | null;
  PortNumber: number;
  StatusCode: number;
  Flags: number;
  StatusBuffer: unknown;
  StatusBufferSize: number;
}

/** NDIS_LINK_STATE (the StatusBuffer of NDIS_STATUS_LINK_STATE). */
export interface LinkState {
  readonly MediaConnectState: 'connected' | 'disconnected';
  readonly MediaDuplexState: 'full' | 'half' | 'unknown';
  readonly XmitLinkSpeed: number;
  readonly RcvLinkSpeed: number;
}

/** NET_PNP_EVENT_NOTIFICATION (reduced: the event code and its buffer). */
export interface NetPnPEventNotification {
  readonly PortNumber: number;
  readonly NetEvent: number;
  readonly Buffer: unknown;
}

/** NDIS_BIND_PARAMETERS. */
export interface BindParameters {
  readonly Header: NdisObjectHeader;
  readonly ProtocolSection: string;
  readonly AdapterName: string;
  readonly PhysicalDeviceName: string;
  readonly MediaType: number;
  readonly MtuSize: number;
  readonly MaxXmitLinkSpeed: number;
  readonly MaxRcvLinkSpeed: number;
  readonly CurrentMacAddress: Uint8Array;
  readonly MacAddressLength: number;
  readonly BoundIfIndex: number;
  readonly BoundIfNetluid: NetLuid;
  readonly LowestIfIndex: number;
  readonly LowestIfNetluid: NetLuid;
  readonly MediaConnectState: 'connected' | 'disconnected';
}

/** NDIS_OPEN_PARAMETERS (SelectedMediumIndex is the `_Out_` member). */
export interface OpenParameters {
  readonly Header: NdisObjectHeader;
  readonly AdapterName: string;
  readonly MediumArray: readonly number[];
  readonly MediumArraySize: number;
  readonly SelectedMediumIndex: Out<number>;
  readonly FrameTypeArray?: readonly number[];
  readonly FrameTypeArraySize?: number;
}

/**
 * The simulated network device behind a physical miniport adapter, handed to MiniportInitializeEx
 * in place of AllocatedResources. It raises interrupts through NdisMRegisterInterruptEx.
 */
export interface VirtualDevice {
  /** Permanent MAC address (the "EEPROM"). */
  readonly PermanentAddress: Uint8Array;
  readonly LinkSpeed: number;
  readonly Mtu: number;
  readonly linkUp: boolean;
  /** Queue a frame for transmission; `cookie` comes back from takeTransmitCompletions. */
  transmit(frame: Uint8Array, cookie: unknown): void;
  /** Received frames since the last call (the RX ring the DPC drains). */
  takeReceived(): Uint8Array[];
  /** Cookies of transmissions finished since the last call. */
  takeTransmitCompletions(): unknown[];
  /** Read-and-clear interrupt cause bits: 1 RX, 2 TX done, 4 link change. */
  readInterruptCause(): number;
  /** Enable or disable interrupts from the device. */
  setInterruptsEnabled(on: boolean): void;
}

/** Interrupt cause bits of VirtualDevice.readInterruptCause. */
export const DeviceInterrupt = { RX: 1, TX: 2, LINK: 4 } as const;

/** NDIS_MINIPORT_INIT_PARAMETERS. */
export interface MiniportInitParameters {
  readonly Header: NdisObjectHeader;
  readonly Flags: number;
  readonly IMDeviceInstanceContext: unknown;
  readonly IfIndex: number;
  readonly NetLuid: NetLuid;
  /** The device (physical adapters) or null (IM virtual miniports). */
  readonly AllocatedResources: VirtualDevice | null;
}

/** NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES (Header.Type 0x9E). */
export interface MiniportAdapterRegistrationAttributes {
  readonly Header: NdisObjectHeader;
  readonly MiniportAdapterContext: unknown;
  readonly AttributeFlags: number;
  readonly CheckForHangTimeInSeconds: number;
  readonly InterfaceType: number;
}

/** NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES (Header.Type 0x9F), the members the model uses. */
export interface MiniportAdapterGeneralAttributes {
  readonly Header: NdisObjectHeader;
  readonly MediaType: number;
  readonly MtuSize: number;
  readonly MaxXmitLinkSpeed: number;
  readonly MaxRcvLinkSpeed: number;
  readonly MediaConnectState: 'connected' | 'disconnected';
  readonly MacAddressLength: number;
  readonly PermanentMacAddress: Uint8Array;
  readonly CurrentMacAddress: Uint8Array;
  readonly SupportedPacketFilters: number;
  readonly SupportedOidList: readonly number[];
}

export type MiniportAdapterAttributes = MiniportAdapterRegistrationAttributes | MiniportAdapterGeneralAttributes | { readonly Header: NdisObjectHeader };

/** NDIS_FILTER_ATTACH_PARAMETERS. */
export interface FilterAttachParameters {
  readonly Header: NdisObjectHeader;
  readonly IfIndex: number;
  readonly NetLuid: NetLuid;
  readonly FilterModuleGuidName: string;
  readonly BaseMiniportIfIndex: number;
  readonly BaseMiniportName: string;
  readonly MiniportMediaType: number;
  readonly MtuSize: number;
  readonly CurrentMacAddress: Uint8Array;
  readonly MediaConnectState: 'connected' | 'disconnected';
}

/** NDIS_FILTER_ATTRIBUTES (Header.Type 0x8D). */
export interface FilterAttributes {
  readonly Header: NdisObjectHeader;
  readonly Flags: number;
}

/** NDIS_TIMER_CHARACTERISTICS. */
export interface TimerCharacteristics {
  readonly Header?: NdisObjectHeader;
  readonly AllocationTag: number;
  readonly TimerFunction: DriverFunction<(SystemSpecific1: unknown, FunctionContext: unknown) => void>;
  readonly FunctionContext: unknown;
}

/** NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS (line-based interrupts). */
export interface InterruptCharacteristics {
  readonly Header?: NdisObjectHeader;
  readonly InterruptHandler: DriverFunction<(MiniportInterruptContext: unknown, QueueDefaultInterruptDpc: Out<boolean>) => boolean>;
  readonly InterruptDpcHandler: DriverFunction<(MiniportInterruptContext: unknown, MiniportDpcContext: unknown) => void>;
}

/** NET_IF_INFORMATION (the members the model checks and reports). */
export interface NetIfInformation {
  readonly Header: NdisObjectHeader;
  readonly Flags: number;
  readonly AccessType: number;
  readonly DirectionType: number;
  readonly ConnectionType: number;
  readonly ifConnectorPresent: boolean;
  readonly FriendlyName: string;
  readonly InterfaceGuid: string;
  readonly MediaType: number;
  readonly PhysicalMediumType: number;
  readonly PhysAddress?: Uint8Array;
}
