/**
 * The data-level characteristics check (common/src/validation/characteristics.ts) that the
 * simulator's registration DDIs apply: the status real NDIS returns for each kind of defect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCharacteristics } from '../../../common/src/validation/characteristics';

const fn = (): number => 0;
const protocol = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  Header: { Type: 0x95, Revision: 2, Size: 128 }, MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0, Name: 'TUNPROT',
  BindAdapterHandlerEx: fn, UnbindAdapterHandlerEx: fn, OpenAdapterCompleteHandlerEx: fn, CloseAdapterCompleteHandlerEx: fn, NetPnPEventHandler: fn,
  OidRequestCompleteHandler: fn, ReceiveNetBufferListsHandler: fn, SendNetBufferListsCompleteHandler: fn, ...over,
});
const miniport = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  Header: { Type: 0x8a, Revision: 2, Size: 152 }, MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
  InitializeHandlerEx: fn, HaltHandlerEx: fn, UnloadHandler: fn, PauseHandler: fn, RestartHandler: fn, OidRequestHandler: fn, SendNetBufferListsHandler: fn,
  ReturnNetBufferListsHandler: fn, CancelSendHandler: fn, DevicePnPEventNotifyHandler: fn, ShutdownHandlerEx: fn, CancelOidRequestHandler: fn, ...over,
});
const filter = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  Header: { Type: 0x8b, Revision: 2, Size: 224 }, MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
  FriendlyName: 'f', UniqueName: '{5cbf81bd-5055-47cd-9055-a76b2b4e3697}', ServiceName: 'TUNLWF',
  AttachHandler: fn, DetachHandler: fn, RestartHandler: fn, PauseHandler: fn, ...over,
});
const provider = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ Header: { Type: 0x80, Revision: 1, Size: 40 }, QueryObjectHandler: fn, SetObjectHandler: fn, ...over });

const st = (name: Parameters<typeof checkCharacteristics>[0], data: Record<string, unknown>, hostMinor?: number): string =>
  checkCharacteristics(name, data, hostMinor === undefined ? {} : { hostMinor }).status;

describe('characteristics as data', () => {
  it('accepts correct structures of all four kinds', () => {
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol()), 'NDIS_STATUS_SUCCESS');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport()), 'NDIS_STATUS_SUCCESS');
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter()), 'NDIS_STATUS_SUCCESS');
    assert.equal(st('NDIS_IF_PROVIDER_CHARACTERISTICS', provider()), 'NDIS_STATUS_SUCCESS');
    assert.equal(checkCharacteristics('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol()).findings.length, 0);
  });

  it('BAD_VERSION: major not 6, an unreleased minor, or a newer NDIS than the machine', () => {
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ MajorNdisVersion: 5 })), 'NDIS_STATUS_BAD_VERSION');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ MinorNdisVersion: 3 })), 'NDIS_STATUS_BAD_VERSION');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ MinorNdisVersion: 80, Header: { Type: 0x8a, Revision: 3, Size: 160 } }), 30), 'NDIS_STATUS_BAD_VERSION');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ MinorNdisVersion: 80, Header: { Type: 0x8a, Revision: 3, Size: 160 } }), 89), 'NDIS_STATUS_SUCCESS');
  });

  it('BAD_CHARACTERISTICS: header type, revision and size', () => {
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ Header: { Type: 0x8a, Revision: 2, Size: 128 } })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ Header: { Type: 0x95, Revision: 3, Size: 128 } })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ Header: { Type: 0x95, Revision: 2, Size: 120 } })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ Header: { Type: 0x95, Revision: 2, Size: 200 } })), 'NDIS_STATUS_SUCCESS');
  });

  it('tolerates NDIS_OBJECT_TYPE_DEFAULT on protocol and miniport characteristics with a warning (MUX sample)', () => {
    const r = checkCharacteristics('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ Header: { Type: 0x80, Revision: 2, Size: 152 } }));
    assert.equal(r.status, 'NDIS_STATUS_SUCCESS');
    assert.equal(r.findings[0]!.severity, 'warning');
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ Header: { Type: 0x80, Revision: 2, Size: 224 } })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
  });

  it('enforces the revision/version match for filters only (docs issue #2938)', () => {
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ MinorNdisVersion: 80 })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ MinorNdisVersion: 80, Header: { Type: 0x8b, Revision: 3, Size: 240 } })), 'NDIS_STATUS_SUCCESS');
    const p = checkCharacteristics('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ MinorNdisVersion: 0 }));
    assert.equal(p.status, 'NDIS_STATUS_SUCCESS');
    assert.deepEqual(p.findings.map((f) => [f.check, f.severity]), [['CH4', 'warning']]);
  });

  it('BAD_CHARACTERISTICS: missing required handlers, broken pairs, reserved flags, empty names', () => {
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', protocol({ BindAdapterHandlerEx: null })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ CheckForHangHandlerEx: fn })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ CheckForHangHandlerEx: fn, ResetHandlerEx: fn })), 'NDIS_STATUS_SUCCESS');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ DirectOidRequestHandler: fn })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', miniport({ Flags: 0x8 })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ ServiceName: '' })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.equal(st('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ AttachHandler: undefined })), 'NDIS_STATUS_BAD_CHARACTERISTICS');
  });

  it('ignores handlers of revisions above the declared one', () => {
    const r1 = protocol({ Header: { Type: 0x95, Revision: 1, Size: 120 }, MinorNdisVersion: 0 });
    assert.equal(st('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', r1), 'NDIS_STATUS_SUCCESS');
  });

  it('provider: NOT_SUPPORTED for the header, INVALID_PARAMETER for member data', () => {
    assert.equal(st('NDIS_IF_PROVIDER_CHARACTERISTICS', provider({ Header: { Type: 0x80, Revision: 2, Size: 40 } })), 'NDIS_STATUS_NOT_SUPPORTED');
    assert.equal(st('NDIS_IF_PROVIDER_CHARACTERISTICS', provider({ Header: { Type: 0x8a, Revision: 1, Size: 40 } })), 'NDIS_STATUS_NOT_SUPPORTED');
    assert.equal(st('NDIS_IF_PROVIDER_CHARACTERISTICS', provider({ QueryObjectHandler: null })), 'NDIS_STATUS_INVALID_PARAMETER');
    assert.equal(st('NDIS_IF_PROVIDER_CHARACTERISTICS', provider({ Reserved1: {} })), 'NDIS_STATUS_INVALID_PARAMETER');
  });

  it('reports the version error before structure errors and names the member', () => {
    const r = checkCharacteristics('NDIS_FILTER_DRIVER_CHARACTERISTICS', filter({ MajorNdisVersion: 7, AttachHandler: null }));
    assert.equal(r.status, 'NDIS_STATUS_BAD_VERSION');
    assert.ok(r.findings.some((f) => f.member === 'AttachHandler' && f.check === 'CH6'));
  });
});
