/**
 * The value classes of one condition key: finitely many request values such that every value
 * the key could take behaves, in every clause on the key, like one of them.
 *
 * What a clause reads of one request value `v` (conditions/compile-condition.ts): whether `v` is
 * empty, whether the operator can read it, and for each policy value whether they match. So a
 * class is a vector of those answers, and a value set's behaviour follows from the classes it
 * holds (plus whether it holds more than one value). Per family, the witnesses below hit every
 * vector that any value has:
 * - String and Arn: the Venn cells of the policy patterns (string-automaton.ts), exact;
 * - Bool: `true`, `false` and an unreadable value (readBool folds case and reads nothing else);
 * - Numeric and Date: the constants, one value below, above and between each pair (a comparison
 *   with constants c1 < ... < cn is constant on each point and each open interval);
 * - IpAddress: the first address of each range, the address after each range, and the lowest
 *   address of each family (block membership only changes at those points).
 * Every literal of every clause is thus a class boundary, and nothing else is.
 */

import ipaddr from 'ipaddr.js';
import { parseOperator, type ParsedOperator } from '../conditions/parse-operator';
import type { ComparisonOperator, OperatorFamily } from '../conditions/operators/operator-descriptor';
import { compareDecimal, parseDecimal } from '../conditions/operators/decimal';
import { parseAwsDate } from '../conditions/operators/iso-date';
import type { ConditionClause, PolicyVersion } from '../conditions/condition-clause';
import { RequestContext } from '../request/request-context';
import { parseTemplate, resolveTemplate } from '../match/policy-variables';
import { arnPattern, globPattern, patternCells, patternMatches, ProofUnknown, tokensPattern, type StringPattern } from './string-automaton';
import { splitArnPatternParts } from './resource-patterns';

/** A request value that stands for its class. */
export interface ValueClass {
  witness: string;
  /** The answers of every clause predicate, joined: values with the same vector are interchangeable. */
  vector: string;
}

/** One clause on the key, read for the prover. */
export interface KeyClause {
  clause: ConditionClause;
  version: PolicyVersion;
  operator: ParsedOperator;
}

/** Most classes a key may have when a set operator makes the prover try every subset of them. */
export const MAX_SET_CLASSES = 12;

const EXTRA_UNREADABLE = ['', 'x'];

interface Comparison {
  kc: KeyClause;
  d: ComparisonOperator;
  policy: unknown[];
}

function comparisons(clauses: readonly KeyClause[]): Comparison[] {
  const out: Comparison[] = [];
  for (const kc of clauses) {
    const d = kc.operator.descriptor;
    if (d.kind !== 'comparison') continue;
    const policy = kc.clause.values.map((v) => {
      const r = d.parsePolicyValue(v.value, { variables: kc.version === '2012-10-17' && d.variables });
      if (!r.ok) throw new ProofUnknown(`${kc.clause.operator} ${kc.clause.key}: value ${JSON.stringify(v.value)} cannot be read`);
      return r.value;
    });
    out.push({ kc, d, policy });
  }
  return out;
}

/** The string model of one policy value of a String or Arn clause, resolved against the fixed keys. */
function stringModel(c: Comparison, raw: string, fixed: RequestContext, fold: boolean): StringPattern {
  const variables = c.kc.version === '2012-10-17';
  if (c.d.family === 'Arn') {
    if (raw === '*') return { kind: 'constant', value: true };
    const parts = splitArnPatternParts(raw, variables);
    if (!parts) return globPattern(raw, true);
    const resolved = [];
    for (let i = 0; i < parts.length; i++) {
      const t = parseTemplate(parts[i], { variables: variables && i > 0, wildcards: true });
      const r = resolveTemplate(t, fixed);
      if (!r.ok) return { kind: 'constant', value: false };
      resolved.push(r.tokens);
    }
    return arnPattern(resolved);
  }
  const t = parseTemplate(raw, { variables, wildcards: c.d.wildcards });
  const r = resolveTemplate(t, fixed);
  if (!r.ok) return { kind: 'constant', value: false };
  return tokensPattern(fold ? r.tokens.map((x) => (x.kind === 'text' ? { kind: 'text', text: x.text.toLowerCase() } : x)) : r.tokens);
}

