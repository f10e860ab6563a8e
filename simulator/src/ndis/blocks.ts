/**
 * NDIS's private bookkeeping: one block per handle it hands out (what ndis.sys calls the
 * protocol block, miniport block, open block ...). Drivers only ever see them as NdisHandle.
 */
import type { ScheduledEvent } from '../engine/scheduler';
import type {
  FilterDriverCharacteristics, IfProviderCharacteristics, MiniportDriverCharacteristics, ProtocolDriverCharacteristics,
} from './characteristics';
import type { AdapterState, BindingState, FilterModuleState } from './stateMachines';
import type {
  ConfigValue, DriverObject, InterruptCharacteristics, MiniportAdapterGeneralAttributes, NdisHandle, NetLuid,
  NetIfInformation, TimerCharacteristics, VirtualDevice,
} from './types';
import type { DriverImage } from './driverImage';

let nextId = 1;
/** A fresh handle id (rendered as a pointer in bug-check parameters). Reset per world. */
export function newHandleId(): number {
  return nextId++;
}
export function resetHandleIds(): void {
  nextId = 1;
}

abstract class Block implements NdisHandle {
  abstract readonly handleType: string;
  readonly id = newHandleId();
}

/** A loaded driver image (one per service). */
export class DriverBlock extends Block {
  readonly handleType = 'driver';
  state: 'loading' | 'loaded' | 'unloading' | 'unloaded' = 'loading';
  protocol?: ProtocolBlock;
  miniports: MiniportDriverBlock[] = [];
  filter?: FilterDriverBlock;
  providers: ProviderBlock[] = [];
  constructor(
    readonly serviceName: string,
    readonly image: DriverImage,
    readonly driverObject: DriverObject,
    readonly loadOrder: number,
  ) {
    super();
    this.component = `driver:${serviceName}`;
  }
  /** Trace component name (computed once: it is on every trace event). */
  readonly component: string;
}

export class ProtocolBlock extends Block {
  readonly handleType = 'protocol';
  readonly bindings = new Set<BindingBlock>();
  readonly bindOps = new Set<BindOp>();
  deregistered = false;
  /** The miniport driver handle of the same IM driver (NdisIMAssociateMiniport). */
  associated?: MiniportDriverBlock;
  constructor(
    readonly driver: DriverBlock,
    readonly chars: ProtocolDriverCharacteristics,
    readonly context: unknown,
  ) {
    super();
    this.component = `protocol:${chars.Name}`;
  }
  get name(): string {
    return this.chars.Name;
  }
  readonly component: string;
}

export class MiniportDriverBlock extends Block {
  readonly handleType = 'miniport-driver';
  readonly adapters = new Set<AdapterBlock>();
  deregistered = false;
  associated?: ProtocolBlock;
  constructor(
    readonly driver: DriverBlock,
    readonly chars: MiniportDriverCharacteristics,
    readonly context: unknown,
    readonly intermediate: boolean,
  ) {
    super();
  }
}

export class FilterDriverBlock extends Block {
  readonly handleType = 'filter-driver';
  readonly modules = new Set<FilterModuleBlock>();
  deregistered = false;
  constructor(
    readonly driver: DriverBlock,
    readonly chars: FilterDriverCharacteristics,
    readonly context: unknown,
  ) {
    super();
  }
}

export class ProviderBlock extends Block {
  readonly handleType = 'provider';
  readonly interfaces = new Set<IfEntry>();
  deregistered = false;
  constructor(
    readonly driver: DriverBlock,
    readonly chars: IfProviderCharacteristics,
    readonly context: unknown,
  ) {
    super();
    this.component = `provider:${driver.serviceName}`;
  }
  readonly component: string;
}

/** A registered network interface. */
export interface IfEntry {
  readonly ifIndex: number;
  readonly luid: NetLuid;
  readonly provider: ProviderBlock | 'ndis';
  readonly context: unknown;
  readonly info: NetIfInformation | undefined;
  readonly name: string;
}

/** Where an adapter's configuration comes from (the scenario). */
export interface AdapterSpec {
  readonly name: string;
  readonly driver: string;
  readonly virtual: boolean;
  readonly mac: Uint8Array;
  readonly parameters: ReadonlyMap<string, ConfigValue>;
}

