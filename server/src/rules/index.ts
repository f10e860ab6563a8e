/** Every rule, sorted by id. Adding a rule: its file here, a doc page in docs/rules/, a test in test/unit/rules/. */
import type { Rule } from './framework';
import { rule as ndis101 } from './ndis101HeaderType';
import { rule as ndis102 } from './ndis102HeaderRevision';
import { rule as ndis103 } from './ndis103HeaderSize';
import { rule as ndis104 } from './ndis104NdisVersion';
import { rule as ndis105 } from './ndis105MissingHandler';
import { rule as ndis106 } from './ndis106HandlerPairing';
import { rule as ndis107 } from './ndis107HandlerRole';
import { rule as ndis108 } from './ndis108UnknownMember';
import { rule as ndis109 } from './ndis109NotZeroed';
import { rule as ndis110 } from './ndis110Flags';
import { rule as ndis111 } from './ndis111Names';
import { rule as ndis112 } from './ndis112ProviderCharacteristics';
import { rule as ndis113 } from './ndis113InfServiceName';
import { rule as ndis114 } from './ndis114InfFilterIdentity';
import { rule as ndis115 } from './ndis115ProjectVersion';
import { rule as ndis201 } from './ndis201RegisterContext';
import { rule as ndis202 } from './ndis202UncheckedStatus';
import { rule as ndis203 } from './ndis203HandleLifetime';
import { rule as ndis204 } from './ndis204MissingDeregister';
import { rule as ndis205 } from './ndis205ErrorPathLeak';
import { rule as ndis206 } from './ndis206ImRegistration';
import { rule as ndis207 } from './ndis207InterfaceWithoutProvider';
import { rule as ndis208 } from './ndis208ProviderTeardownOrder';
import { rule as ndis209 } from './ndis209UseAfterDeregister';
import { rule as ndis210 } from './ndis210DuplicateRegistration';
import { rule as ndis211 } from './ndis211Irql';
import { rule as ndis212 } from './ndis212OpenOutsideBind';
import { rule as ndis213 } from './ndis213UnloadOrder';
import { rule as ndis214 } from './ndis214DeregisterInCallback';
import { rule as ndis215 } from './ndis215LuidSource';

export const RULES: readonly Rule[] = [
  ndis101, ndis102, ndis103, ndis104, ndis105, ndis106, ndis107, ndis108, ndis109, ndis110, ndis111, ndis112, ndis113, ndis114, ndis115,
  ndis201, ndis202, ndis203, ndis204, ndis205, ndis206, ndis207, ndis208, ndis209, ndis210, ndis211, ndis212, ndis213,
  ndis214, ndis215,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
