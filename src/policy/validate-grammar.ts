import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { Policy, PolicyStatement, PolicyVersion } from './policy-model';
import type { PolicyType } from './policy-type';
import type { SourceEntry, SourceNode } from './source-tree';
import type { StatementDraft } from './statement-draft';
import { IssueList, describeKind, quote } from '../diagnostics/issue-list';
import { readStatement, STATEMENT_ELEMENTS } from './read-statement';
import { idExpected } from './policy-type-rules';
import { nearestName } from '../diagnostics/nearest-name';
import { checkDocumentLimits } from './document-limits';

/** IAM User Guide, reference_policies_grammar.md: `policy = { <version_block?> <id_block?> <statement_block> }`. */
export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
const POLICY_ELEMENT_SET: ReadonlySet<string> = new Set(POLICY_ELEMENTS);
const STATEMENT_ELEMENT_SET: ReadonlySet<string> = new Set(STATEMENT_ELEMENTS);
/** reference_policies_elements_version.md: the two language versions IAM supports. */
const VERSIONS: ReadonlySet<string> = new Set<PolicyVersion>(['2012-10-17', '2008-10-17']);

export interface GrammarOptions {
  name: string;
  file?: string;
  /** The whole source text (statement slices are cut from it). */
  text: string;
  /** Decides Principal/Resource/Sid rules; absent: only the rules common to all types. */
  policyType?: PolicyType;
}

/**
 * Checks a source tree against the IAM policy grammar and builds the normalised Policy.
 * Every problem is returned; `policy` is set only when there is no error (warnings allowed).
 */
export function validatePolicyTree(root: SourceNode, options: GrammarOptions): { policy?: Policy; issues: PolicyIssue[] } {
  const issues = new IssueList();
  if (root.kind !== 'object') {
    issues.error('bad-value-type', `a policy must be an object with "Version" and "Statement", not ${describeKind(root)}`, root.pos, []);
    return { issues: issues.items };
  }
  checkDocumentLimits(root, options.policyType, options.text, issues);
  const entries = root.entries ?? [];
  const find = (key: string): SourceEntry | undefined => entries.find((e) => e.key === key);

  for (const e of entries) {
    if (!POLICY_ELEMENT_SET.has(e.key)) issues.error('unknown-element', unknownPolicyElement(e.key), e.keyPos, [e.key]);
  }

  const { version, versionGiven } = readVersion(find('Version'), root, options.policyType, issues);

  let id: string | undefined;
  const idEntry = find('Id');
  if (idEntry) {
    if (idEntry.value.kind !== 'string') issues.error('bad-value-type', `Id must be a string, not ${describeKind(idEntry.value)}`, idEntry.value.pos, ['Id']);
    else id = String(idEntry.value.value);
    if (!idExpected(options.policyType)) {
      // reference_policies_grammar.md notes: the id_block "must not be included in identity-based policies".
      issues.warning(
        'id-in-identity-policy',
        'the Id element is meant for resource-based policies; identity-based policies should not include it',
        idEntry.keyPos,
        ['Id'],
      );
    }
  }

  const statements: PolicyStatement[] = [];
  const drafts: StatementDraft[] = [];
  const stmtEntry = find('Statement');
  if (!stmtEntry) {
    // reference_policies_elements_statement.md: "The Statement element is the main element for a policy. This element is required."
    issues.error('missing-statement', 'the policy has no Statement element', root.pos, []);
  } else {
    const list = statementNodes(stmtEntry, issues);
    const ctx = { issues, version, policyType: options.policyType, text: options.text };
    for (const { node, path, index } of list) {
      if (node.kind !== 'object') {
        issues.error('bad-value-type', `each statement must be an object, not ${describeKind(node)}`, node.pos, path);
        continue;
      }
      const { draft, statement } = readStatement(node, index, path, ctx);
      drafts.push(draft);
      if (statement) statements.push(statement);
    }
  }

  checkDuplicateSids(drafts, issues);
  if (version === '2008-10-17') warnLiteralVariables(drafts, issues);

  if (issues.errorCount) return { issues: issues.items };
  const policy: Policy = { name: options.name, version, versionGiven, statements, text: options.text };
  if (options.file !== undefined) policy.file = options.file;
  if (id !== undefined) policy.id = id;
  return { policy, issues: issues.items };
}

