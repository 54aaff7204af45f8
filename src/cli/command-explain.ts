import { evaluate } from '../engine/evaluate';
import type { DecisionResult } from '../engine/decision';
import { toPolicy } from '../policy/policy-input';
import { explainDecision, traceLines } from '../report/explain-decision';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { contextOf } from './scope-options';
import * as path from 'node:path';

/** `--expect` values and the decisions each accepts (IAM User Guide, reference_policies_evaluation-logic.md). */
const EXPECT: Record<string, DecisionResult[]> = {
  allow: ['Allow'],
  deny: ['ExplicitDeny', 'ImplicitDeny'],
  'explicit-deny': ['ExplicitDeny'],
  'implicit-deny': ['ImplicitDeny'],
};

/** `jest-iam explain`: decides one request against identity policies and explains it. */
export function explainCommand(policies: string[], flags: Record<string, unknown>, io: CliIo): number {
  if (!flags.action) throw new UsageError('explain needs --action', 'explain');
  if (!policies.length) throw new UsageError('explain needs at least one policy file', 'explain');
  const expect = flags.expect as string | undefined;
  if (expect !== undefined && !EXPECT[expect]) throw new UsageError(`unknown --expect ${JSON.stringify(expect)}; use ${Object.keys(EXPECT).join(', ')}`, 'explain');
  const d = evaluate(
    policies.map((p) => toPolicy(p, { baseDir: io.cwd })),
    {
      action: String(flags.action),
      ...(flags.resource ? { resource: String(flags.resource) } : {}),
      ...(flags.principal ? { principal: String(flags.principal) } : {}),
      context: contextOf(flags.context, 'explain'),
    },
  );
  io.out(explainDecision(d));
  if (flags.trace) io.out(`\nStatements:\n${traceLines(d).map((l) => `  ${l}`).join('\n')}`);
  if (expect !== undefined && !EXPECT[expect].includes(d.result)) {
    io.err(`jest-iam: expected ${expect}, got ${d.result} (${path.basename(policies[0])}${policies.length > 1 ? ', ...' : ''})`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
