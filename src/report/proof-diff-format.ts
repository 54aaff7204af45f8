/**
 * `jest-iam diff --prove` output: every region of new access (action x resource-pattern cell x
 * condition classes) with its witness request and the statements that grant it, then what the
 * proof left UNKNOWN. Text, Markdown (hostile text escaped) and SARIF.
 */

import type { ProofResult, ProofWitness } from '../proof/prove';
import { formatUnknown, formatWitnessRequest } from '../proof/proof-text';
import { markdownText } from './markdown-escape';
import { statementRef } from '../explain/statement-ref';
import { formatStatementRef } from '../explain/decision-wording';
import { sarifLog, type SarifFinding } from './sarif-log';

export type ProofDiffFormat = 'text' | 'markdown' | 'sarif' | 'json';

/** One principal's proof: NEW against OLD. */
export interface PrincipalProof {
  principal: string;
  result: ProofResult;
}

/** Most regions printed per principal (the count is always given). */
export const MAX_REGIONS_SHOWN = 200;

function regionLine(w: ProofWitness): string {
  const patterns = w.region.resourcePatterns.length ? ` [resources matching ${w.region.resourcePatterns.join(', ')}]` : '';
  return `${formatWitnessRequest(w)}${patterns}`;
}

function grants(w: ProofWitness): string[] {
  return w.decisions[0].deciding.filter((t) => t.statement.effect === 'Allow').map((t) => formatStatementRef(statementRef(t)));
}

// The one Markdown escaper of the reports: a resource pattern holding a URL must not become a link.
const md = markdownText;

export function formatProofDiff(proofs: readonly PrincipalProof[], format: ProofDiffFormat, cwd?: string): string {
  if (format === 'json')
    return `${JSON.stringify(
      proofs.map((p) => ({
        principal: p.principal,
        verdict: p.result.verdict,
        newAccess: p.result.witnesses.map((w) => ({ request: w.request, region: w.region, grantedBy: grants(w) })),
        unknown: p.result.unknown,
      })),
      null,
      2,
    )}\n`;
  if (format === 'sarif') {
    const findings: SarifFinding[] = [];
    for (const p of proofs) {
      for (const w of p.result.witnesses) {
        const t = w.decisions[0].deciding.find((x) => x.statement.effect === 'Allow');
        const pos = t?.statement.pos;
        findings.push({
          file: pos?.file ?? t?.policy.file ?? t?.policy.name ?? p.principal,
          level: 'error',
          context: p.principal,
          issue: { severity: 'error', code: 'new-access', message: `new access: ${regionLine(w)}`, ...(pos ? { pos } : {}) },
        });
      }
      for (const u of p.result.unknown)
        findings.push({
          file: p.principal,
          level: 'warning',
          context: p.principal,
          issue: { severity: 'warning', code: 'proof-unknown', message: `not decided: ${u.action}: ${u.reason}` },
        });
    }
    return `${JSON.stringify(sarifLog(findings, cwd ? { cwd } : {}), null, 2)}\n`;
  }
  const lines: string[] = [];
  for (const p of proofs) {
    const r = p.result;
    const head =
      r.verdict === 'PROVED'
        ? 'no new access (proved)'
        : r.verdict === 'COUNTEREXAMPLE'
          ? `new access in ${r.witnesses.length} region${r.witnesses.length === 1 ? '' : 's'}`
          : 'not decided (UNKNOWN)';
    lines.push(format === 'markdown' ? `### ${md(p.principal)}: ${head}` : `${p.principal}: ${head} (${r.regions} regions decided)`);
    if (format === 'markdown') lines.push('');
    for (const w of r.witnesses.slice(0, MAX_REGIONS_SHOWN)) {
      if (format === 'markdown') lines.push(`- ${md(regionLine(w))}${grants(w).length ? ` — granted by ${grants(w).map(md).join('; ')}` : ''}`);
      else {
        lines.push(`  + ${regionLine(w)}`);
        for (const g of grants(w)) lines.push(`      granted by ${g}`);
      }
    }
    if (r.witnesses.length > MAX_REGIONS_SHOWN)
      lines.push(`${format === 'markdown' ? '- ' : '  '}... and ${r.witnesses.length - MAX_REGIONS_SHOWN} more regions`);
    if (r.unknown.length)
      lines.push(
        format === 'markdown'
          ? `\nNot decided:\n\n${formatUnknown(r)
              .split('\n')
              .map((l) => `- ${md(l.trim())}`)
              .join('\n')}`
          : `  not decided:\n${formatUnknown(r)}`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
