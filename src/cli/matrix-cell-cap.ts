import { maxCellsProblem } from '../scenario/cell-cap';
import { UsageError } from './cli-io';

/**
 * The most cells `matrix` and `diff` decide (per side of a diff): a scope such as every action of
 * 25 services over every sampled resource would otherwise run for minutes and hold every
 * decision in memory. 250,000 (about 4 s) unless `JEST_IAM_MAX_CELLS` says otherwise, the
 * variable that also caps a scenario file.
 */
export const DEFAULT_CLI_MAX_CELLS = 250_000;

/** The cap in force for `command`; a `JEST_IAM_MAX_CELLS` that is no positive whole number is a usage error. */
export function cliMaxCells(command: string): number {
  const problem = maxCellsProblem();
  if (problem) throw new UsageError(problem, command);
  const raw = process.env.JEST_IAM_MAX_CELLS;
  return raw !== undefined && raw.trim() !== '' ? Number(raw) : DEFAULT_CLI_MAX_CELLS;
}
