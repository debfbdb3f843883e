import * as fc from 'fast-check';
import { apiCase } from './api-requests';
import type { FuzzCase, FuzzWorld } from './fuzz-world';
import { rawCase, wireCase } from './raw-requests';
import { momoCase, paygovCase, portalCallbackCase, vnpayCase } from './signed-callbacks';

export type { AnswerFormat, Canaries, FuzzCase, FuzzWorld } from './fuzz-world';
export { canaries } from './fuzz-world';

/** Every route and callback, each weighted so that a few thousand cases reach all of them. */
export function fuzzCases(world: FuzzWorld, options: { wire?: boolean } = {}): fc.Arbitrary<FuzzCase> {
  const byId = new Map(world.operations.map((op) => [op.operationId, op]));
  const need = (id: string) => {
    const op = byId.get(id);
    if (!op) throw new Error(`/openapi.json has no operation ${id}`);
    return op;
  };
  const special = new Set(['postPortalCallback', 'postPaygovConfirmation', 'getVnpayIpn', 'postMomoIpn']);
  const arbitraries: Array<fc.WeightedArbitrary<FuzzCase>> = [
    ...world.operations.filter((op) => !special.has(op.operationId)).map((op) => ({ weight: op.bodySchema ? 4 : 2, arbitrary: apiCase(world, op) })),
    { weight: 4, arbitrary: portalCallbackCase(world, need('postPortalCallback')) },
    { weight: 3, arbitrary: paygovCase(world, need('postPaygovConfirmation')) },
    { weight: 3, arbitrary: vnpayCase(world, need('getVnpayIpn')) },
    { weight: 3, arbitrary: momoCase(world, need('postMomoIpn')) },
    { weight: 4, arbitrary: rawCase(world) },
  ];
  if (options.wire !== false) arbitraries.push({ weight: 1, arbitrary: wireCase });
  return fc.oneof(...arbitraries);
}
