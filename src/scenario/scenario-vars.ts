/**
 * `${name}` substitution in scenario strings. Only names that look like scenario vars are
 * touched: IAM policy variables always hold a colon (`${aws:username}`,
 * `${aws:PrincipalTag/team, 'x'}`) or are one of the fixed `${*}`, `${?}`, `${$}` (IAM User
 * Guide, reference_policies_variables.md), and are left for the policy evaluator.
 */

import { quote } from '../diagnostics/issue-list';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourcePosition } from '../diagnostics/source-position';
import type { SourceNode } from '../policy/source-tree';
import { nearestName } from '../diagnostics/nearest-name';
import type { ScenarioSource } from './scenario-source';
import { scalarAsWritten } from './source-node-access';

/** One var as written in some file of the scenario. */
export interface VarDefinition {
  name: string;
  value: SourceNode;
  keyPos: SourcePosition;
  source: ScenarioSource;
}

/** A string as read from the file: its value, its position, and the source text it came from. */
export interface LocatedText {
  value: string;
  pos: SourcePosition;
  source: ScenarioSource;
  /** The characters as written (used to point at the exact `${...}`), when known. */
  raw?: string;
  path: (string | number)[];
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The longest a string may grow by var expansion. Vars that each repeat the next one double at
 * every level (`a: "${b}${b}"`), so 40 of them would make a string of 2^40 characters; the
 * longest real ARN is a few KiB, so 64 KiB leaves room for any honest use.
 */
export const MAX_EXPANDED_LENGTH = 64 * 1024;

/** How deep vars may refer to vars (`a` uses `b` uses `c`...); deeper chains are refused before the stack runs out. */
export const MAX_VAR_DEPTH = 64;

/** A string with its vars substituted, and whether some var in it could not be (an issue says why). */
interface Expansion {
  value: string;
  failed: boolean;
}
/** reference_policies_variables.md, "Special characters": `${*}`, `${?}`, `${$}`. */
const IAM_SPECIAL = new Set(['*', '?', '$']);

/** True for what is inside `${...}` of an IAM policy variable rather than a scenario var. */
function isIamPolicyVariable(inner: string): boolean {
  return inner.includes(':') || IAM_SPECIAL.has(inner);
}

/** Resolves and substitutes the vars of one scenario (its own and its included files'). */
export class VarScope {
  private readonly resolved = new Map<string, string | undefined>();
  private readonly resolving: string[] = [];

  constructor(
    private readonly defs: ReadonlyMap<string, VarDefinition>,
    private readonly issues: PolicyIssue[],
  ) {}

  /** The characters of a value node as written in its file. */
  static rawOf(node: SourceNode, source: ScenarioSource): string {
    return source.text.slice(node.pos.offset, node.end.offset);
  }

  /** A string node as a LocatedText. */
  static textOf(node: SourceNode, source: ScenarioSource, path: (string | number)[]): LocatedText {
    return { value: scalarAsWritten(node, source.text), pos: node.pos, source, raw: VarScope.rawOf(node, source), path };
  }

  /**
   * The string with every `${name}` replaced. An unknown or cyclic var, a chain of vars deeper
   * than {@link MAX_VAR_DEPTH} and an expansion longer than {@link MAX_EXPANDED_LENGTH} add an
   * issue at the `${...}` itself; the var is then left in place.
   */
  expand(text: LocatedText): string {
    return this.expandText(text).value;
  }

