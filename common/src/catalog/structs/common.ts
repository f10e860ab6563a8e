/**
 * Helpers shared by the struct tables. Offsets are written out literally in every table (x64,
 * natural alignment) rather than computed here, so the unit test can recompute them
 * independently and catch a slip in either place.
 */
import type { MemberDef, Requirement } from '../types';

/** A plain data member. */
export function field(
  name: string,
  cType: string,
  requirement: Requirement,
  offsetX64: number,
  doc: string,
  sinceRevision = 1,
): MemberDef {
  return { name, cType, requirement, sinceRevision, offsetX64, doc };
}

/**
 * A handler member. `cType` is the pointer typedef written in the header, `role` the typedef a
 * function should be declared with. `pairedWith` lists members that must also be set whenever
 * this one is set (one direction only: CheckForHang requires Reset, not the reverse).
 */
export function handler(
  name: string,
  cType: string,
  role: string,
  requirement: Requirement,
  sinceRevision: number,
  offsetX64: number,
  doc: string,
  pairedWith?: readonly string[],
): MemberDef {
  return {
    name,
    cType,
    role,
    requirement,
    sinceRevision,
    offsetX64,
    doc,
    ...(pairedWith ? { pairedWith } : {}),
  };
}

/** The embedded NDIS_OBJECT_HEADER every versioned NDIS 6 structure starts with. */
export function headerMember(doc: string): MemberDef {
  return {
    name: 'Header',
    cType: 'NDIS_OBJECT_HEADER',
    struct: 'NDIS_OBJECT_HEADER',
    requirement: 'required',
    sinceRevision: 1,
    offsetX64: 0,
    doc,
  };
}

/**
 * Header, the four version bytes and Flags: the identical start of the protocol, miniport and
 * filter characteristics (offsets 0, 4, 5, 6, 7, 8; the next member starts 8-aligned).
 */
export function characteristicsPrologue(headerDoc: string, flagsDoc: string): MemberDef[] {
  return [
    headerMember(headerDoc),
    field(
      'MajorNdisVersion',
      'UCHAR',
      'required',
      4,
      'NDIS major version the driver was written for. It must be 6; NDIS answers anything else with NDIS_STATUS_BAD_VERSION.',
    ),
    field(
      'MinorNdisVersion',
      'UCHAR',
      'required',
      5,
      'NDIS minor version: one of the released NDIS 6 minors (0, 1, 20, 30 … 89). It decides which Header.Revision the structure needs, and should agree with the NDIS6xx build macro.',
    ),
    field('MajorDriverVersion', 'UCHAR', 'free', 6, "The driver's own major version; any value."),
    field('MinorDriverVersion', 'UCHAR', 'free', 7, "The driver's own minor version; any value."),
    field('Flags', 'ULONG', 'free', 8, flagsDoc),
  ];
}
