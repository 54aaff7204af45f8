import type { AccessChange, AccessDiff } from '../analysis/access-diff';
import { OUTCOME_LABEL } from '../analysis/cell-outcome';
import type { StatementRef } from '../explain/statement-ref';
import { formatStatementRef } from '../explain/decision-wording';
import { markdownCode, markdownText } from './markdown-escape';
import { fitMarkdown } from './markdown-limit';

/** Output formats of `jest-iam diff`. */
export type DiffFormat = 'text' | 'json' | 'markdown';

function request(c: AccessChange): string {
  return `${c.action} on ${c.resource}${c.variables ? ` with ${c.variables}` : ''}`;
}

function who(c: AccessChange, many: boolean): string {
  return many ? `${c.principal}: ` : '';
}

function refs(list: StatementRef[]): string {
  return list.map(formatStatementRef).join('; ');
}

function manyPrincipals(d: AccessDiff): boolean {
  return new Set([...d.gained, ...d.lost, ...d.conditional].map((c) => c.principal)).size > 1 || d.addedPrincipals.length + d.removedPrincipals.length > 0;
}

/** Plain text for a terminal or a CI log. */
export function formatDiffText(d: AccessDiff): string {
  const many = manyPrincipals(d);
  const lines = [`Access diff over ${d.cellCount} cells (${d.scope.description})`];
  if (d.addedPrincipals.length) lines.push(`New principals: ${d.addedPrincipals.join(', ')}`);
  if (d.removedPrincipals.length) lines.push(`Removed principals: ${d.removedPrincipals.join(', ')}`);
  lines.push('', d.gained.length ? `Now allowed (${d.gained.length}):` : 'Now allowed: nothing');
  for (const c of d.gained) lines.push(`  + ${who(c, many)}${request(c)}`, `      granted by ${refs(c.statements)}`);
  lines.push('', d.lost.length ? `No longer allowed (${d.lost.length}):` : 'No longer allowed: nothing');
  for (const c of d.lost) {
    lines.push(`  - ${who(c, many)}${request(c)}${c.after === 'conditional' ? ` (now only if ${c.conditions})` : ''}`);
    if (c.deniedBy.length) lines.push(`      denied by ${refs(c.deniedBy)}`);
    else if (c.statements.length) lines.push(`      was granted by ${refs(c.statements)}`);
  }
  if (d.conditional.length) {
    lines.push('', `Allowed under a condition (${d.conditional.length}):`);
    for (const c of d.conditional) {
      const sign = c.after === 'conditional' ? '+' : '-';
      const what = c.after === 'conditional' ? `now possible if ${c.conditions}` : `${OUTCOME_LABEL[c.after]} now; was possible if ${c.conditions}`;
      lines.push(`  ${sign} ${who(c, many)}${request(c)} (${what})`, `      ${c.after === 'conditional' ? 'by' : 'was by'} ${refs(c.statements)}`);
    }
  }
  return lines.join('\n');
}

/** Machine-readable form: the diff with statement references as objects. */
export function formatDiffJson(d: AccessDiff): string {
  return JSON.stringify(
    {
      scope: d.scope.description,
      actions: d.scope.actions.length,
      cells: d.cellCount,
      newAccess: d.gained.length > 0 || d.conditional.some((c) => c.after === 'conditional'),
      addedPrincipals: d.addedPrincipals,
      removedPrincipals: d.removedPrincipals,
      gained: d.gained,
      lost: d.lost,
      conditional: d.conditional,
    },
    null,
    2,
  );
}

/** A Markdown cell (markdown-escape.ts): every markup character shown as itself. */
const md = markdownText;

/** An identifier in a code span, safe in a table cell. */
const code = (text: string) => markdownCode(text);

function mdRefs(list: StatementRef[]): string {
  return list.map((r) => md(formatStatementRef(r))).join('<br>') || '—';
}

/** Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`. */
export function formatDiffMarkdown(d: AccessDiff): string {
  const many = manyPrincipals(d);
  const head = many ? '| Principal | Action | Resource |' : '| Action | Resource |';
  const rule = many ? '| --- | --- | --- |' : '| --- | --- |';
  const row = (c: AccessChange, extra: string) =>
    `| ${many ? `${md(c.principal)} | ` : ''}${code(c.action)} | ${code(c.resource)}${c.variables ? ` with ${md(c.variables)}` : ''} | ${extra} |`;
  const lines = [
    `### IAM access diff`,
    '',
    `${d.gained.length} now allowed, ${d.lost.length} no longer allowed, ${d.conditional.length} allowed-under-condition changes, over ${d.cellCount} cells (${md(d.scope.description)}).`,
  ];
  if (d.addedPrincipals.length) lines.push('', `New principals: ${d.addedPrincipals.map((p) => markdownCode(p, { table: false })).join(', ')}`);
  if (d.removedPrincipals.length) lines.push('', `Removed principals: ${d.removedPrincipals.map((p) => markdownCode(p, { table: false })).join(', ')}`);
  if (d.gained.length) {
    lines.push('', `#### :warning: Now allowed (${d.gained.length})`, '', `${head} Granted by |`, `${rule} --- |`);
    for (const c of d.gained) lines.push(row(c, mdRefs(c.statements)));
  }
  if (d.lost.length) {
    lines.push('', `#### No longer allowed (${d.lost.length})`, '', `${head} Why |`, `${rule} --- |`);
    for (const c of d.lost) {
      const why = c.deniedBy.length
        ? `denied by ${mdRefs(c.deniedBy)}`
        : c.after === 'conditional'
          ? `now only if ${md(c.conditions)}`
          : `no statement allows it (was ${mdRefs(c.statements)})`;
      lines.push(row(c, why));
    }
  }
  if (d.conditional.length) {
    lines.push('', `#### Allowed under a condition (${d.conditional.length})`, '', `${head} Change |`, `${rule} --- |`);
    for (const c of d.conditional) {
      const what =
        c.after === 'conditional'
          ? `now possible if ${md(c.conditions)} (${mdRefs(c.statements)})`
          : `${OUTCOME_LABEL[c.after]} now; was possible if ${md(c.conditions)}`;
      lines.push(row(c, what));
    }
  }
  if (!d.gained.length && !d.lost.length && !d.conditional.length) lines.push('', 'No change in access.');
  return lines.join('\n');
}

/** The diff in the requested format. */
export function formatDiff(d: AccessDiff, format: DiffFormat): string {
  // A Markdown diff is a pull-request comment: it is cut to GitHub's limit, saying so; `--format json` has it all.
  return format === 'json'
    ? formatDiffJson(d)
    : format === 'markdown'
      ? fitMarkdown(formatDiffMarkdown(d), { fullReport: 'in `jest-iam diff --format json` (or text) of the same inputs' })
      : formatDiffText(d);
}
