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
