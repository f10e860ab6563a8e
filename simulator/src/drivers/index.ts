/**
 * The built-in drivers a scenario can name with `builtin:`. Each entry creates a fresh image
 * (fresh globals) every time the driver is loaded, as reloading a real driver does.
 */
import type { DriverImage } from '../ndis/driverImage';
import { tinyIpDriver } from './tinyIp/protocol';
import { tinyLwfDriver } from './tinyLwf';
import { tinyMuxDriver } from './tinyMux';
import { vethDriver } from './veth';

export interface BuiltinDriver {
  readonly roles: DriverImage['roles'];
  readonly description: string;
  create(serviceName: string): DriverImage;
}

export const BUILTIN_DRIVERS: Readonly<Record<string, BuiltinDriver>> = {
  VETH: { roles: ['miniport'], description: 'virtual Ethernet miniport driving a simulated NIC', create: vethDriver },
  TINYIP: { roles: ['protocol'], description: 'protocol with a tiny IPv4 stack (ARP, ICMP echo, UDP)', create: tinyIpDriver },
  TINYLWF: { roles: ['filter'], description: 'pass-through lightweight filter', create: tinyLwfDriver },
  TINYMUX: { roles: ['intermediate', 'provider'], description: '1:1 intermediate (MUX) driver and interface provider', create: tinyMuxDriver },
};
