/**
 * Intrinsic functions in a policy document of a template are left symbolic: their value is only
 * known at deploy time, so `!Ref DataBucket` becomes the text `{DataBucket}` and
 * `!Sub arn:${AWS::Partition}:s3:::${DataBucket}/*` becomes `arn:{AWS.Partition}:s3:::{DataBucket}/*`.
 * A symbol is an opaque name: it matches itself and what a wildcard around it matches, so a
 * matrix over the template still shows which statements reach which (symbolic) resource. Colons
 * of pseudo parameters become dots so that a symbolic ARN keeps its six segments. Every
 * substitution is reported as a note with its position.
 * (AWS CloudFormation User Guide, intrinsic-function-reference.md and pseudo-parameter-reference.md.)
 */

import { defaultCatalog } from '../catalog';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourceNode } from '../policy/source-tree';

/** What the symbolizer knows of the template. */
export interface TemplateSymbols {
  /** Logical id -> resource type (`AWS::S3::Bucket`). */
  resourceTypes: Map<string, string>;
  /** Mappings, for Fn::FindInMap with literal keys. */
  mappings?: SourceNode;
}

/** `{AWS.Region}` for `AWS::Region`; `{DataBucket}` for a parameter or resource. */
export function symbol(name: string): string {
  return `{${name.replace(/::/g, '.')}}`;
}

const entry = (n: SourceNode, key: string) => n.entries?.find((e) => e.key === key)?.value;

/** The function of a one-key intrinsic object (`Ref`, `Fn::Sub`, ...), or undefined. */
export function intrinsicName(n: SourceNode): string | undefined {
  if (n.kind !== 'object' || n.entries?.length !== 1) return undefined;
  const k = n.entries[0].key;
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : undefined;
}

/** The logical id a `{ Ref: X }` names, or undefined. */
export function refTarget(n: SourceNode): string | undefined {
  if (intrinsicName(n) !== 'Ref') return undefined;
  const v = n.entries![0].value;
  return v.kind === 'string' ? String(v.value) : undefined;
}

/**
 * The ARN `Fn::GetAtt X.Arn` stands for: the service reference's ARN format of X's resource type
 * (`AWS::S3::Bucket` -> s3 `bucket`), with the partition, region and account as pseudo-parameter
 * symbols and the name as `{X}`; a type the reference does not know gets a generic ARN shape.
 */
function arnOf(logicalId: string, type: string | undefined): string {
  const m = type ? /^AWS::([A-Za-z0-9]+)::([A-Za-z0-9]+)$/.exec(type) : null;
  const service = m ? m[1].toLowerCase() : 'unknown';
  const rt = m ? tryResourceType(service, m[2].toLowerCase()) : undefined;
  if (!rt) return `arn:${symbol('AWS::Partition')}:${service}:${symbol('AWS::Region')}:${symbol('AWS::AccountId')}:${symbol(logicalId)}`;
  let first = true;
  return rt.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'Partition') return symbol('AWS::Partition');
    if (name === 'Region') return symbol('AWS::Region');
    if (name === 'Account') return symbol('AWS::AccountId');
    if (first) {
      first = false;
      return symbol(logicalId);
    }
    return symbol(`${logicalId}.${name}`);
  });
}

function tryResourceType(service: string, key: string): string | undefined {
  try {
    return defaultCatalog().getResourceType(service, key)?.arn;
  } catch {
    return undefined;
  }
}

/** Symbolizes intrinsic functions in a policy document; `notes` receives one note per substitution. */
export class IntrinsicSymbolizer {
  readonly notes: PolicyIssue[] = [];

  constructor(private readonly symbols: TemplateSymbols) {}

  /** The document with every intrinsic replaced by symbolic text; `undefined` for `AWS::NoValue`. */
  resolve(n: SourceNode): SourceNode | undefined {
    const fn = intrinsicName(n);
    if (fn) {
      const text = this.text(n, fn);
      if (text === undefined) return undefined;
      this.note(n, `${fn} left symbolic as ${JSON.stringify(text)}`);
      return { kind: 'string', value: text, pos: n.pos, end: n.end };
    }
    if (n.kind === 'array') {
      const items = (n.items ?? []).map((i) => this.resolve(i)).filter((i): i is SourceNode => i !== undefined);
      return { ...n, items };
    }
    if (n.kind === 'object') {
      const entries = (n.entries ?? []).flatMap((e) => {
        const v = this.resolve(e.value);
        return v ? [{ ...e, value: v }] : [];
      });
      return { ...n, entries };
    }
    return n;
  }

