/**
 * NdisApi: the DDIs a driver may call, with the C names and argument order. The built-in
 * drivers call this interface; the C interpreter of a later issue will bind each modelled DDI
 * of the user's driver to the same methods (translating pointers to `Out<T>` and handles), so
 * both kinds of driver meet exactly the same NDIS. One instance is handed to DriverEntry.
 */
import type {
  FilterDriverCharacteristics, IfProviderCharacteristics, MiniportDriverCharacteristics, ProtocolDriverCharacteristics,
} from './characteristics';
import type { NdisStatus } from './status';
import type {
  ConfigurationObject, ConfigValue, DriverObject, FilterAttributes, InterruptCharacteristics, MiniportAdapterAttributes,
  NblPoolParameters, NdisHandle, NdisOidRequest, NetBufferList, NetIfInformation, NetLuid, OpenParameters, Out,
  StatusIndication, TimerCharacteristics,
} from './types';

export interface NdisApi {
  // --- registration (ndis-facts §3.1–3.13)
  NdisRegisterProtocolDriver(ProtocolDriverContext: unknown, ProtocolCharacteristics: ProtocolDriverCharacteristics, NdisProtocolHandle: Out<NdisHandle>): NdisStatus;
  NdisDeregisterProtocolDriver(NdisProtocolHandle: NdisHandle): void;
  NdisMRegisterMiniportDriver(DriverObject: DriverObject, RegistryPath: string, MiniportDriverContext: unknown, MiniportDriverCharacteristics: MiniportDriverCharacteristics, NdisMiniportDriverHandle: Out<NdisHandle>): NdisStatus;
  NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle: NdisHandle): void;
  NdisFRegisterFilterDriver(DriverObject: DriverObject, FilterDriverContext: unknown, FilterDriverCharacteristics: FilterDriverCharacteristics, NdisFilterDriverHandle: Out<NdisHandle>): NdisStatus;
  NdisFDeregisterFilterDriver(NdisFilterDriverHandle: NdisHandle): void;
  NdisIMAssociateMiniport(DriverHandle: NdisHandle, ProtocolHandle: NdisHandle): void;
  NdisIMInitializeDeviceInstanceEx(DriverHandle: NdisHandle, DriverInstance: string, DeviceContext: unknown): NdisStatus;
  NdisIMCancelInitializeDeviceInstance(DriverHandle: NdisHandle, DeviceInstance: string): NdisStatus;
  NdisIMDeInitializeDeviceInstance(NdisMiniportHandle: NdisHandle): NdisStatus;

  // --- interfaces (§3.7–3.10, §4)
  NdisIfRegisterProvider(ProviderCharacteristics: IfProviderCharacteristics, IfProviderContext: unknown, NdisIfProviderHandle: Out<NdisHandle>): NdisStatus;
  NdisIfDeregisterProvider(NdisProviderHandle: NdisHandle): void;
  NdisIfAllocateNetLuidIndex(ifType: number, pNetLuidIndex: Out<number>): NdisStatus;
  NdisIfFreeNetLuidIndex(ifType: number, NetLuidIndex: number): NdisStatus;
  NdisIfRegisterInterface(NdisProviderHandle: NdisHandle, NetLuid: NetLuid, ProviderIfContext: unknown, pIfInfo: NetIfInformation, pfIndex: Out<number>): NdisStatus;
  NdisIfDeregisterInterface(ifIndex: number): void;
  NdisIfGetInterfaceIndexFromNetLuid(NetLuid: NetLuid, pIfIndex: Out<number>): NdisStatus;
  NdisIfGetNetLuidFromInterfaceIndex(ifIndex: number, pNetLuid: Out<NetLuid>): NdisStatus;
  NdisIfQueryBindingIfIndex(NdisBindingHandle: NdisHandle, pBoundIfIndex: Out<number>, pBoundIfNetLuid: Out<NetLuid>, pLowestIfIndex: Out<number>, pLowestIfNetLuid: Out<NetLuid>): NdisStatus;
  NdisIfAddIfStackEntry(HigherLayerIfIndex: number, LowerLayerIfIndex: number): NdisStatus;
  NdisIfDeleteIfStackEntry(HigherLayerIfIndex: number, LowerLayerIfIndex: number): void;

  // --- bindings (§3.14, 3.15, 3.17)
  NdisOpenAdapterEx(NdisProtocolHandle: NdisHandle, ProtocolBindingContext: unknown, OpenParameters: OpenParameters, BindContext: NdisHandle, NdisBindingHandle: Out<NdisHandle>): NdisStatus;
  NdisCloseAdapterEx(NdisBindingHandle: NdisHandle): NdisStatus;
  NdisCompleteBindAdapterEx(BindAdapterContext: NdisHandle, Status: NdisStatus): void;
  NdisCompleteUnbindAdapterEx(UnbindContext: NdisHandle): void;
  NdisUnbindAdapter(NdisBindingHandle: NdisHandle): NdisStatus;

  // --- miniport adapters and filter modules (§3.16, §5.2, §5.4)
  NdisMSetMiniportAttributes(NdisMiniportHandle: NdisHandle, MiniportAttributes: MiniportAdapterAttributes): NdisStatus;
  NdisMPauseComplete(MiniportAdapterHandle: NdisHandle): void;
  NdisMRestartComplete(MiniportAdapterHandle: NdisHandle, Status: NdisStatus): void;
  NdisMIndicateStatusEx(MiniportAdapterHandle: NdisHandle, StatusIndication: StatusIndication): void;
  NdisMRegisterInterruptEx(MiniportAdapterHandle: NdisHandle, MiniportInterruptContext: unknown, MiniportInterruptCharacteristics: InterruptCharacteristics, NdisInterruptHandle: Out<NdisHandle>): NdisStatus;
  NdisMDeregisterInterruptEx(NdisInterruptHandle: NdisHandle): void;
  NdisFSetAttributes(NdisFilterHandle: NdisHandle, FilterModuleContext: unknown, FilterAttributes: FilterAttributes): NdisStatus;
  NdisFPauseComplete(NdisFilterHandle: NdisHandle): void;
  NdisFRestartComplete(NdisFilterHandle: NdisHandle, Status: NdisStatus): void;
  NdisFIndicateStatus(NdisFilterHandle: NdisHandle, StatusIndication: StatusIndication): void;

  // --- NET_BUFFER_LISTs and the data path (§5.5, §5.6)
  NdisAllocateNetBufferListPool(NdisHandle: NdisHandle, Parameters: NblPoolParameters): NdisHandle | null;
  NdisFreeNetBufferListPool(PoolHandle: NdisHandle): void;
  /** MdlChain is the frame; DataOffset/DataLength select the bytes of it the NET_BUFFER describes. */
  NdisAllocateNetBufferAndNetBufferList(PoolHandle: NdisHandle, ContextSize: number, ContextBackFill: number, MdlChain: Uint8Array, DataOffset: number, DataLength: number): NetBufferList | null;
  NdisFreeNetBufferList(NetBufferList: NetBufferList): void;
  NdisSendNetBufferLists(NdisBindingHandle: NdisHandle, NetBufferLists: NetBufferList, PortNumber: number, SendFlags: number): void;
  NdisMSendNetBufferListsComplete(MiniportAdapterHandle: NdisHandle, NetBufferLists: NetBufferList, SendCompleteFlags: number): void;
  NdisMIndicateReceiveNetBufferLists(MiniportAdapterHandle: NdisHandle, NetBufferLists: NetBufferList, PortNumber: number, NumberOfNetBufferLists: number, ReceiveFlags: number): void;
  NdisReturnNetBufferLists(NdisBindingHandle: NdisHandle, NetBufferLists: NetBufferList, ReturnFlags: number): void;
  NdisFSendNetBufferLists(NdisFilterHandle: NdisHandle, NetBufferLists: NetBufferList, PortNumber: number, SendFlags: number): void;
  NdisFSendNetBufferListsComplete(NdisFilterHandle: NdisHandle, NetBufferLists: NetBufferList, SendCompleteFlags: number): void;
  NdisFIndicateReceiveNetBufferLists(NdisFilterHandle: NdisHandle, NetBufferLists: NetBufferList, PortNumber: number, NumberOfNetBufferLists: number, ReceiveFlags: number): void;
  NdisFReturnNetBufferLists(NdisFilterHandle: NdisHandle, NetBufferLists: NetBufferList, ReturnFlags: number): void;

  // --- OID requests (§5.7)
  NdisOidRequest(NdisBindingHandle: NdisHandle, OidRequest: NdisOidRequest): NdisStatus;
  NdisMOidRequestComplete(MiniportAdapterHandle: NdisHandle, OidRequest: NdisOidRequest, Status: NdisStatus): void;
  NdisFOidRequest(NdisFilterHandle: NdisHandle, OidRequest: NdisOidRequest): NdisStatus;
  NdisFOidRequestComplete(NdisFilterHandle: NdisHandle, OidRequest: NdisOidRequest, Status: NdisStatus): void;
  NdisAllocateCloneOidRequest(SourceHandle: NdisHandle, OidRequest: NdisOidRequest, PoolTag: number, CloneOidRequest: Out<NdisOidRequest>): NdisStatus;
  NdisFreeCloneOidRequest(SourceHandle: NdisHandle, CloneOidRequest: NdisOidRequest): void;

  // --- timers, configuration, diagnostics
  NdisAllocateTimerObject(NdisHandle: NdisHandle, TimerCharacteristics: TimerCharacteristics, pTimerObject: Out<NdisHandle>): NdisStatus;
  /** DueTime in 100-ns units: negative = relative, as in C. Returns TRUE if the timer was already set. */
  NdisSetTimerObject(TimerObject: NdisHandle, DueTime: number, MillisecondsPeriod: number, FunctionContext: unknown): boolean;
  NdisCancelTimerObject(TimerObject: NdisHandle): boolean;
  NdisFreeTimerObject(TimerObject: NdisHandle): void;
  NdisOpenConfigurationEx(ConfigObject: ConfigurationObject, ConfigurationHandle: Out<NdisHandle>): NdisStatus;
  NdisReadConfiguration(Status: Out<NdisStatus>, ParameterValue: Out<ConfigValue>, ConfigurationHandle: NdisHandle, Keyword: string, ParameterType: 'integer' | 'string'): void;
  NdisWriteConfiguration(Status: Out<NdisStatus>, ConfigurationHandle: NdisHandle, Keyword: string, ParameterValue: ConfigValue): void;
  NdisCloseConfiguration(ConfigurationHandle: NdisHandle): void;
  /** Virtual time since boot in ms (NdisGetSystemUpTimeEx, as a number). */
  NdisGetSystemUpTimeEx(): number;
  /** KeQueryInterruptTimePrecise: virtual time since boot in 100-ns units. */
  KeQueryInterruptTimePrecise(): number;
  /** DbgPrint: a `log` trace event from the driver. */
  DbgPrint(Message: string): void;
}
