/**
 * Legal transitions of the adapter, binding and filter-module state machines (ndis-facts
 * §5.2–5.4). The model asks `legal()` before every transition; an illegal one is a driver bug
 * (reported as a violation or, for pause/restart completions with nothing pending, bug check
 * 0x7C/0x1F).
 */

export type AdapterState = 'Halted' | 'Shutdown' | 'Initializing' | 'Paused' | 'Restarting' | 'Running' | 'Pausing';
export type BindingState = 'Unbound' | 'Opening' | 'Paused' | 'Restarting' | 'Running' | 'Pausing' | 'Closing';
export type FilterModuleState = 'Detached' | 'Attaching' | 'Paused' | 'Restarting' | 'Running' | 'Pausing';

type Table<S extends string> = Readonly<Record<S, readonly S[]>>;

/** §5.2: miniport adapter. */
export const ADAPTER_TRANSITIONS: Table<AdapterState> = {
  Halted: ['Initializing'],
  Initializing: ['Paused', 'Halted'],
  Paused: ['Restarting', 'Halted', 'Shutdown'],
  Restarting: ['Running', 'Paused', 'Shutdown'],
  Running: ['Pausing', 'Shutdown'],
  Pausing: ['Paused', 'Shutdown'],
  Shutdown: [],
};

/** §5.3: protocol binding. */
export const BINDING_TRANSITIONS: Table<BindingState> = {
  Unbound: ['Opening'],
  Opening: ['Paused', 'Unbound'],
  Paused: ['Restarting', 'Closing'],
  Restarting: ['Running', 'Paused'],
  Running: ['Pausing'],
  Pausing: ['Paused'],
  Closing: ['Unbound'],
};

/** §5.4: filter module. */
export const FILTER_TRANSITIONS: Table<FilterModuleState> = {
  Detached: ['Attaching'],
  Attaching: ['Paused', 'Detached'],
  Paused: ['Restarting', 'Detached'],
  Restarting: ['Running', 'Paused'],
  Running: ['Pausing'],
  Pausing: ['Paused'],
};

export function legal<S extends string>(table: Table<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** States in which sends and receive indications are allowed (all three machines). */
export function dataPathOpen(state: string): boolean {
  return state === 'Running' || state === 'Pausing';
}

/** States in which OID requests are allowed. */
export function oidsAllowed(state: string): boolean {
  return state === 'Paused' || state === 'Restarting' || state === 'Running' || state === 'Pausing' || state === 'Closing';
}
