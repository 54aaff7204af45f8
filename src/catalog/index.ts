/** The AWS service reference (actions, resource types and ARN formats, condition keys) and the checks built on it. */
export {
  ServiceCatalog,
  CatalogError,
  defaultCatalog,
  serviceExists,
  getAction,
  actionsOf,
  resourceTypesOf,
  conditionKeysOf,
  globalConditionKey,
  allGlobalConditionKeys,
  loadedServices,
  type CatalogAction,
  type ActionResourceType,
  type CatalogResourceType,
  type CatalogConditionKey,
} from './service-catalog';
export { compileArnTemplate, resourceTypesOfArn, type ArnTemplate, type TemplateFit, type TypedArnFormat } from './arn-template';
export { checkRequest, checkRequestContext, checkExpandedRequest, type RequestIssueCode } from './check-request';
export { expandActionPattern, candidateServices, MAX_WILDCARD_SERVICES } from './expand-actions';
export { checkPolicyAgainstCatalog, type PolicyCatalogIssueCode } from './check-policy-catalog';
export {
  resolveValidationConfig,
  applyLevels,
  DEFAULT_VALIDATION_CONFIG,
  LEVEL_BY_CODE,
  WARNINGS_AS_ERRORS_ENV,
  type Level,
  type ValidationConfig,
} from './validation-config';
