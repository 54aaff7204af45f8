/** Proofs over whole request domains: PROVED, COUNTEREXAMPLE or UNKNOWN (docs/architecture.md, layer `proof`). */
export {
  prove,
  DEFAULT_MAX_REGIONS,
  type ProofDomain,
  type ProofOptions,
  type ProofResult,
  type ProofRegion,
  type ProofVerdict,
  type ProofWitness,
} from './prove';
export { proveNeverAllows, proveNoNewAccess, proveEquivalent, grantableActions, type ProofQuestionOptions } from './questions';
export { ProofUnknown, MAX_PRODUCT_STATES, patternCells, globPattern, type StringPattern, type PatternCell } from './string-automaton';
export { formatWitness, formatWitnessRequest, formatUnknown } from './proof-text';
