/**
 * Incremental analysis: results are memoised per function (keyed by its text, the texts of what it
 * calls and its input state), so analysing again re-interprets only what an edit changed.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protocolDriver, protocolEntry } from './drivers';
import { flowSession } from './harness';

const RECEIVE = `
static VOID
CountFrames(PPROT_OPEN Open, PNET_BUFFER_LIST NetBufferLists)
{
    PNET_BUFFER_LIST Nbl;
    ULONG Frames = 0;

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    {
        Frames++;
    }
    NdisAcquireSpinLock(&Open->Lock);
    Globals.OpenCount += Frames;
    NdisReleaseSpinLock(&Open->Lock);
}

_Use_decl_annotations_
VOID
ProtReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
                          ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PPROT_OPEN Open = (PPROT_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    CountFrames(Open, NetBufferLists);
    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists, 0);
    }
}
`;

const files = (): Record<string, string> => protocolDriver(protocolEntry(), {
  except: ['ProtReceiveNetBufferLists'],
  extra: { 'recv.c': '#include "prot.h"\n' + RECEIVE },
});

describe('incremental flow analysis', () => {
  it('re-analysing an unchanged driver interprets nothing and gives the same result', async () => {
    const s = await flowSession(files());
    try {
      const first = s.analyse();
      assert.ok(first.stats.executed.has('DriverEntry') && first.stats.executed.has('CountFrames'));
      const again = s.analyse();
      assert.deepEqual([...again.stats.executed], []);
      assert.equal(again.stats.steps, 0);
      assert.deepEqual(again.events.map((e) => e.kind + e.site), first.events.map((e) => e.kind + e.site));
    } finally {
      s.dispose();
    }
  });

  it('an edit in a data-path helper re-interprets it and its callers, not DriverEntry or the unload routine', async () => {
    const f = files();
    const s = await flowSession(f);
    try {
      const cold = s.analyse();
      const edited = f['recv.c']!.replace('    ULONG Frames = 0;', '    ULONG Frames = 1;');
      const warm = s.edit('recv.c', edited);
      const ran = [...warm.stats.executed].sort();
      assert.ok(ran.includes('CountFrames') && ran.includes('ProtReceiveNetBufferLists'), ran.join(','));
      assert.ok(!ran.includes('DriverEntry') && !ran.includes('ProtUnload') && !ran.includes('ProtBindAdapter'), ran.join(','));
      assert.ok(warm.stats.steps < cold.stats.steps);
    } finally {
      s.dispose();
    }
  });

  it('a finding introduced by an edit appears, and goes away when the edit is undone', async () => {
    const f = files();
    const s = await flowSession(f);
    try {
      assert.deepEqual(s.where(s.analyse(), 'NDIS211'), []);
      const bad = f['recv.c']!.replace('    Globals.OpenCount += Frames;', '    Globals.OpenCount += Frames;\n    NdisWaitEvent(&Open->ClosedEvent, 0);');
      assert.deepEqual(s.where(s.edit('recv.c', bad), 'NDIS211'), ['recv.c:15:5']);
      assert.deepEqual(s.where(s.edit('recv.c', f['recv.c']!), 'NDIS211'), []);
    } finally {
      s.dispose();
    }
  });
});
