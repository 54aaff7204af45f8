import type { IssueSeverity, PolicyIssue } from './policy-issue';
import type { SourcePosition } from './source-position';
import type { SourceNode } from './source-node';

export type IssuePath = (string | number)[];

/** Collects issues while the grammar is checked, so every mistake is reported at once. */
export class IssueList {
  readonly items: PolicyIssue[] = [];

  error(code: string, message: string, pos: SourcePosition | undefined, path: IssuePath): void {
    this.add('error', code, message, pos, path);
  }

  warning(code: string, message: string, pos: SourcePosition | undefined, path: IssuePath): void {
    this.add('warning', code, message, pos, path);
  }

  push(...issues: PolicyIssue[]): void {
    this.items.push(...issues);
  }

  get errorCount(): number {
    return this.items.filter((i) => i.severity === 'error').length;
  }

  private add(severity: IssueSeverity, code: string, message: string, pos: SourcePosition | undefined, path: IssuePath): void {
    const issue: PolicyIssue = { severity, code, message, path };
    if (pos) issue.pos = pos;
    this.items.push(issue);
  }
}

/** A user string for a message: JSON-quoted, and cut short so a 1 MB value cannot flood the output. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}

/** "a number", "an object", ... for "must be a string, not X". */
export function describeKind(node: SourceNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'null':
      return 'null';
    case 'string':
      return `the string ${quote(String(node.value))}`;
    default:
      return `the ${node.kind} ${node.text ?? String(node.value)}`;
  }
}
