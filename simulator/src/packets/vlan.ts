/** IEEE 802.1Q tag: PCP (3 bits), DEI (1 bit), VLAN ID (12 bits), then the inner EtherType. */
import { readU16, writeU16 } from './bytes';
import { truncated, type Decoded } from './layer';

export const VLAN_TAG_LENGTH = 4;

export interface VlanTag {
  readonly vid: number;
  readonly pcp?: number;
  readonly dei?: boolean;
  /** EtherType of what follows the tag. */
  readonly etherType: number;
}

/** The 4 bytes after the 0x8100 TPID: TCI and inner EtherType. */
export function buildVlan(t: VlanTag): Uint8Array {
  const b = new Uint8Array(VLAN_TAG_LENGTH);
  writeU16(b, 0, (((t.pcp ?? 0) & 7) << 13) | ((t.dei ? 1 : 0) << 12) | (t.vid & 0xfff));
  writeU16(b, 2, t.etherType);
  return b;
}

export function decodeVlan(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < VLAN_TAG_LENGTH) return truncated('vlan', o, VLAN_TAG_LENGTH, end - o);
  const tci = readU16(b, o);
  const vid = tci & 0xfff;
  const pcp = tci >>> 13;
  const type = readU16(b, o + 2);
  return {
    layer: { name: 'vlan', offset: o, length: 4, fields: { pcp, dei: (tci & 0x1000) !== 0, vid, etherType: type }, summary: `802.1Q vid=${vid} pcp=${pcp}`, problems: [] },
    next: { table: 'ethertype', key: type, offset: o + 4, end },
  };
}