/** A miniport adapter (the NdisMiniportHandle). */
export class AdapterBlock extends Block {
  readonly handleType = 'adapter';
  state: AdapterState = 'Halted';
  driver?: MiniportDriverBlock;
  context: unknown = undefined;
  device: VirtualDevice | null = null;
  regAttrsSet = false;
  genAttrs?: MiniportAdapterGeneralAttributes;
  /** Completion expected from NdisMPauseComplete / NdisMRestartComplete. */
  pending: 'pause' | 'restart' | null = null;
  restartStatus = 0;
  imContext: unknown = undefined;
  /** IM device instance: initialisation requested, not yet started. */
  imInitRequested = false;
  linkUp = true;
  ifIndex = 0;
  luid: NetLuid = { IfType: 6, NetLuidIndex: 0 };
  /** Filter modules, bottom (nearest the miniport) first. */
  filters: FilterModuleBlock[] = [];
  readonly bindings = new Set<BindingBlock>();
  readonly interrupts = new Set<InterruptBlock>();
  readonly timers = new Set<TimerBlock>();
  /** NBLs handed to MiniportSendNetBufferLists and not yet completed. */
  sendsHeld = 0;
  /** NBLs indicated (without RESOURCES) and not yet returned to the miniport. */
  receivesOut = 0;
  /** Inside MiniportInitializeEx (attributes may be set). */
  initializing = false;
  constructor(readonly spec: AdapterSpec) {
    super();
    this.component = `miniport:${spec.name}`;
  }
  get name(): string {
    return this.spec.name;
  }
  readonly component: string;
  get mac(): Uint8Array {
    return this.genAttrs?.CurrentMacAddress ?? this.spec.mac;
  }
}

/** An open binding (the NdisBindingHandle). */
export class BindingBlock extends Block {
  readonly handleType = 'binding';
  state: BindingState = 'Opening';
  packetFilter = 0;
  /** NBLs the protocol sent and NDIS has not completed back. */
  sendsOut = 0;
  /** NBLs indicated to the protocol and not yet returned. */
  receivesHeld = 0;
  pendingOpen = false;
  pendingClose = false;
  closed = false;
  /** The unbind in progress (ProtocolUnbindAdapterEx running or pended). */
  unbinding: UnbindOp | null = null;
  constructor(
    readonly protocol: ProtocolBlock,
    readonly adapter: AdapterBlock,
    readonly context: unknown,
  ) {
    super();
    this.name = `${protocol.name}@${adapter.name}`;
    this.component = protocol.component;
  }
  readonly name: string;
  readonly component: string;
}

/** The BindContext of one ProtocolBindAdapterEx call. */
export class BindOp extends Block {
  readonly handleType = 'bind-context';
  phase: 'in-bind' | 'pending' | 'done' = 'in-bind';
  status = 0;
  binding?: BindingBlock;
  constructor(
    readonly protocol: ProtocolBlock,
    readonly adapter: AdapterBlock,
  ) {
    super();
  }
}

/** The UnbindContext of one ProtocolUnbindAdapterEx call. */
export class UnbindOp extends Block {
  readonly handleType = 'unbind-context';
  phase: 'in-unbind' | 'pending' | 'done' = 'in-unbind';
  constructor(readonly binding: BindingBlock) {
    super();
  }
}

/** A filter module (the NdisFilterHandle). */
export class FilterModuleBlock extends Block {
  readonly handleType = 'filter-module';
  state: FilterModuleState = 'Detached';
  context: unknown = undefined;
  attributesSet = false;
  pending: 'pause' | 'restart' | null = null;
  restartStatus = 0;
  ifIndex = 0;
  luid: NetLuid = { IfType: 6, NetLuidIndex: 0 };
  /** NBLs the module holds (received from above/below and not passed on or returned). */
  held = 0;
  constructor(
    readonly driver: FilterDriverBlock,
    readonly adapter: AdapterBlock,
  ) {
    super();
    this.name = `${driver.chars.ServiceName}@${adapter.name}`;
    this.component = `filter:${this.name}`;
  }
  readonly name: string;
  readonly component: string;
}

export class PoolBlock extends Block {
  readonly handleType = 'nbl-pool';
  outstanding = 0;
  freed = false;
  constructor(
    readonly owner: NdisHandle,
    readonly component: string,
    readonly tag: number,
  ) {
    super();
  }
}

export class TimerBlock extends Block {
  readonly handleType = 'timer';
  event: ScheduledEvent | null = null;
  freed = false;
  constructor(
    readonly owner: NdisHandle,
    readonly component: string,
    readonly chars: TimerCharacteristics,
    readonly adapter: AdapterBlock | undefined,
  ) {
    super();
  }
}

export class InterruptBlock extends Block {
  readonly handleType = 'interrupt';
  deregistered = false;
  constructor(
    readonly adapter: AdapterBlock,
    readonly context: unknown,
    readonly chars: InterruptCharacteristics,
  ) {
    super();
  }
}

export class ConfigBlock extends Block {
  readonly handleType = 'configuration';
  closed = false;
  constructor(
    readonly section: Map<string, ConfigValue>,
    readonly path: string,
  ) {
    super();
  }
}
