import type { Effect, PolicyStatement, PolicyVersion, StatementElement } from './policy-model';
import type { PolicyType } from './policy-type';
import type { SourceNode } from './source-tree';
import type { StatementDraft } from './statement-draft';
import { describeKind, quote, type IssueList, type IssuePath } from '../diagnostics/issue-list';
import { readStringList } from './read-string-list';
import { readPrincipal } from './read-principal';
import { readConditionBlock } from './read-condition-block';
import { actionProblem, resourceProblem } from './value-formats';
import { acceptsIncompleteArns, checkStatementForPolicyType } from './policy-type-rules';
import { nearestName } from '../diagnostics/nearest-name';

/** IAM User Guide, reference_policies_grammar.md: the blocks a `<statement>` may hold. */
export const STATEMENT_ELEMENTS: readonly StatementElement[] = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
];
const STATEMENT_ELEMENT_SET: ReadonlySet<string> = new Set(STATEMENT_ELEMENTS);
const POLICY_ELEMENT_SET: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);

export interface StatementContext {
  issues: IssueList;
  version: PolicyVersion;
  policyType?: PolicyType;
  /** The whole policy text, for the statement's source slice. */
  text: string;
}

/**
 * Reads one statement object, reporting every problem found. Returns the draft (for
 * policy-level checks such as duplicate Sids) and the statement when it is usable.
 */
export function readStatement(node: SourceNode, index: number, path: IssuePath, ctx: StatementContext): { draft: StatementDraft; statement?: PolicyStatement } {
  const { issues } = ctx;
  const d: StatementDraft = { index, node, path, elements: {}, conditions: [] };
  for (const entry of node.entries ?? []) {
    const at = [...path, entry.key];
    if (!STATEMENT_ELEMENT_SET.has(entry.key)) {
      issues.error('unknown-element', unknownStatementElement(entry.key), entry.keyPos, at);
      continue;
    }
    const name = entry.key as StatementElement;
    d.elements[name] = entry.keyPos;
    const v = entry.value;
    switch (name) {
      case 'Sid':
        if (v.kind === 'string') d.sid = { value: String(v.value), pos: v.pos };
        else issues.error('bad-value-type', `Sid must be a string, not ${describeKind(v)}`, v.pos, at);
        break;
      case 'Effect':
        d.effect = readEffect(v, at, issues);
        break;
      case 'Action':
      case 'NotAction': {
        const list = readStringList(v, name, at, issues, name === 'Action');
        if (list) {
          for (const item of list) {
            const problem = actionProblem(item.str.value);
            if (problem) issues.error('bad-action', problem, item.str.pos, item.path);
          }
          if (name === 'Action') d.action = list.map((i) => i.str);
          else d.notAction = list.map((i) => i.str);
        }
        break;
      }
      case 'Resource':
      case 'NotResource': {
        const list = readStringList(v, name, at, issues, name === 'Resource');
        if (list) {
          const incomplete = acceptsIncompleteArns(ctx.policyType);
          for (const item of list) {
            const problem = resourceProblem(item.str.value, incomplete);
            if (problem) issues.error('bad-resource', problem, item.str.pos, item.path);
          }
          if (name === 'Resource') d.resource = list.map((i) => i.str);
          else d.notResource = list.map((i) => i.str);
        }
        break;
      }
      case 'Principal':
      case 'NotPrincipal': {
        const spec = readPrincipal(v, name, at, issues);
        if (spec && name === 'Principal') d.principal = spec;
        else if (spec) d.notPrincipal = spec;
        break;
      }
      case 'Condition':
        d.conditions = readConditionBlock(v, at, issues, ctx.version);
        break;
    }
  }
  checkElementPairs(d, issues);
  checkStatementForPolicyType(d, ctx.policyType, issues);
  if (!d.effect) return { draft: d };
  return { draft: d, statement: toStatement(d, ctx.text) };
}

/** IAM User Guide, reference_policies_elements_effect.md: "Valid values for Effect are Allow and Deny" (exact case). */
function readEffect(v: SourceNode, path: IssuePath, issues: IssueList): Effect | undefined {
  if (v.kind !== 'string') {
    issues.error('bad-value-type', `Effect must be the string "Allow" or "Deny", not ${describeKind(v)}`, v.pos, path);
    return undefined;
  }
  const s = String(v.value);
  if (s === 'Allow' || s === 'Deny') return s;
  const near = nearestName(s, ['Allow', 'Deny']);
  issues.error(
    'bad-effect',
    `Effect must be "Allow" or "Deny" (exactly, case-sensitive), not ${quote(s)}${near ? `; did you mean "${near}"?` : ''}`,
    v.pos,
    path,
  );
  return undefined;
}

/**
 * Required elements and exclusive pairs. IAM User Guide, reference_policies_grammar.md:
 * `<effect_block>`, `<action_block> = ("Action" | "NotAction")` and `<resource_block> =
 * ("Resource" | "NotResource")` each appear once, as one alternative; `("Principal" | "NotPrincipal")` likewise.
 */
function checkElementPairs(d: StatementDraft, issues: IssueList): void {
  const el = d.elements;
  if (!el.Effect) issues.error('missing-effect', 'the statement has no Effect; write "Effect": "Allow" or "Effect": "Deny"', d.node.pos, d.path);
  if (el.Action && el.NotAction) {
    issues.error('action-and-notaction', 'a statement may have Action or NotAction, not both', later(el.Action, el.NotAction), [
      ...d.path,
      later(el.Action, el.NotAction) === el.Action ? 'Action' : 'NotAction',
    ]);
  } else if (!el.Action && !el.NotAction) {
    issues.error('missing-action', 'the statement has neither Action nor NotAction; it must have one of them', d.node.pos, d.path);
  }
  if (el.Resource && el.NotResource) {
    const second = later(el.Resource, el.NotResource);
    issues.error('resource-and-notresource', 'a statement may have Resource or NotResource, not both', second, [
      ...d.path,
      second === el.Resource ? 'Resource' : 'NotResource',
    ]);
  }
  if (el.Principal && el.NotPrincipal) {
    const second = later(el.Principal, el.NotPrincipal);
    issues.error('principal-and-notprincipal', 'a statement may have Principal or NotPrincipal, not both', second, [
      ...d.path,
      second === el.Principal ? 'Principal' : 'NotPrincipal',
    ]);
  }
}

function later<T extends { offset: number }>(a: T, b: T): T {
  return a.offset > b.offset ? a : b;
}

function unknownStatementElement(key: string): string {
  if (POLICY_ELEMENT_SET.has(key)) return `${quote(key)} belongs at the top level of the policy, not inside a statement`;
  const hint = nearestName(key, STATEMENT_ELEMENTS);
  return `unknown statement element ${quote(key)}${hint ? `; did you mean "${hint}"?` : ` (allowed: ${STATEMENT_ELEMENTS.join(', ')})`}`;
}

function toStatement(d: StatementDraft, text: string): PolicyStatement {
  const s: PolicyStatement = {
    index: d.index,
    effect: d.effect as Effect,
    conditions: d.conditions,
    pos: d.node.pos,
    elements: d.elements,
    text: text.slice(d.node.pos.offset, d.node.end.offset),
  };
  if (d.sid) s.sid = d.sid.value;
  if (d.action) s.action = d.action;
  if (d.notAction) s.notAction = d.notAction;
  if (d.resource) s.resource = d.resource;
  if (d.notResource) s.notResource = d.notResource;
  if (d.principal) s.principal = d.principal;
  if (d.notPrincipal) s.notPrincipal = d.notPrincipal;
  return s;
}