function stringCandidates(cs: Comparison[], fixed: RequestContext, extra: StringPattern[]): string[] {
  const ignoreCase = cs.filter((c) => /IgnoreCase/.test(c.d.name));
  if (ignoreCase.length && ignoreCase.length !== cs.length) throw new ProofUnknown(`${cs[0].kc.clause.key} is compared both with and without case`);
  const fold = ignoreCase.length > 0;
  if (fold && extra.length) throw new ProofUnknown(`${cs[0].kc.clause.key} is compared without case`);
  const patterns: StringPattern[] = [...extra];
  const real: ((w: string) => boolean)[] = extra.map((p) => (w: string) => patternMatches(p, w));
  for (const c of cs)
    c.kc.clause.values.forEach((v, j) => {
      patterns.push(stringModel(c, v.value, fixed, fold));
      real.push((w) => c.d.matches(w, c.policy[j], fixed) === true);
    });
  const cells = patternCells(patterns);
  // The model must agree with the engine's own matchers on every witness: a disagreement is a
  // prover defect, and the answer is UNKNOWN rather than a guess.
  for (const cell of cells)
    cell.matches.forEach((m, i) => {
      if (real[i](cell.witness) !== m)
        throw new ProofUnknown(`internal: the pattern model of ${cs[0].kc.clause.key} disagrees with the engine on ${JSON.stringify(cell.witness)}`);
    });
  return cells.map((c) => c.witness);
}

function numericCandidates(cs: Comparison[]): string[] {
  const texts = cs.flatMap((c) => c.kc.clause.values.map((v) => v.value));
  const sorted = [...new Set(texts)].map((t) => ({ t, d: parseDecimal(t)! })).sort((a, b) => compareDecimal(a.d, b.d));
  const out = sorted.map((x) => x.t);
  if (!sorted.length) return out;
  const n = (t: string) => Number(t);
  out.push(String(Math.floor(n(sorted[0].t)) - 1), String(Math.ceil(n(sorted[sorted.length - 1].t)) + 1));
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (compareDecimal(sorted[i].d, sorted[i + 1].d) === 0) continue;
    const mid = String((n(sorted[i].t) + n(sorted[i + 1].t)) / 2);
    const md = parseDecimal(mid);
    if (!md || compareDecimal(md, sorted[i].d) <= 0 || compareDecimal(md, sorted[i + 1].d) >= 0)
      throw new ProofUnknown(`numbers ${sorted[i].t} and ${sorted[i + 1].t} are too close for the prover`);
    out.push(mid);
  }
  if (
    compareDecimal(parseDecimal(out[out.length - 2])!, sorted[0].d) >= 0 ||
    compareDecimal(parseDecimal(out[out.length - 1])!, sorted[sorted.length - 1].d) <= 0
  )
    throw new ProofUnknown('numbers out of range for the prover');
  return out;
}

function dateCandidates(cs: Comparison[]): string[] {
  const ms = [...new Set(cs.flatMap((c) => c.policy as number[]))].sort((a, b) => a - b);
  const epoch = (x: number) => String(x / 1000);
  const want: number[] = [...ms];
  if (ms.length) want.push(ms[0] - 1000, ms[ms.length - 1] + 1000);
  for (let i = 0; i + 1 < ms.length; i++) want.push((ms[i] + ms[i + 1]) / 2);
  const out: string[] = [];
  for (const w of want) {
    const text = epoch(w);
    if (parseAwsDate(text) !== w) throw new ProofUnknown(`date ${text} cannot be written exactly for the prover`);
    out.push(text);
  }
  for (let i = 0; i + 1 < ms.length; i++) {
    const mid = (ms[i] + ms[i + 1]) / 2;
    if (!(mid > ms[i] && mid < ms[i + 1])) throw new ProofUnknown('dates too close for the prover');
  }
  return out;
}

