/**
 * The JSON Schema of scenario files (`schema/scenario.schema.json`, shipped in the package so
 * editors can use it), compiled once with ajv.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type AjvClass from 'ajv';

/** Where the schema file is, from this module in the sources or in the build. */
const SCHEMA_CANDIDATES = [
  // src/scenario -> <package>/schema
  path.join(__dirname, '..', '..', 'schema', 'scenario.schema.json'),
  // dist/src/scenario -> <package>/schema
  path.join(__dirname, '..', '..', '..', 'schema', 'scenario.schema.json'),
];

/** Absolute path of the shipped scenario JSON Schema. */
export function scenarioSchemaPath(): string {
  const found = SCHEMA_CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`jest-iam: scenario.schema.json not found (looked in ${SCHEMA_CANDIDATES.join(', ')}); the package is incomplete`);
  return found;
}

export interface ScenarioValidators {
  /** A scenario file. */
  scenario: ValidateFunction;
  /** A file named by `include`. */
  includedFile: ValidateFunction;
  /** The parsed schema, for listing keys. */
  schema: Record<string, unknown>;
}

let cached: ScenarioValidators | undefined;

/** The compiled validators (compiled on first use). */
export function scenarioValidators(): ScenarioValidators {
  if (cached) return cached;
  const schema = JSON.parse(fs.readFileSync(scenarioSchemaPath(), 'utf8')) as Record<string, unknown>;
  // allErrors: report every problem at once; verbose: errors carry their (parent) schema, used
  // for "did you mean" and allowed-value lists.
  // ajv is required on first use: `require('jest-iam')` for evaluate() alone never loads it.
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
  ajv.addSchema(schema, 'scenario');
  const scenario = ajv.getSchema('scenario');
  const includedFile = ajv.getSchema('scenario#/definitions/includedFile');
  if (!scenario || !includedFile) throw new Error('jest-iam: scenario.schema.json lacks its root or includedFile schema');
  cached = { scenario, includedFile, schema };
  return cached;
}

/** Runs a validator; the errors it found (empty when valid). */
export function schemaErrors(validate: ValidateFunction, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
