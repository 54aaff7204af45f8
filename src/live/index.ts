/**
 * Live AWS: cross-checking decisions with IAM's policy simulator, and loading real principals.
 * Optional: nothing here runs unless a test or setting asks for it.
 */
export {
  crossCheck,
  progressLine,
  type CrossCheckCell,
  type CrossCheckOutcome,
  type CrossCheckOptions,
  type CrossCheckProgress,
  type CrossCheckReport,
  type CrossCheckStatus,
} from './cross-check';
export { countOutcomes, summaryLine, type CrossCheckCounts } from './cross-check-counts';
export { readRunCounts, runSummary, CROSS_CHECK_RUN_DIR_ENV, type RunCounts } from './cross-check-run';
export { readCrossCheckSettings, resolveCrossCheck, type CrossCheckSettings } from './cross-check-config';
export {
  recordForCrossCheck,
  registerCrossCheckHooks,
  crossCheckCells,
  setFileCrossCheck,
  isCrossCheckWanted,
  checkRecordedCells,
  finishFileCrossCheck,
  CrossCheckResults,
} from './cross-check-hook';
export { prepareScenarioLive, type ScenarioLiveSupport, type ScenarioLiveOptions } from './scenario-cross-check';
export { configureCrossCheck, resetCrossCheckSetup, type CrossCheckSetup } from './cross-check-session';
export { loadLivePrincipal, hydrateLivePolicySet, type LoadPrincipalOptions } from './load-principal';
export { livePrincipalOf, type LivePrincipal } from './live-principal-registry';
export { mapPolicySet, type MappedCell, type SimulationInput, type SentPolicy } from './map-policy-set';
export {
  simulateBatch,
  planChunks,
  MAX_ACTIONS_PER_CALL,
  MAX_RESOURCES_PER_CALL,
  type Chunk,
  type BatchOptions,
  type BatchStats,
  type BatchProgress,
  type CellAnswer,
} from './simulate-batch';
export { SimulationCache, defaultCacheDir, DEFAULT_PRINCIPAL_TTL_SECONDS, type SimulationCacheOptions, type CachedAnswer } from './simulate-cache';
export { createIamClient, type IamClientOptions } from './iam-client';
export { IamLiveError, describeAwsError } from './aws-errors';
export { IAM_TO_LOCAL, formatDivergence } from './compare';
export type { IamCellResult, IamDecision, IamStatementRef } from './iam-cell-result';
export { runLive, LIVE_USAGE } from './live-run';
export { checkLiveCredentials } from './live-credentials';
export { loadBucketAccess, type BucketAccessOptions, type LiveBucketAccess } from './bucket-public-access';
