/**
 * Types of the NDIS catalog: the one source of truth for what NDIS 6.x expects of a driver's
 * characteristics structures, registration DDIs, handler roles, statuses and versions.
 * The data lives beside this file; the language server, the CLI and the simulator all read it.
 */

/** Interrupt request levels that matter to NDIS drivers, lowest first. */
export type Irql = 'PASSIVE_LEVEL' | 'APC_LEVEL' | 'DISPATCH_LEVEL' | 'HIGH_LEVEL';

/**
 * The IRQL a DDI may be called at, or a handler role is called at.
 * `exact` means "runs at exactly this level" (e.g. `_IRQL_requires_(PASSIVE_LEVEL)`); otherwise
 * it is the maximum (`_IRQL_requires_max_`).
 */
export interface IrqlSpec {
  readonly max: Irql;
  readonly exact?: boolean;
  /** Free text for special cases, e.g. MiniportShutdownEx at HIGH_LEVEL on a bug check. */
  readonly note?: string;
}

/** A released NDIS 6 version (MajorNdisVersion is always 6). */
export interface NdisVersion {
  /** "6.30" */
  readonly label: string;
  readonly major: 6;
  /** MinorNdisVersion value: 0, 1, 20, 30, ... 89. */
  readonly minor: number;
  /** Build macro for protocol/filter drivers, e.g. "NDIS630". */
  readonly buildMacro: string;
  /** Build macro for miniport drivers, e.g. "NDIS630_MINIPORT". */
  readonly miniportMacro: string;
  /** The cumulative support macro this version turns on, e.g. "NDIS_SUPPORT_NDIS630". */
  readonly supportMacro: string;
  /** Windows release that first shipped it. */
  readonly firstShippedIn: string;
  /** False where ndis-facts marks the version UNVERIFIED (not in the WDK header we know). */
  readonly verified: boolean;
}

export type ConstantKind =
  | 'objectType'
  | 'objectRevision'
  | 'revision'
  | 'sizeof'
  | 'flag'
  | 'ifType'
  | 'misc';

/** A named integer constant from the WDK headers. Statuses are separate (see StatusDef). */
export interface ConstantDef {
  readonly name: string;
  /** The value; for `sizeof` constants, the x64 size in bytes. */
  readonly value: number;
  readonly kind: ConstantKind;
  /** For revision and sizeof constants: the struct they belong to. */
  readonly struct?: StructName;
  /** For revision and sizeof constants: which revision. */
  readonly revision?: number;
  /** For sizeof constants: the x86 size in bytes. */
  readonly x86Value?: number;
  /** NDIS version label that introduced it, e.g. "6.1". */
  readonly since?: string;
  /**
   * False where the name or value is not confirmed by a WDK header (e.g. a spelling only the
   * brief or the docs use). Absent means confirmed.
   */
  readonly verified?: boolean;
  readonly doc: string;
}

/** The structures the catalog describes member by member. */
export type StructName =
  | 'NDIS_OBJECT_HEADER'
  | 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS'
  | 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS'
  | 'NDIS_FILTER_DRIVER_CHARACTERISTICS'
  | 'NDIS_IF_PROVIDER_CHARACTERISTICS'
  | 'NET_IF_INFORMATION'
  | 'NDIS_OPEN_PARAMETERS'
  | 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES';

/** The four characteristics structures that a registration call consumes. */
export type CharacteristicsName =
  | 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS'
  | 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS'
  | 'NDIS_FILTER_DRIVER_CHARACTERISTICS'
  | 'NDIS_IF_PROVIDER_CHARACTERISTICS';

export type DriverKind = 'protocol' | 'miniport' | 'filter' | 'provider';

/**
 * How NDIS treats a member.
 * - required: NDIS rejects the struct (or the driver cannot work) when it is NULL.
 * - optional: may be NULL.
 * - reserved: must be zero/NULL.
 * - free: any value (driver versions).
 */
export type Requirement = 'required' | 'optional' | 'reserved' | 'free';

export interface MemberDef {
  readonly name: string;
  /** C type as written in the header, e.g. "UCHAR", "NDIS_STRING", "BIND_HANDLER_EX". */
  readonly cType: string;
  /** For handler members: the role typedef functions are declared with. */
  readonly role?: string;
  readonly requirement: Requirement;
  /** First revision of the struct that contains the member (1 for the original layout). */
  readonly sinceRevision: number;
  /** Members that must be set together with this one (e.g. DirectOid + CancelDirectOid). */
  readonly pairedWith?: readonly string[];
  /** For embedded structs (Header): the struct name, so `Header.Type` can be resolved. */
  readonly struct?: StructName;
  /** Offset in bytes on x64. */
  readonly offsetX64: number;
  readonly doc: string;
}

