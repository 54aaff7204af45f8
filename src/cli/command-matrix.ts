import { buildAccessMatrix } from '../analysis/access-matrix';
import { formatMatrix, type MatrixFormat } from '../report/matrix-format';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { writeOutput } from './write-output';
import { loadPrincipals, POLICY_TYPE_OPTIONS, type PolicyTypeFlags } from './load-principals';
import { scopeFromFlags } from './scope-options';
import { cliMaxCells } from './matrix-cell-cap';

const FORMATS: readonly MatrixFormat[] = ['text', 'json', 'markdown', 'html'];

/** `jest-iam matrix`: the access table of the inputs' principals over a scope. */
export function matrixCommand(inputs: string[], flags: Record<string, unknown>, io: CliIo): number {
  if (!inputs.length && !Object.keys(flags).some((f) => f in POLICY_TYPE_OPTIONS))
    throw new UsageError('matrix needs a policy: an INPUT file, --set FILE, or a policy-set option (--identity, --resource-policy, ...)', 'matrix');
  const format = (flags.format ?? 'text') as MatrixFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${JSON.stringify(flags.format)}; use ${FORMATS.join(', ')}`, 'matrix');
  const { principals, errors } = loadPrincipals(inputs, flags as PolicyTypeFlags, io, { command: 'matrix' });
  if (errors) return EXIT.findings;
  if (!principals.length) throw new UsageError('the inputs hold no principal to evaluate (no identity policy, role, user or function)', 'matrix');
  const scope = scopeFromFlags(
    flags,
    principals.map((p) => p.set),
    'matrix',
  );
  const text = formatMatrix(buildAccessMatrix(principals, scope, { maxCells: cliMaxCells('matrix') }), format);
  writeOutput(io, flags.output, text);
  return EXIT.ok;
}
