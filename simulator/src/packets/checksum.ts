/**
 * The Internet checksum (RFC 1071) and the IPv4/IPv6 pseudo-headers that UDP, TCP and ICMPv6
 * include in theirs.
 */

/** One's-complement sum of 16-bit words over b[start, end), folded; not yet complemented. */
export function onesSum(b: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum field value for b[start, end) (with the checksum field itself zeroed). */
export function internetChecksum(b: Uint8Array, start = 0, end = b.length, initial = 0): number {
  return ~onesSum(b, start, end, initial) & 0xffff;
}

/** Sum of the IPv4 pseudo-header: source, destination, zero, protocol, length. */
export function ipv4PseudoSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let sum = ((src[0]! << 8) | src[1]!) + ((src[2]! << 8) | src[3]!) + ((dst[0]! << 8) | dst[1]!) + ((dst[2]! << 8) | dst[3]!) + protocol + (length & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** Sum of the IPv6 pseudo-header: source, destination, 32-bit length, next header. */
export function ipv6PseudoSum(src: Uint8Array, dst: Uint8Array, nextHeader: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < 16; i += 2) sum += ((src[i]! << 8) | src[i + 1]!) + ((dst[i]! << 8) | dst[i + 1]!);
  sum += (length >>> 16) + (length & 0xffff) + nextHeader;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