export interface RevisionDef {
  readonly revision: number;
  /** e.g. "NDIS_FILTER_CHARACTERISTICS_REVISION_2"; null where the header has no constant. */
  readonly revisionConstant: string | null;
  /** e.g. "NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2". */
  readonly sizeConstant: string;
  readonly lastMember: string;
  readonly sizeX64: number;
  readonly sizeX86: number;
  /** NDIS version label that introduced the revision. */
  readonly since: string;
  /** Support macro that must be on for the constants to exist, e.g. "NDIS_SUPPORT_NDIS61". */
  readonly requiresMacro?: string;
}

export interface FlagDef {
  readonly name: string;
  readonly value: number;
  readonly since: string;
  /** True when the bit exists but a driver must not set it (e.g. NDIS_DRIVER_FLAGS_RESERVED). */
  readonly forbidden?: boolean;
  readonly doc: string;
}

export interface StructDef {
  readonly name: StructName;
  /** Pointer typedef, e.g. "PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS". */
  readonly pointerTypedef: string;
  /** struct tag, e.g. "_NDIS_PROTOCOL_DRIVER_CHARACTERISTICS". */
  readonly tag: string;
  /** Which driver kind registers it (characteristics only). */
  readonly driverKind?: DriverKind;
  /** Header.Type constant name it must carry (absent for NDIS_OBJECT_HEADER). */
  readonly objectType?: string;
  /** Other Header.Type values NDIS accepts with a warning (NDIS_OBJECT_TYPE_DEFAULT on protocol/miniport). */
  readonly toleratedObjectTypes?: readonly string[];
  readonly revisions: readonly RevisionDef[];
  /**
   * Revision required per NDIS version: ordered by `fromMinor`; the entry with the greatest
   * `fromMinor` <= the driver's MinorNdisVersion applies.
   */
  readonly versionRevisions: readonly { readonly fromMinor: number; readonly revision: number }[];
  /** True when real NDIS is known to reject a revision that does not match the version (filters). */
  readonly revisionEnforcedAtRuntime: boolean;
  readonly members: readonly MemberDef[];
  readonly flags?: readonly FlagDef[];
  /** Version introduced, label. */
  readonly since: string;
  readonly doc: string;
}

export interface ParamDef {
  readonly name: string;
  readonly type: string;
  /** SAL direction. */
  readonly direction: 'in' | 'in_opt' | 'out' | 'inout';
}

/** A handler role typedef, e.g. PROTOCOL_BIND_ADAPTER_EX. */
export interface RoleDef {
  readonly name: string;
  /** Pointer typedef used in characteristics, e.g. "BIND_HANDLER_EX". */
  readonly pointerTypedef?: string;
  readonly returnType: string;
  readonly params: readonly ParamDef[];
  readonly irql: IrqlSpec;
  /** Role names that are the same typedef (MINIPORT_SET_OPTIONS = SET_OPTIONS ...). */
  readonly sameAs?: readonly string[];
  /** Conventional function name in docs, e.g. "ProtocolBindAdapterEx". */
  readonly docName: string;
  readonly driverKind: DriverKind | 'wdm';
  readonly doc: string;
}

export type DdiCategory =
  | 'register'
  | 'deregister'
  | 'interface'
  | 'intermediate'
  | 'binding'
  | 'attributes'
  | 'completion'
  | 'lock'
  | 'memory'
  | 'other';

export interface DdiStatusDef {
  readonly status: string;
  readonly when: string;
}

/** An NDIS DDI (a function the driver calls). */
export interface DdiDef {
  readonly name: string;
  readonly returnType: string;
  readonly params: readonly ParamDef[];
  readonly irql: IrqlSpec;
  /** `_Must_inspect_result_` in the header: discarding the result is a bug. */
  readonly mustCheck: boolean;
  readonly category: DdiCategory;
  /** For registration DDIs: which struct they consume and where the handle comes out. */
  readonly registers?: {
    readonly struct: CharacteristicsName | 'NET_IF_INFORMATION';
    /** 0-based index of the characteristics/info argument. */
    readonly structArg: number;
    /** 0-based index of the output handle argument. */
    readonly handleArg: number;
    /** The DDI that undoes it. */
    readonly deregister: string;
  };
  /** For deregistration DDIs: the registration they undo and the handle argument. */
  readonly deregisters?: { readonly register: string; readonly handleArg: number };
  /** Handlers NDIS calls synchronously inside this DDI (role names). */
  readonly callsSynchronously?: readonly string[];
  readonly statuses: readonly DdiStatusDef[];
  readonly since: string;
  readonly doc: string;
}

export interface StatusDef {
  readonly name: string;
  readonly value: number;
  /** False where the numeric value is not confirmed by a header (NDIS_STATUS_DUPLICATE_OBJECTID). */
  readonly verified: boolean;
  readonly doc: string;
}

/** Bug check 0x7C (BUGCODE_NDIS_DRIVER) first-parameter values. */
export interface BugCheckParamDef {
  readonly p1: number;
  readonly name: string;
  readonly doc: string;
}