  private expandText(text: LocatedText): Expansion {
    const s = text.value;
    if (!s.includes('${')) return { value: s, failed: false };
    let out = '';
    let failed = false;
    let rawCursor = 0;
    let i = 0;
    while (i < s.length) {
      const dollar = s.indexOf('$', i);
      if (dollar < 0) {
        out += s.slice(i);
        break;
      }
      out += s.slice(i, dollar);
      if (s.startsWith('$${', dollar)) {
        // `$${` writes a literal `${`.
        out += '${';
        i = dollar + 3;
        continue;
      }
      if (!s.startsWith('${', dollar)) {
        out += '$';
        i = dollar + 1;
        continue;
      }
      const close = s.indexOf('}', dollar + 2);
      if (close < 0) {
        out += s.slice(dollar);
        break;
      }
      const inner = s.slice(dollar + 2, close);
      const token = s.slice(dollar, close + 1);
      i = close + 1;
      if (isIamPolicyVariable(inner)) {
        out += token;
        continue;
      }
      const rawAt = text.raw ? text.raw.indexOf(token, rawCursor) : -1;
      if (rawAt >= 0) rawCursor = rawAt + token.length;
      const pos = rawAt >= 0 ? text.source.lines.at(text.pos.offset + rawAt) : text.pos;
      const value = this.lookup(inner, pos, text.path);
      if (value === undefined) {
        failed = true;
        out += token;
        continue;
      }
      const atLeast = out.length + value.length + (s.length - i);
      if (atLeast > MAX_EXPANDED_LENGTH) {
        // Checked before the string is built, so a doubling chain stops at the first level
        // that is too long instead of exhausting memory.
        this.error(
          'var-too-long',
          `${quote(token)} makes this value ${atLeast} characters or longer once vars are expanded; a value is limited to ${MAX_EXPANDED_LENGTH} characters (vars that repeat another var double at every level)`,
          pos,
          text.path,
        );
        return { value: out + s.slice(dollar), failed: true };
      }
      out += value;
    }
    return { value: out, failed };
  }

  /** The value of var `name` (resolving the vars it uses), or undefined after adding an issue. */
  private lookup(name: string, pos: SourcePosition, path: (string | number)[]): string | undefined {
    if (!VAR_NAME.test(name)) {
      this.error(
        'bad-var-reference',
        `${quote(`\${${name}}`)} is not a var reference: a var name uses letters, digits, _ and - (write $\${ for a literal "\${")`,
        pos,
        path,
      );
      return undefined;
    }
    const def = this.defs.get(name);
    if (!def) {
      const hint = nearestName(name, this.defs.keys());
      const known = this.defs.size ? '' : ' (the scenario defines no vars)';
      this.error('unknown-var', `unknown var ${quote(name)}${hint ? `; did you mean "${hint}"?` : known}`, pos, path);
      return undefined;
    }
    if (this.resolved.has(name)) return this.resolved.get(name);
    if (this.resolving.includes(name)) {
      const cycle = [...this.resolving.slice(this.resolving.indexOf(name)), name].join(' -> ');
      this.error('var-cycle', `var ${quote(name)} refers to itself: ${cycle}`, def.value.pos, ['vars', name]);
      return undefined;
    }
    if (this.resolving.length >= MAX_VAR_DEPTH) {
      const chain = [...this.resolving.slice(0, 3), '...', ...this.resolving.slice(-2), name].join(' -> ');
      this.error('var-too-deep', `vars refer to vars more than ${MAX_VAR_DEPTH} levels deep: ${chain}`, pos, path);
      return undefined;
    }
    this.resolving.push(name);
    const expansion =
      def.value.kind === 'string' || def.value.kind === 'number' || def.value.kind === 'boolean'
        ? this.expandText(VarScope.textOf(def.value, def.source, ['vars', name]))
        : undefined;
    this.resolving.pop();
    // A var that could not be fully expanded counts as failed for every use, so one mistake is
    // reported once, where it is, and its half-expanded text cannot grow through other vars.
    const value = expansion && !expansion.failed ? expansion.value : undefined;
    this.resolved.set(name, value);
    return value;
  }

  private error(code: string, message: string, pos: SourcePosition, path: (string | number)[]): void {
    const key = `${pos.file}:${pos.offset}:${code}`;
    if (this.issues.some((i) => i.code === code && i.pos && `${i.pos.file}:${i.pos.offset}:${i.code}` === key)) return;
    this.issues.push({ severity: 'error', code, message, pos, path });
  }
}