function ipCandidates(cs: Comparison[]): string[] {
  const points: Record<'ipv4' | 'ipv6', Set<bigint>> = { ipv4: new Set([0n]), ipv6: new Set([0n]) };
  for (const c of cs)
    for (const r of c.policy as { address: ipaddr.IPv4 | ipaddr.IPv6; bits: number }[]) {
      const kind = r.address.kind();
      const width = kind === 'ipv4' ? 32 : 128;
      const value = r.address.toByteArray().reduce((a, b) => (a << 8n) | BigInt(b), 0n);
      const host = BigInt(width - r.bits);
      const start = (value >> host) << host;
      const after = start + (1n << host);
      points[kind].add(start);
      if (after < 1n << BigInt(width)) points[kind].add(after);
    }
  const out: string[] = [];
  for (const kind of ['ipv4', 'ipv6'] as const)
    for (const p of points[kind]) {
      const bytes: number[] = [];
      for (let i = kind === 'ipv4' ? 3 : 15; i >= 0; i--) bytes.push(Number((p >> BigInt(8 * i)) & 255n));
      out.push(ipaddr.fromByteArray(bytes).toString());
    }
  return out;
}

/** Whether `d` reads `v`, and for each of its policy values whether they match. */
function vectorOf(cs: Comparison[], v: string, fixed: RequestContext): string {
  let s = v === '' ? 'E' : 'e';
  for (const c of cs) {
    const r = c.d.parseRequestValue(v);
    if (!r.ok) {
      s += 'u';
      continue;
    }
    s += 'r';
    for (const p of c.policy) s += c.d.matches(r.value, p, fixed) === true ? '1' : '0';
  }
  return s;
}

/**
 * The classes of one key. `extra` adds string patterns the engine reads of the key outside
 * conditions (the service-linked role test on aws:PrincipalArn).
 */
export function valueClasses(clauses: readonly KeyClause[], fixed: RequestContext, extra: StringPattern[] = []): ValueClass[] {
  const cs = comparisons(clauses);
  const families = new Set<OperatorFamily>(cs.map((c) => (c.d.family === 'Arn' ? 'String' : c.d.family)));
  if (extra.length) families.add('String');
  if (families.size > 1) throw new ProofUnknown(`${clauses[0].clause.key} is compared by operators of different types (${[...families].join(', ')})`);
  const family = [...families][0];
  let candidates: string[];
  if (family === undefined) candidates = ['x'];
  else if (family === 'String') candidates = stringCandidates(cs, fixed, extra);
  else if (family === 'Boolean') candidates = ['true', 'false'];
  else if (family === 'Numeric') candidates = numericCandidates(cs);
  else if (family === 'Date') candidates = dateCandidates(cs);
  else if (family === 'IpAddress') candidates = ipCandidates(cs);
  else throw new ProofUnknown(`${clauses[0].clause.key}: ${family} operators are outside the decided fragment`);
  const byVector = new Map<string, ValueClass>();
  for (const w of [...candidates, ...EXTRA_UNREADABLE]) {
    const vector = vectorOf(cs, w, fixed) + (extra.length ? extra.map((p) => (patternMatches(p, w) ? '1' : '0')).join('') : '');
    if (!byVector.has(vector)) byVector.set(vector, { witness: w, vector });
  }
  return [...byVector.values()];
}

/** Reads a clause's operator for the prover (the parser has accepted it already). */
export function keyClause(clause: ConditionClause, version: PolicyVersion): KeyClause {
  const p = parseOperator(clause.operator);
  if (!p.ok) throw new ProofUnknown(`unknown condition operator ${clause.operator}`);
  return { clause, version, operator: p.operator };
}

/**
 * The values to try for a key: absent, one value of each class, and value sets. With a set
 * operator on the key every non-empty subset of classes is tried as a list of two or more
 * values; without one a bare operator reads only whether a list has several readable values, so
 * one two-value list per class suffices.
 */
export function keyOptions(classes: readonly ValueClass[], qualified: boolean, comparesValues: boolean): (string | string[] | null)[] {
  const out: (string | string[] | null)[] = [null];
  if (!comparesValues) return [null, 'x'];
  for (const c of classes) out.push(c.witness);
  if (!qualified) {
    for (const c of classes) out.push([c.witness, c.witness]);
    return out;
  }
  if (classes.length > MAX_SET_CLASSES)
    throw new ProofUnknown(`a set operator compares a key with ${classes.length} value classes (more than ${MAX_SET_CLASSES})`);
  for (let mask = 1; mask < 1 << classes.length; mask++) {
    const members = classes.filter((_, i) => mask & (1 << i)).map((c) => c.witness);
    out.push(members.length === 1 ? [members[0], members[0]] : members);
  }
  return out;
}
