/**
 * Inlay hints: the IRQL NDIS calls each handler at, in front of the handler's name where it is
 * defined (`PASSIVE_LEVEL TunpBindAdapter(`, `<= DISPATCH_LEVEL TunpReceiveNetBufferLists(`).
 * A function counts as a handler when it is declared with a role typedef, assigned to a handler
 * member, or set as DriverUnload.
 */
import { InlayHintKind, MarkupKind, type Connection, type InlayHint } from 'vscode-languageserver/node';
import { irqlText, roleLabel } from './driverModel';
import { documentContext, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.languages.inlayHint.on(async (params): Promise<InlayHint[] | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    return inlayHints(ctx, ctx.offsetAt(params.range.start), ctx.offsetAt(params.range.end));
  });
}

export function inlayHints(ctx: DocContext, from: number, to: number): InlayHint[] {
  const out: InlayHint[] = [];
  for (const fn of ctx.file.facts!.functions) {
    if (!fn.isDefinition || fn.nameSpan.start < from || fn.nameSpan.start > to) continue;
    const role = ctx.model.roleOf(fn.name);
    if (!role) continue;
    const uses = ctx.model.handlers.get(fn.name) ?? [];
    out.push({
      position: ctx.positionAt(fn.nameSpan.start),
      label: irqlText(role.irql),
      kind: InlayHintKind.Type,
      paddingRight: true,
      tooltip: {
        kind: MarkupKind.Markdown,
        value: `NDIS calls **${fn.name}** (${roleLabel(role)}, \`${role.name}\`) at **${irqlText(role.irql)}**${uses.length ? `; registered as ${uses.map((u) => `\`${u.member.name}\``).join(', ')}` : ''}.`,
      },
    });
  }
  return out;
}
