/**
 * Shared IRQL specifications used by the role and DDI tables, so that every entry spells the
 * same SAL annotation the same way.
 */
import type { IrqlSpec } from './types';

/** `_IRQL_requires_(PASSIVE_LEVEL)`: runs at exactly PASSIVE_LEVEL. */
export const PASSIVE: IrqlSpec = { max: 'PASSIVE_LEVEL', exact: true };

/** `_IRQL_requires_max_(PASSIVE_LEVEL)`: the annotation the filter and interface headers use. */
export const MAX_PASSIVE: IrqlSpec = { max: 'PASSIVE_LEVEL' };

/** `_IRQL_requires_max_(APC_LEVEL)`. */
export const MAX_APC: IrqlSpec = { max: 'APC_LEVEL' };

/** `_IRQL_requires_max_(DISPATCH_LEVEL)`. */
export const MAX_DISPATCH: IrqlSpec = { max: 'DISPATCH_LEVEL' };

/** `_IRQL_requires_(DISPATCH_LEVEL)`: runs at exactly DISPATCH_LEVEL (the Dpr spin-lock calls). */
export const DISPATCH: IrqlSpec = { max: 'DISPATCH_LEVEL', exact: true };

/** `_IRQL_requires_max_(HIGH_LEVEL)`. */
export const MAX_HIGH: IrqlSpec = { max: 'HIGH_LEVEL' };
