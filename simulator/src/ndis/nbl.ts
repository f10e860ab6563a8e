/**
 * NET_BUFFER_LIST bookkeeping: pools, NBLs, and who owns each NBL at every moment (the model of
 * TrackNblOwner, ndis-facts §5.6). An NBL is `idle` while its allocator owns it, `tx` from
 * NdisSendNetBufferLists (or NdisFSend…) until the send completes back to the sender, `rx` from a
 * receive indication until it is returned. `holder` is the driver whose code may touch it now.
 */
import { summarizeFrame } from '../packets/decode';
import type { BindingBlock, DriverBlock, FilterModuleBlock, PoolBlock } from './blocks';
import type { NdisStatus } from './status';
import type { NdisHandle, NetBufferList } from './types';

export type NblPhase = 'idle' | 'tx' | 'rx' | 'free';

let nextNblId = 1;
/** Restart NBL numbering (one world at a time). */
export function resetNblIds(): void {
  nextNblId = 1;
}

export class Nbl implements NetBufferList {
  readonly id = nextNblId++;
  Next: NetBufferList | null = null;
  SourceHandle: NdisHandle | null = null;
  Status: NdisStatus = 0;
  Context: unknown = undefined;
  // --- NDIS-private
  phase: NblPhase = 'idle';
  holder: DriverBlock;
  /** Component name of the holder (for messages). */
  holderComponent: string;
  /** Virtual time the current phase began. */
  since = 0;
  /** Receive state: bindings that still have to return it; indicated with RESOURCES. */
  receivers: BindingBlock[] | null = null;
  resources = false;
  /** The filter module that originated an indication or a send (null: miniport / protocol). */
  originModule: FilterModuleBlock | null = null;
  private summaryOf: Uint8Array | null = null;
  private summaryText = '';

  constructor(
    readonly pool: PoolBlock,
    public Data: Uint8Array,
    holder: DriverBlock,
    holderComponent: string,
  ) {
    this.holder = holder;
    this.holderComponent = holderComponent;
  }

  /** One-line decode of the frame, cached while Data is the same buffer. */
  get summary(): string {
    if (this.summaryOf !== this.Data) {
      this.summaryOf = this.Data;
      this.summaryText = summarizeFrame(this.Data);
    }
    return this.summaryText;
  }
}

/** Longest chain the model follows; a longer one is treated as a cycle (a corrupted Next). */
const MAX_CHAIN = 65536;

/** The NBLs of a chain, following Next (stopping at non-NBL values and at cycles). */
export function chainToArray(head: NetBufferList | null): Nbl[] {
  const out: Nbl[] = [];
  for (let n = head; n && out.length < MAX_CHAIN; n = n.Next) {
    if (!(n instanceof Nbl)) break;
    out.push(n);
  }
  if (out.length === MAX_CHAIN) return [...new Set(out)];
  return out;
}

/** Link an array into a chain (Next pointers) and return its head. */
export function linkChain(nbls: readonly Nbl[]): Nbl {
  for (let i = 0; i < nbls.length; i++) nbls[i]!.Next = i + 1 < nbls.length ? nbls[i + 1]! : null;
  return nbls[0]!;
}
