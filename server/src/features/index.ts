/**
 * The editor features of the language server, one file each, and the capabilities they add to
 * the `initialize` answer. The server's start-up calls `registerFeatures` once, before `listen`.
 */
import type { ClientCapabilities, Connection, ServerCapabilities } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import * as codeActions from './codeActions';
import * as codeLens from './codeLens';
import * as completion from './completion';
import * as definition from './definition';
import * as documentSymbols from './documentSymbols';
import * as driverTree from './driverTree';
import * as hover from './hover';
import * as inlayHints from './inlayHints';
import * as projectFiles from './projectFiles';
import * as workspaceSymbols from './workspaceSymbols';
import type { FeatureServices } from './services';

export type { FeatureServices } from './services';

const FEATURES: readonly { register(connection: Connection, services: FeatureServices): void }[] = [
  hover, completion, codeActions, definition, documentSymbols, workspaceSymbols, codeLens, inlayHints, driverTree, projectFiles,
];

export function registerFeatures(connection: Connection, services: FeatureServices): void {
  for (const f of FEATURES) f.register(connection, services);
}

/** What the features add to the server's capabilities. */
export function featureCapabilities(_client: ClientCapabilities): ServerCapabilities {
  return {
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['.', '>'], resolveProvider: false },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    definitionProvider: true,
    documentSymbolProvider: { label: 'NDIS' },
    workspaceSymbolProvider: true,
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: { resolveProvider: false },
  };
}
