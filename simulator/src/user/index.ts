/**
 * Running the user's own driver in the simulator: the NdisHost that joins the C interpreter
 * (simulator/src/exec) to the NDIS model (simulator/src/ndis). See README.md in this folder.
 */
export { createUserDriverLoader, modelledDdis, type UserDriverLoader, type UserDriverLoaderOptions, type UserDriverContext, type UnmodelledCall, type HostDirectory } from './loader';
export { detectKind, detectRoles, detectServiceName } from './kind';
export { defaultScenario, type DefaultScenarioOptions } from './scenarios';
export type { UserDriverKind } from './runtime';
