import { InputError } from '../policy-sources/read-policy-source';
import * as path from 'node:path';
import { unreadableValueMessages } from '../explain/unreadable-values';
import { prepareCells } from '../catalog/prepare-cells';
import { resolveValidationConfig } from '../catalog/validation-config';
import type { DecisionResult } from '../engine/decision';
import { evaluate } from '../engine/evaluate';
import { formatIssue, PolicyValidationError } from '../diagnostics/policy-issue';
import { explainDecision, traceLines } from '../explain/explain-decision';
import { EXIT, UsageError, type CliIo } from './cli-io';
import { loadPrincipals, type PolicyTypeFlags } from './load-principals';
import { policySetFindings } from './policy-set-findings';
import { contextOf, principalOf, resourceAccountOf } from './scope-options';

/** `--expect` values and the decisions each accepts (IAM User Guide, reference_policies_evaluation-logic.md). */
const EXPECT: Record<string, DecisionResult[]> = {
  allow: ['Allow'],
  deny: ['ExplicitDeny', 'ImplicitDeny'],
  'explicit-deny': ['ExplicitDeny'],
  'implicit-deny': ['ImplicitDeny'],
};

/**
 * `jest-iam explain`: decides one request against a whole policy set (identity policies, or the
 * roles of a template or plan, plus resource-based policies, boundary, SCP and RCP levels and
 * session policies) and explains it. The request is first checked against the AWS service
 * reference as a matcher's is (`prepareCells`): a mistake (unknown action, ARN of the wrong
 * type) exits 1 with the message; warnings are printed. An action pattern is expanded and each
 * action explained.
 */
export function explainCommand(inputs: string[], flags: Record<string, unknown>, io: CliIo): number {
  if (typeof flags.action !== 'string' || !flags.action) throw new UsageError('explain needs --action', 'explain');
  const expect = flags.expect as string | undefined;
  if (expect !== undefined && !EXPECT[expect])
    throw new UsageError(`unknown --expect ${JSON.stringify(expect)}; use ${Object.keys(EXPECT).join(', ')}`, 'explain');
  const resourceAccount = resourceAccountOf(flags, 'explain');
  const context = contextOf(flags.context, 'explain');
  const principal = principalOf(flags, 'explain');

  const config = resolveValidationConfig();
  let cells;
  try {
    const prepared = prepareCells([flags.action], [typeof flags.resource === 'string' ? flags.resource : '*'], config, Object.keys(context));
    cells = prepared.cells;
    // These are about the request, which has no file: say which flags gave it.
    for (const w of prepared.warnings) io.err(`jest-iam explain: ${formatIssue(w)}${w.pos ? '' : ' [the request of --action, --resource and --context]'}`);
  } catch (e) {
    if (!(e instanceof PolicyValidationError)) throw e;
    io.err(`jest-iam explain: ${e.message}`);
    return EXIT.findings;
  }

  const { principals, errors } = loadPrincipals(inputs, flags as PolicyTypeFlags, io, { command: 'explain' });
  if (errors) return EXIT.findings;
  if (!principals.length)
    throw new UsageError(
      'explain needs a policy: a POLICY file, a template or plan with roles, --set FILE, or --identity, --resource-policy, --trust, --boundary, --scp, --rcp or --session',
      'explain',
    );
  const findings = policySetFindings(
    principals.map((p) => p.set),
    config,
  );
  for (const f of findings) io.err(`jest-iam explain: ${formatIssue(f)}`);
  if (findings.some((f) => f.severity === 'error')) return EXIT.findings;

  const blocks: string[] = [];
  const missed: string[] = [];
  for (const p of principals) {
    for (const cell of cells) {
      const d = evaluate(p.set, {
        action: cell.action,
        resource: cell.resource,
        ...(principal !== undefined ? { principal } : {}),
        ...(resourceAccount !== undefined ? { resourceAccount } : {}),
        context,
      });
      const unreadable = unreadableValueMessages([d]);
      if (unreadable.length) throw new InputError(unreadable.join('; '));
      let text = explainDecision(d);
      if (flags.trace)
        text += `\n\nStatements:\n${traceLines(d)
          .map((l) => `  ${l}`)
          .join('\n')}`;
      blocks.push(principals.length > 1 ? `== ${p.name} ==\n${text}` : text);
      if (expect !== undefined && !EXPECT[expect].includes(d.result))
        missed.push(`${principals.length > 1 ? `${p.name}: ` : ''}${cell.action} on ${cell.resource}: ${d.result}`);
    }
  }
  io.out(blocks.join('\n\n'));
  if (missed.length) {
    const where = inputs.length ? ` (${path.basename(inputs[0])}${inputs.length > 1 ? ', ...' : ''})` : '';
    io.err(`jest-iam: expected ${expect}, got ${missed.join('; ')}${where}`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