function readVersion(
  entry: SourceEntry | undefined,
  root: SourceNode,
  type: PolicyType | undefined,
  issues: IssueList,
): { version: PolicyVersion; versionGiven: boolean } {
  if (!entry) {
    // reference_policies_elements_version.md: without Version, features of 2012-10-17 such as
    // policy variables do not work; `${aws:username}` is literal text.
    issues.warning(
      'no-version',
      'the policy has no Version, so it is read as policy language 2008-10-17 where policy variables such as ${aws:username} are literal text; add "Version": "2012-10-17"',
      root.pos,
      [],
    );
    return { version: '2008-10-17', versionGiven: false };
  }
  const v = entry.value;
  if (v.kind === 'string' && VERSIONS.has(String(v.value))) {
    const version = String(v.value) as PolicyVersion;
    if (version === '2008-10-17' && (type === 'scp' || type === 'rcp')) {
      // orgs_manage_policies_scps_syntax.md / orgs_manage_policies_rcps_syntax.md: the Version element has the value "2012-10-17".
      issues.warning('old-version', `${type === 'scp' ? 'service' : 'resource'} control policies use "Version": "2012-10-17"`, v.pos, ['Version']);
    }
    return { version, versionGiven: true };
  }
  issues.error('bad-version', `Version must be "2012-10-17" or "2008-10-17", not ${describeKind(v)}`, v.pos, ['Version']);
  return { version: '2012-10-17', versionGiven: true };
}

/** `Statement` holds one statement object or a non-empty list of them (reference_policies_elements_statement.md). */
function statementNodes(entry: SourceEntry, issues: IssueList): { node: SourceNode; path: (string | number)[]; index: number }[] {
  const v = entry.value;
  if (v.kind === 'object') return [{ node: v, path: ['Statement'], index: 0 }];
  if (v.kind === 'array') {
    const items = v.items ?? [];
    if (!items.length) issues.error('empty-list', 'Statement must hold at least one statement', v.pos, ['Statement']);
    return items.map((node, index) => ({ node, path: ['Statement', index], index }));
  }
  issues.error('bad-value-type', `Statement must be a statement object or a list of them, not ${describeKind(v)}`, v.pos, ['Statement']);
  return [];
}

/** reference_policies_elements_sid.md: "In IAM, the Sid value must be unique within a JSON policy." */
function checkDuplicateSids(drafts: StatementDraft[], issues: IssueList): void {
  const first = new Map<string, StatementDraft>();
  for (const d of drafts) {
    if (!d.sid || d.sid.value === '') continue;
    const earlier = first.get(d.sid.value);
    if (!earlier) {
      first.set(d.sid.value, d);
      continue;
    }
    const at = earlier.sid?.pos;
    issues.error(
      'duplicate-sid',
      `duplicate Sid ${quote(d.sid.value)}: statement ${earlier.index}${at ? ` (line ${at.line}:${at.column})` : ''} already uses it; Sids must be unique within a policy`,
      d.sid.pos,
      [...d.path, 'Sid'],
    );
  }
}

/**
 * reference_policies_elements_version.md: under 2008-10-17 "variables such as ${aws:username}
 * aren't recognized as variables and are instead treated as literal strings".
 */
function warnLiteralVariables(drafts: StatementDraft[], issues: IssueList): void {
  for (const d of drafts) {
    const values = [...(d.resource ?? []), ...(d.notResource ?? []), ...d.conditions.flatMap((c) => c.values)];
    const hit = values.find((v) => v.value.includes('${'));
    if (hit) {
      issues.warning(
        'literal-variable',
        `${quote(hit.value)} looks like it uses a policy variable, but under policy language 2008-10-17 "\${...}" is literal text; set "Version": "2012-10-17"`,
        hit.pos,
        d.path,
      );
    }
  }
}

function unknownPolicyElement(key: string): string {
  if (STATEMENT_ELEMENT_SET.has(key)) return `${quote(key)} belongs inside a statement (in "Statement"), not at the top level of the policy`;
  const hint = nearestName(key, POLICY_ELEMENTS);
  return `unknown policy element ${quote(key)}${hint ? `; did you mean "${hint}"?` : ` (allowed: ${POLICY_ELEMENTS.join(', ')})`}`;
}
