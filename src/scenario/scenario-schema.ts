/**
 * The JSON Schema of scenario files (`schema/scenario.schema.json`, shipped in the package so
 * editors can use it), compiled once with ajv.
 */

import { createHash } from 'node:crypto';
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
  const text = fs.readFileSync(scenarioSchemaPath(), 'utf8');
  const schema = JSON.parse(text) as Record<string, unknown>;
  const built = prebuiltValidators(text);
  if (built) return (cached = { ...built, schema });
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

/** The validators the build compiled (scripts/build-scenario-validators.js), file name beside this module in dist/. */
export const PREBUILT_VALIDATORS = 'scenario-validators.js';

/**
 * The build's standalone validators, when they were compiled from this very schema text: each
 * scenario file runs in its own Jest module registry, so compiling there cost every file about
 * 80 ms. Running from the sources (no build) or with another schema, `undefined`: compile.
 */
export function prebuiltValidators(
  schemaText: string,
  file: string = path.join(__dirname, PREBUILT_VALIDATORS),
): Omit<ScenarioValidators, 'schema'> | undefined {
  if (!fs.existsSync(file)) return undefined;
  const m = require(file) as { schemaHash?: unknown; scenario?: unknown; includedFile?: unknown };
  if (m.schemaHash !== createHash('sha256').update(schemaText).digest('hex')) return undefined;
  if (typeof m.scenario !== 'function' || typeof m.includedFile !== 'function') return undefined;
  return { scenario: m.scenario as ValidateFunction, includedFile: m.includedFile as ValidateFunction };
}

/** Runs a validator; the errors it found (empty when valid). */
export function schemaErrors(validate: ValidateFunction, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