  private note(n: SourceNode, message: string): void {
    this.notes.push({ severity: 'warning', code: 'cfn-intrinsic', message: `${message}: its value is known only at deploy time`, pos: n.pos, path: [] });
  }

  /** The symbolic text of an intrinsic, or undefined for `Ref: AWS::NoValue`. */
  private text(n: SourceNode, fn: string): string | undefined {
    const arg = n.entries![0].value;
    switch (fn) {
      case 'Ref': {
        const target = arg.kind === 'string' ? String(arg.value) : '?';
        if (target === 'AWS::NoValue') return undefined;
        return symbol(target);
      }
      case 'Fn::GetAtt': {
        const parts = arg.kind === 'array' ? (arg.items ?? []).map((i) => this.scalar(i)) : [this.scalar(arg)];
        const [id, attr] = parts.length === 1 ? [parts[0].split('.')[0], parts[0].split('.').slice(1).join('.')] : parts;
        return attr === 'Arn' ? arnOf(id, this.symbols.resourceTypes.get(id)) : symbol(`${id}.${attr}`);
      }
      case 'Fn::Sub': {
        const [template, vars] = arg.kind === 'array' ? [arg.items?.[0], arg.items?.[1]] : [arg, undefined];
        if (!template || template.kind !== 'string') return symbol('Fn.Sub');
        return this.sub(String(template.value), vars);
      }
      case 'Fn::Join': {
        const [sep, list] = arg.kind === 'array' ? [arg.items?.[0], arg.items?.[1]] : [undefined, undefined];
        if (!sep || !list) return symbol('Fn.Join');
        const parts = list.kind === 'array' ? (list.items ?? []).map((i) => this.scalar(i)) : [this.scalar(list)];
        return parts.join(this.scalar(sep));
      }
      case 'Fn::If': {
        // The condition is decided at deploy time: the first branch stands in, unless it is AWS::NoValue.
        const branches = arg.kind === 'array' ? (arg.items ?? []).slice(1) : [];
        for (const b of branches) {
          const r = this.resolve(b);
          if (r && r.kind === 'string') return String(r.value);
          if (r) return this.scalar(r);
        }
        return undefined;
      }
      case 'Fn::Select': {
        const [index, list] = arg.kind === 'array' ? [arg.items?.[0], arg.items?.[1]] : [undefined, undefined];
        const i = index ? Number(this.scalar(index)) : NaN;
        if (list?.kind === 'array' && Number.isInteger(i) && list.items?.[i]) return this.scalar(list.items[i]);
        return symbol('Fn.Select');
      }
      case 'Fn::FindInMap': {
        const keys = arg.kind === 'array' ? (arg.items ?? []).map((i) => this.scalar(i)) : [];
        let cur: SourceNode | undefined = this.symbols.mappings;
        for (const k of keys) cur = cur?.kind === 'object' ? entry(cur, k) : undefined;
        if (cur && (cur.kind === 'string' || cur.kind === 'number')) return String(cur.value);
        return symbol(`Map.${keys.join('.')}`);
      }
      case 'Fn::ImportValue':
        return symbol(`Import.${this.scalar(arg)}`);
      default:
        return symbol(fn.replace('Fn::', 'Fn.'));
    }
  }

  /** A node as text: strings as they are, intrinsics symbolized, anything else as `{?}`. */
  private scalar(n: SourceNode): string {
    const fn = intrinsicName(n);
    if (fn) return this.text(n, fn) ?? '';
    if (n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean') return String(n.value);
    return '{?}';
  }

  /**
   * `Fn::Sub`: `${Name}` is a parameter, resource or pseudo parameter (or a variable of the
   * second argument), `${Res.Attr}` an attribute, and `${!Text}` the literal `${Text}` — how IAM
   * policy variables are written inside a Sub string.
   */
  private sub(template: string, vars: SourceNode | undefined): string {
    let out = '';
    let i = 0;
    while (i < template.length) {
      const open = template.indexOf('${', i);
      if (open < 0) {
        out += template.slice(i);
        break;
      }
      const close = template.indexOf('}', open + 2);
      if (close < 0) {
        out += template.slice(i);
        break;
      }
      out += template.slice(i, open);
      const name = template.slice(open + 2, close);
      if (name.startsWith('!')) out += `\${${name.slice(1)}}`;
      else {
        const given = vars?.kind === 'object' ? entry(vars, name) : undefined;
        if (given) out += this.scalar(given);
        else if (name.endsWith('.Arn')) out += arnOf(name.slice(0, -4), this.symbols.resourceTypes.get(name.slice(0, -4)));
        else out += symbol(name);
      }
      i = close + 1;
    }
    return out;
  }
}
