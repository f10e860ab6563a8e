/**
 * Custom LSP messages between the NDIS Workbench client and language server.
 * Everything else is standard LSP. Method names are `ndis/...`.
 */
import { RequestType } from 'vscode-languageserver-protocol';

/** What the server knows about the driver a document belongs to. */
export interface DriverInfo {
  /** Folder of the driver (URI). */
  readonly driverUri: string;
  /** Driver kinds found from its registration calls, e.g. ["miniport", "protocol", "provider"]. */
  readonly kinds: readonly string[];
  /** NDIS version label ("6.30") from settings, .vcxproj, or the characteristics; "" if unknown. */
  readonly ndisVersion: string;
  /** Where the version came from. */
  readonly versionSource: 'settings' | 'vcxproj' | 'characteristics' | 'unknown';
  /** Number of files in the driver. */
  readonly files: number;
}

export interface DriverInfoParams {
  readonly uri: string;
}

/**
 * Client → server: describe the driver of a document (drives the status-bar item
 * "NDIS 6.30 · protocol"). Returns null when the document is not part of an NDIS driver.
 */
export const DriverInfoRequest = new RequestType<DriverInfoParams, DriverInfo | null, void>('ndis/driverInfo');

/** A place in a file, LSP conventions (0-based line and UTF-16 character). */
export interface NdisLocation {
  readonly uri: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}

/** A handler a registration hands to NDIS: the member, the function, its role and IRQL. */
export interface DriverTreeHandler {
  /** Member of the characteristics, e.g. "BindAdapterHandlerEx". */
  readonly member: string;
  /** The function assigned, e.g. "TunpBindAdapter". */
  readonly function: string;
  /** Role typedef of the member, e.g. "PROTOCOL_BIND_ADAPTER_EX". */
  readonly role: string;
  /** IRQL NDIS calls it at, e.g. "PASSIVE_LEVEL" or "<= DISPATCH_LEVEL". */
  readonly irql: string;
  /** Where the member is assigned. */
  readonly assignment: NdisLocation;
  /** The function's definition (its whole text), when the driver has it. */
  readonly definition?: NdisLocation;
  /** NDIS findings inside the definition. */
  readonly problems: ProblemCounts;
}

/** How many NDIS diagnostics of each severity (what the Problems panel would show for them). */
export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
}

/** A registration call and the characteristics it consumes. */
export interface DriverTreeRegistration {
  /** The DDI, e.g. "NdisRegisterProtocolDriver". */
  readonly ddi: string;
  /** The characteristics variable, e.g. "ProtocolChars". */
  readonly object: string;
  readonly struct: string;
  /** "protocol", "miniport", "intermediate miniport", "filter", "provider". */
  readonly kind: string;
  /** The registered name (protocol Name, filter ServiceName), if known. */
  readonly name?: string;
  /** NDIS version label the characteristics declare, "" if unknown. */
  readonly ndisVersion: string;
  readonly location: NdisLocation;
  readonly handlers: readonly DriverTreeHandler[];
}

/** An interface-provider or interface registration (NdisIfRegisterProvider, NdisIfRegisterInterface). */
export interface DriverTreeInterface {
  readonly ddi: string;
  /** What is registered, e.g. "IfProviderChars" or "IfInfo". */
  readonly label: string;
  readonly location: NdisLocation;
}

/** One driver of the workspace as the "NDIS Drivers" view shows it. */
export interface DriverTreeDriver {
  /** Folder name, e.g. "protocol". */
  readonly name: string;
  readonly rootUri: string;
  /** Kinds from its registrations, e.g. ["protocol"], ["intermediate", "miniport", "protocol", "provider"]. */
  readonly kinds: readonly string[];
  readonly ndisVersion: string;
  /** URIs of every source file of the driver. */
  readonly files: readonly string[];
  /** NDIS findings in all of its files, open or not. */
  readonly problems: ProblemCounts;
  readonly registrations: readonly DriverTreeRegistration[];
  readonly interfaces: readonly DriverTreeInterface[];
  /** Unload routines: the WDM DriverUnload, MiniportDriverUnload, ProtocolUninstall. */
  readonly unloads: readonly { readonly function: string; readonly kind: string; readonly location?: NdisLocation }[];
}

/**
 * Client → server: every driver the server has loaded (the workspace folders are indexed in the
 * background after start-up), for the "NDIS Drivers" tree in the Explorer. The client asks
 * again whenever diagnostics change or the server restarts.
 */
export const DriversRequest = new RequestType<Record<string, never>, DriverTreeDriver[], void>('ndis/drivers');
