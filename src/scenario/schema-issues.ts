/**
 * Turns JSON Schema errors from ajv into issues that point into the YAML file: each error's
 * instancePath is followed through the positioned tree, an unknown key is reported at the key
 * itself with the nearest valid key, and the noise ajv emits around `anyOf`/`if` is folded into
 * one readable message.
 */

import type { ErrorObject } from 'ajv';
import { describeKind, quote } from '../diagnostics/issue-list';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { SourcePosition } from '../diagnostics/source-position';
import type { SourceNode } from '../policy/source-tree';
import { nearestName } from '../diagnostics/nearest-name';
import { nodeAtPath } from './source-node-access';

type Path = (string | number)[];

/** `/principals/a~1b/allow/0` -> `['principals', 'a/b', 'allow', 0]`, numbers where the tree has lists. */
function instancePathSteps(root: SourceNode, pointer: string): Path {
  if (!pointer) return [];
  const steps: Path = [];
  let node: SourceNode | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node?.kind === 'array' && /^\d+$/.test(key)) {
      steps.push(Number(key));
      node = node.items?.[Number(key)];
    } else {
      steps.push(key);
      node = node?.entries?.find((e) => e.key === key)?.value;
    }
  }
  return steps;
}

const KIND_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function oneOfWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const listKeys = (keys: string[]) => keys.map((k) => `"${k}"`).join(', ');

/** Converts the errors of one validation of the tree `root` into issues positioned in its file. */
export function schemaIssues(errors: ErrorObject[], root: SourceNode): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const seen = new Set<string>();
  const at = (e: ErrorObject) => instancePathSteps(root, e.instancePath);
  const push = (message: string, code: string, pos: SourcePosition, path: Path) => {
    const key = `${pos.offset}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ severity: 'error', code, message, pos, path });
  };

  // Keys the user probably meant, by object path: an unknown key close to a missing required
  // key explains the "missing" error, which is then not reported twice.
  const meantKeys = new Map<string, Set<string>>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const hint = nearestName(String(e.params.additionalProperty), allowedKeys(e));
    if (!hint) continue;
    const set = meantKeys.get(e.instancePath) ?? new Set<string>();
    set.add(hint);
    meantKeys.set(e.instancePath, set);
  }
  const meant = (e: ErrorObject, key: string) => meantKeys.get(e.instancePath)?.has(key) ?? false;
  // Where a value failed `if: {type: string}` it may be a string or what `else` wants.
  const stringAllowed = new Set(errors.filter((e) => e.keyword === 'if').map((e) => e.instancePath));
  // Errors inside a failed anyOf are summarised by the anyOf.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const insideAnyOf = (e: ErrorObject) => anyOfs.some((a) => a !== e && a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`));

  for (const e of errors) {
    const path = at(e);
    const target = nodeAtPath(root, path);
    const node = target?.node ?? root;
    const valuePos = node.pos;
    // A problem with a whole mapping reads best at its key (`model-manager:`).
    const ownerPos = target?.entry?.keyPos ?? valuePos;
    switch (e.keyword) {
      case 'if':
      case 'propertyNames':
        // Reported by the branch / the name's own error.
        break;
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const entry = node.entries?.find((x) => x.key === key);
        const keys = allowedKeys(e);
        const hint = nearestName(key, keys);
        const message = hint ? `unknown key ${quote(key)}; did you mean "${hint}"?` : `unknown key ${quote(key)}; allowed keys here: ${listKeys(keys)}`;
        push(message, 'unknown-key', entry?.keyPos ?? valuePos, [...path, key]);
        break;
      }
      case 'required': {
        if (insideAnyOf(e)) break;
        const key = String(e.params.missingProperty);
        if (meant(e, key)) break;
        push(`missing key "${key}"`, 'missing-key', ownerPos, path);
        break;
      }
      case 'anyOf': {
        const branches = errors.filter((b) => b !== e && b.instancePath === e.instancePath && b.schemaPath.startsWith(`${e.schemaPath}/`));
        if (branches.length && branches.every((b) => b.keyword === 'required')) {
          const keys = branches.map((b) => String(b.params.missingProperty));
          if (keys.some((k) => meant(e, k))) break;
          push(`needs one of ${listKeys(keys)}`, 'missing-key', ownerPos, path);
        } else {
          for (const b of branches) push(b.message ?? 'is not valid', 'schema', nodeAtPath(root, at(b))?.node.pos ?? valuePos, at(b));
        }
        break;
      }
      case 'not': {
        const both = (e.schema as { required?: string[] } | undefined)?.required;
        if (both && both.length > 1) {
          const last = node.entries?.find((x) => x.key === both[both.length - 1]);
          push(`${both.map((k) => `"${k}"`).join(' and ')} cannot be used together; write one of them`, 'conflicting-keys', last?.keyPos ?? valuePos, path);
        } else {
          push(e.message ?? 'is not valid', 'schema', valuePos, path);
        }
        break;
      }
      case 'type': {
        if (insideAnyOf(e)) break;
        const types = ([] as string[]).concat(e.params.type as string | string[]);
        if (stringAllowed.has(e.instancePath) && !types.includes('string')) types.unshift('string');
        push(`must be ${oneOfWords(types.map((t) => KIND_WORDS[t] ?? t))}, not ${describeKind(node)}`, 'bad-value-type', valuePos, path);
        break;
      }
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        const value = String(node.value);
        const hint = nearestName(value, allowed);
        push(`${quote(value)} is not allowed here; use one of: ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`, 'bad-value', valuePos, path);
        break;
      }
      case 'minItems':
      case 'minProperties':
      case 'minLength': {
        const limit = Number(e.params.limit);
        push(limit <= 1 ? 'must not be empty' : (e.message ?? 'is too short'), 'empty-value', valuePos, path);
        break;
      }
      case 'pattern': {
        // A `pattern`'s own `description` (a standard annotation, so the schema stays valid under
        // ajv's strict mode) says in words what the pattern wants.
        const hint = (e.parentSchema as { description?: string } | undefined)?.description;
        if (e.propertyName !== undefined) {
          // A map key (e.g. a var name) broke `propertyNames`.
          const entry = node.entries?.find((x) => x.key === e.propertyName);
          push(
            `${quote(e.propertyName)} is not a valid name${hint ? `: ${hint}` : ` (must match ${e.params.pattern})`}`,
            'bad-name',
            entry?.keyPos ?? valuePos,
            [...path, e.propertyName],
          );
        } else {
          push(`${quote(String(node.value))} is not valid${hint ? `: ${hint}` : ` (must match ${e.params.pattern})`}`, 'bad-value', valuePos, path);
        }
        break;
      }
      default:
        push(e.message ?? 'is not valid', 'schema', valuePos, path);
    }
  }
  return issues;
}

/** The keys the schema of an `additionalProperties` error allows. */
function allowedKeys(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}
