import type { NeverAllowFinding } from '../../src/analysis/never-allow';
import { explainDecision } from '../../src/explain/explain-decision';
import { formatStatementRef } from '../../src/explain/decision-wording';

const KIND_LABEL: Record<NeverAllowFinding['kind'], string> = {
  allowed: 'allowed',
  conditional: 'allowed under condition',
  possible: 'possibly allowed',
};

/** Findings past this many are listed without their full explanation. */
const EXPLAINED_FINDINGS = 3;

function contextOf(f: NeverAllowFinding): string {
  const entries = Object.entries(f.context);
  if (!entries.length) return '';
  return ` with ${entries.map(([k, v]) => (v === null ? `${k} absent` : `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)).join(', ')}`;
}

/**
 * One finding of a never check (`toNeverAllow`, `toNeverAllowPublicAccess`): what is allowed to
 * whom and under which context, the statements that allow it, and for the first few the full
 * explanation of the decision.
 */
export function describeFinding(f: NeverAllowFinding, i: number, total: number): string {
  const lines = [`${i + 1}/${total} ${KIND_LABEL[f.kind]}: ${f.action} on ${f.resource}${f.principal ? ` as ${f.principal}` : ''}${contextOf(f)}`];
  if (f.moreResources.length)
    lines.push(
      `  and on ${f.moreResources.length} more resource${f.moreResources.length === 1 ? '' : 's'}: ${f.moreResources.slice(0, 5).join(', ')}${f.moreResources.length > 5 ? ', ...' : ''}`,
    );
  if (f.conditions) lines.push(`  if ${f.conditions}`);
  for (const s of f.statements) lines.push(`  by ${formatStatementRef(s)}`);
  if (f.note) lines.push(`  ${f.note}`);
  if (f.decision && i < EXPLAINED_FINDINGS) lines.push(explainDecision(f.decision, { indent: '    ' }));
  return lines.join('\n');
}
