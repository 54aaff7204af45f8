/**
 * How loudly each service-reference finding is reported. Request mistakes in a test (an
 * unknown action, an ARN of the wrong type) are errors by default: the test would otherwise
 * check a request AWS never sees. Findings about a policy are warnings by default: AWS accepts
 * a policy naming an unknown action, but it is almost surely a mistake.
 */

import type { PolicyIssue } from '../diagnostics/policy-issue';
import { nearestName } from '../diagnostics/nearest-name';

export type Level = 'error' | 'warning' | 'off';

export interface ValidationConfig {
  /** A request's action names no known service (`unknown-service`). */
  unknownService: Level;
  /** A request's action is not an action of its service (`unknown-action`). */
  unknownAction: Level;
  /** A request's resource is none of the resource types its action acts on (`resource-type-mismatch`). */
  resourceTypeMismatch: Level;
  /** A request names a specific resource for an action that only takes `"*"` (`wildcard-only-action`). */
  wildcardOnlyResource: Level;
  /**
   * A request on `"*"` for an action that always acts on a resource of a required type
   * (`resource-required`): AWS never sends it on `"*"`.
   */
  resourceRequired: Level;
  /** A request's context holds a service key the action never carries (`context-key-not-for-action`). */
  contextKeyNotForAction: Level;
  /** A request's context holds an `aws:` key that is not a global condition key (`unknown-context-key`). */
  unknownContextKey: Level;
  /** A policy's Action/NotAction names no known service (`unknown-service-in-policy`). */
  unknownServiceInPolicy: Level;
  /** A policy's Action/NotAction value matches no real action (`unknown-action-in-policy`). */
  unknownActionInPolicy: Level;
  /** A Condition key is neither global nor a key of the statement's services (`unknown-condition-key`). */
  unknownConditionKey: Level;
  /**
   * A condition operator does not suit its key's type, a multivalued key lacks a set qualifier,
   * or ForAllValues is used on a single-valued key (`condition-operator-type`,
   * `missing-set-qualifier`, `set-qualifier-single-valued`).
   */
  conditionOperatorType: Level;
  /** Report every remaining warning as an error (also `JEST_IAM_WARNINGS_AS_ERRORS=1`). */
  warningsAsErrors: boolean;
}

/** The settings when nothing is configured. */
export const DEFAULT_VALIDATION_CONFIG: Readonly<ValidationConfig> = Object.freeze({
  unknownService: 'error',
  unknownAction: 'error',
  resourceTypeMismatch: 'error',
  wildcardOnlyResource: 'error',
  resourceRequired: 'warning',
  contextKeyNotForAction: 'warning',
  unknownContextKey: 'warning',
  unknownServiceInPolicy: 'warning',
  unknownActionInPolicy: 'warning',
  unknownConditionKey: 'warning',
  conditionOperatorType: 'warning',
  warningsAsErrors: false,
});

type LevelField = Exclude<keyof ValidationConfig, 'warningsAsErrors'>;

/** Which setting grades which issue code. Codes not listed keep their own severity. */
export const LEVEL_BY_CODE: Readonly<Record<string, LevelField>> = Object.freeze({
  'unknown-service': 'unknownService',
  'unknown-action': 'unknownAction',
  'resource-type-mismatch': 'resourceTypeMismatch',
  'wildcard-only-action': 'wildcardOnlyResource',
  'resource-required': 'resourceRequired',
  'context-key-not-for-action': 'contextKeyNotForAction',
  'unknown-context-key': 'unknownContextKey',
  'unknown-service-in-policy': 'unknownServiceInPolicy',
  'unknown-action-in-policy': 'unknownActionInPolicy',
  'unknown-condition-key': 'unknownConditionKey',
  'condition-operator-type': 'conditionOperatorType',
  'missing-set-qualifier': 'conditionOperatorType',
  'set-qualifier-single-valued': 'conditionOperatorType',
});

/** Environment variable that turns warnings into errors (`1`/`true`, or `0`/`false`). */
export const WARNINGS_AS_ERRORS_ENV = 'JEST_IAM_WARNINGS_AS_ERRORS';

const LEVELS: readonly Level[] = ['error', 'warning', 'off'];
const FIELDS = Object.keys(DEFAULT_VALIDATION_CONFIG) as (keyof ValidationConfig)[];

/**
 * The effective settings: the defaults, then a Jest config's
 * `globals: { 'jest-iam': { validation: {...} } }` (visible to tests as
 * `globalThis['jest-iam']`), then the environment variable `JEST_IAM_WARNINGS_AS_ERRORS`
 * (`1`/`true` or `0`/`false`), then `overrides`. A misspelt setting or a bad value throws an
 * Error that names where it came from.
 */
export function resolveValidationConfig(overrides?: Partial<ValidationConfig>): ValidationConfig {
  const config: ValidationConfig = { ...DEFAULT_VALIDATION_CONFIG };
  const fromJest = (globalThis as Record<string, unknown>)['jest-iam'];
  if (fromJest !== undefined && fromJest !== null) {
    if (typeof fromJest !== 'object') throw new Error(`Jest globals['jest-iam'] must be an object, not ${typeof fromJest}`);
    const validation = (fromJest as Record<string, unknown>).validation;
    if (validation !== undefined) merge(config, validation, "Jest globals['jest-iam'].validation");
  }
  const env = process.env[WARNINGS_AS_ERRORS_ENV];
  if (env !== undefined && env !== '') config.warningsAsErrors = readFlag(env);
  if (overrides !== undefined) merge(config, overrides, 'validation overrides');
  return config;
}

function merge(config: ValidationConfig, input: unknown, source: string): void {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`${source} must be an object of settings such as { unknownAction: 'warning' }, not ${Array.isArray(input) ? 'a list' : typeof input}`);
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!(FIELDS as string[]).includes(name)) {
      const near = nearestName(name, FIELDS);
      throw new Error(`${source}.${name} is not a validation setting${near ? `; did you mean ${near}?` : ''} (settings: ${FIELDS.join(', ')})`);
    }
    if (name === 'warningsAsErrors') {
      if (typeof value !== 'boolean') throw new Error(`${source}.warningsAsErrors must be true or false, not ${JSON.stringify(value)}`);
      config.warningsAsErrors = value;
    } else {
      if (!(LEVELS as unknown[]).includes(value)) throw new Error(`${source}.${name} must be 'error', 'warning' or 'off', not ${JSON.stringify(value)}`);
      config[name as LevelField] = value as Level;
    }
  }
}

function readFlag(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new Error(`environment variable ${WARNINGS_AS_ERRORS_ENV} must be 1 or 0 (or true/false), not ${JSON.stringify(value)}`);
}

/**
 * Re-grades issues: each code listed in {@link LEVEL_BY_CODE} takes its setting's level
 * (`off` drops it), then, with `warningsAsErrors`, every remaining warning becomes an error.
 * Returns new issue objects; the input is not changed.
 */
export function applyLevels(issues: readonly PolicyIssue[], config: ValidationConfig): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const issue of issues) {
    const field = Object.prototype.hasOwnProperty.call(LEVEL_BY_CODE, issue.code) ? LEVEL_BY_CODE[issue.code] : undefined;
    const level = field ? config[field] : issue.severity;
    if (level === 'off') continue;
    const severity = level === 'warning' && config.warningsAsErrors ? 'error' : level;
    out.push(severity === issue.severity ? issue : { ...issue, severity });
  }
  return out;
}
