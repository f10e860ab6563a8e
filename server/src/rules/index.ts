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

export const RULES: readonly Rule[] = [
  ndis101, ndis102, ndis103, ndis104, ndis105, ndis106, ndis107, ndis108, ndis109, ndis110, ndis111, ndis112,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
