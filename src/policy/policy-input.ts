import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Policy } from './policy-model';
import type { PolicyType } from './policy-type';
import { parsePolicy } from './parse-policy';
import { loadPolicyFile } from './load-policy-file';
import { documentToJson } from './document-json';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { BoundedMemo } from '../util/bounded-memo';

/**
 * Anything a user may hand us as "a policy": a parsed Policy, a policy document object, JSON or
 * YAML text, or a path to a `.json` / `.yaml` / `.yml` file.
 */
export type PolicyInput = Policy | string | PolicyDocument;

/** A policy document as a plain object (`{ Version, Statement }`). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: unknown;
  [element: string]: unknown;
}

export interface PolicyInputOptions {
  /** Policy kind, for the grammar rules that differ (default `identity`). */
  policyType?: PolicyType;
  /** Relative paths are read from here (default: the current directory). */
  baseDir?: string;
  /** Display name for text and objects. */
  name?: string;
}

export function isPolicy(x: unknown): x is Policy {
  return typeof x === 'object' && x !== null && Array.isArray((x as Policy).statements) && typeof (x as Policy).text === 'string';
}

/** Text, not a path: it opens like a JSON object or holds a line break or a YAML `Statement:` key. */
function looksLikeText(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[') || s.includes('\n') || /^\s*(Version|Statement)\s*:/.test(s);
}

// Parsed policies are cached: by file (path + mtime + size), by text, and by object identity,
// so a matrix of many cells parses and compiles each policy once.
const byFile = new Map<string, { stamp: string; policy: Policy }>();
const byText = new BoundedMemo<string, Policy>(1000);
// Keyed on the object and the policy type: the same document is valid as one type and not as
// another (a Principal is required in a resource policy and refused in an identity policy).
const byObject = new WeakMap<object, Map<string, Policy>>();

/** Turns any PolicyInput into a parsed, validated Policy (cached). Throws PolicyValidationError. */
export function toPolicy(input: PolicyInput, options: PolicyInputOptions = {}): Policy {
  const policyType = options.policyType ?? 'identity';
  if (isPolicy(input)) return input;
  if (typeof input === 'string') {
    if (looksLikeText(input)) {
      const key = `${policyType}\0${options.name ?? ''}\0${input}`;
      // Bounded: a long run that generates policy text must not grow memory without end.
      return byText.get(key, () => parsePolicy(input, { name: options.name ?? 'inline policy', policyType }));
    }
    const file = path.resolve(options.baseDir ?? process.cwd(), input);
    let stamp = '';
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      // loadPolicyFile reports the missing file with a clear message.
    }
    const key = `${policyType}\0${file}`;
    const hit = byFile.get(key);
    if (hit && stamp && hit.stamp === stamp) return hit.policy;
    const shown = path.relative(process.cwd(), file) || file;
    const p = loadPolicyFile(file, { policyType, displayPath: shown.startsWith('..') ? file : shown });
    if (stamp) byFile.set(key, { stamp, policy: p });
    return p;
  }
  if (input instanceof Uint8Array) {
    // A Buffer (fs.readFileSync without an encoding) is the file's bytes: read as UTF-8 text.
    return parsePolicy(new TextDecoder('utf-8').decode(input), { name: options.name ?? 'inline policy', policyType });
  }
  if (typeof input === 'object' && input !== null) {
    const key = `${policyType}\0${options.name ?? ''}`;
    let byType = byObject.get(input);
    const hit = byType?.get(key);
    if (hit) return hit;
    const name = options.name ?? 'inline policy';
    const p = parsePolicy(documentToJson(input, name), { name, policyType, format: 'json' });
    if (!byType) byObject.set(input, (byType = new Map()));
    byType.set(key, p);
    return p;
  }
  // A function, number, boolean, symbol or undefined is no policy: reading its String() as policy
  // text would report the source of a function as a "policy".
  const given = input === null ? 'null' : typeof input === 'function' ? 'a function' : `${typeof input === 'undefined' ? 'undefined' : `a ${typeof input}`}`;
  throw new PolicyValidationError(
    [
      {
        severity: 'error',
        code: 'bad-policy-input',
        message: `a policy is a file path, policy text, a policy document object or a Buffer of a file, not ${given}`,
      },
    ],
    options.name ?? 'inline policy',
  );
}
