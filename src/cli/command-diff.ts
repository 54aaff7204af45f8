import { diffAccess, hasNewAccess } from '../analysis/access-diff';
import { formatDiff, type DiffFormat } from '../report/access-diff-format';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { writeOutput } from './write-output';
import { isPolicyType, POLICY_TYPES, type PolicyType } from '../policy/policy-type';
import { loadPrincipals, type PolicyTypeFlags } from './load-principals';
import { scopeFromFlags } from './scope-options';
import { proveNoNewAccess } from '../proof/questions';
import { formatProofDiff, type PrincipalProof, type ProofDiffFormat } from '../report/proof-diff-format';
import { cliMaxCells } from './matrix-cell-cap';

const PROOF_FORMATS: readonly ProofDiffFormat[] = ['text', 'json', 'markdown', 'sarif'];

const FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];

/**
 * `jest-iam diff OLD NEW`: access gained and lost. With `--fail-on-new-access`, exits 1 when
 * the new version allows a request the old one did not (like IAM Access Analyzer's
 * CheckNoNewAccess, but local and naming the granting statement).
 */
export function diffCommand(inputs: string[], flags: Record<string, unknown>, io: CliIo): number {
  if (inputs.length !== 2) throw new UsageError(`diff compares exactly two inputs, OLD and NEW; got ${inputs.length}`, 'diff');
  const format = (flags.format ?? 'text') as DiffFormat;
  if (flags.prove && !PROOF_FORMATS.includes(format as ProofDiffFormat))
    throw new UsageError(`unknown --format ${JSON.stringify(flags.format)}; use ${PROOF_FORMATS.join(', ')}`, 'diff');
  if (!flags.prove && !FORMATS.includes(format)) throw new UsageError(`unknown --format ${JSON.stringify(flags.format)}; use ${FORMATS.join(', ')}`, 'diff');
  const inputType = flags.type as PolicyType | undefined;
  if (inputType !== undefined && !isPolicyType(inputType))
    throw new UsageError(`unknown --type ${JSON.stringify(inputType)}; use one of ${POLICY_TYPES.join(', ')}`, 'diff');
  // OLD and NEW are the part that changed; the policy-set flags are the parts both sides share.
  const options = { command: 'diff', ...(inputType ? { inputType } : {}) };
  const before = loadPrincipals([inputs[0]], flags as PolicyTypeFlags, io, options);
  const after = loadPrincipals([inputs[1]], flags as PolicyTypeFlags, io, options);
  if (before.errors || after.errors) return EXIT.findings;
  if (!before.principals.length && !after.principals.length) throw new UsageError('neither input holds a principal to compare', 'diff');
  if (flags.prove) {
    // Every request, not sampled cells: each principal of NEW against the same principal of OLD
    // (none: nothing was allowed before). --fail-on-new-access fails on new access and on
    // anything the proof could not decide (a proof never passes on a guess).
    const proofs: PrincipalProof[] = after.principals.map((p) => {
      const old =
        before.principals.find((b) => b.name === p.name) ??
        (before.principals.length === 1 && after.principals.length === 1 ? before.principals[0] : undefined);
      return { principal: p.name, result: proveNoNewAccess(p.set, old?.set ?? { identity: [] }, { all: true }) };
    });
    writeOutput(io, flags.output, formatProofDiff(proofs, format as ProofDiffFormat, io.cwd));
    return flags['fail-on-new-access'] && proofs.some((p) => p.result.verdict !== 'PROVED') ? EXIT.findings : EXIT.ok;
  }
  const scope = scopeFromFlags(
    flags,
    [...before.principals, ...after.principals].map((p) => p.set),
    'diff',
  );
  const diff = diffAccess(before.principals, after.principals, scope, { maxCells: cliMaxCells('diff') });
  const text = formatDiff(diff, format);
  writeOutput(io, flags.output, text);
  return flags['fail-on-new-access'] && hasNewAccess(diff) ? EXIT.findings : EXIT.ok;
}
