/**
 * Reads a CloudFormation / SAM template written in YAML into the neutral source tree the policy
 * parser works on, with every position. The short-form intrinsic function tags (`!Ref`,
 * `!Sub`, `!GetAtt`, ... — AWS CloudFormation User Guide, intrinsic-function-reference.md) become
 * their long JSON form (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`), so YAML and JSON templates are
 * read alike afterwards. `!GetAtt Res.Attr` becomes `{ "Fn::GetAtt": ["Res", "Attr"] }`.
 */

import type { Document, Node as YamlNode } from 'yaml';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import { LineIndex } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode } from '../policy/source-tree';

/** The yaml package, required on first YAML text: JSON-only users never pay for loading it. */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

/** Short tag -> long form key. */
const TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/** Templates are larger than policies, but aliases still must not multiply without bound. */
const MAX_NODES = 200_000;
const MAX_DEPTH = 128;

interface Walk {
  doc: Document;
  text: string;
  lines: LineIndex;
  issues: PolicyIssue[];
  nodes: number;
  aborted: boolean;
}

/** Reads the YAML template; syntax errors and unknown tags come back as issues with positions. */
export function readCfnYaml(text: string, file?: string): { root?: SourceNode; issues: PolicyIssue[]; lines: LineIndex } {
  const lines = new LineIndex(text, file);
  let doc: Document;
  try {
    doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (e) {
    return { issues: [{ severity: 'error', code: 'yaml-syntax', message: `cannot read YAML: ${firstLine(e)}`, pos: lines.at(0), path: [] }], lines };
  }
  const issues: PolicyIssue[] = doc.errors.map((e) => ({
    severity: 'error' as const,
    code: 'yaml-syntax',
    message: firstLine(e),
    pos: lines.at(e.pos[0]),
    path: [],
  }));
  if (issues.length) return { issues, lines };
  if (!doc.contents) return { issues: [{ severity: 'error', code: 'empty-template', message: 'the template is empty', pos: lines.at(0), path: [] }], lines };
  const w: Walk = { doc, text, lines, issues, nodes: 0, aborted: false };
  const root = convert(doc.contents as YamlNode, w, 0, 0, []);
  return w.aborted ? { issues, lines } : { root, issues, lines };
}

function convert(node: YamlNode, w: Walk, depth: number, at: number, path: (string | number)[]): SourceNode {
  const start = node.range ? node.range[0] : at;
  let end = node.range ? node.range[1] : at;
  while (end > start && /\s/.test(w.text[end - 1])) end--;
  const pos = w.lines.at(start);
  const endPos = w.lines.at(end);
  const nil: SourceNode = { kind: 'null', value: null, pos, end: endPos };
  if (w.aborted) return nil;
  if (++w.nodes > MAX_NODES || depth > MAX_DEPTH) {
    w.issues.push({
      severity: 'error',
      code: 'template-too-large',
      message: `the template nests deeper than ${MAX_DEPTH} levels or expands to more than ${MAX_NODES} values`,
      pos,
      path,
    });
    w.aborted = true;
    return nil;
  }
  if (yaml().isAlias(node)) {
    const target = node.resolve(w.doc);
    if (!target) {
      w.issues.push({ severity: 'error', code: 'yaml-alias', message: `unknown YAML alias *${node.source}`, pos, path });
      return nil;
    }
    return { ...convert(target as YamlNode, w, depth + 1, start, path), pos, end: endPos };
  }
  const tag = (node as { tag?: string }).tag;
  const long = tag ? TAGS[tag] : undefined;
  const value = plain(node, w, depth, start, pos, endPos, path);
  if (!long) {
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      w.issues.push({ severity: 'warning', code: 'unknown-yaml-tag', message: `unknown YAML tag ${tag}; its value is read as written`, pos, path });
    }
    return value;
  }
  let inner = value;
  if (long === 'Fn::GetAtt' && value.kind === 'string') {
    // `!GetAtt Res.Attr` is the short form of `Fn::GetAtt: [Res, Attr]` (the attribute may hold dots).
    const s = String(value.value);
    const dot = s.indexOf('.');
    const parts = dot > 0 ? [s.slice(0, dot), s.slice(dot + 1)] : [s];
    inner = { kind: 'array', items: parts.map((p) => ({ kind: 'string', value: p, pos, end: endPos })), pos, end: endPos };
  }
  const entry: SourceEntry = { key: long, keyPos: pos, value: inner };
  return { kind: 'object', entries: [entry], pos, end: endPos };
}

function plain(
  node: YamlNode,
  w: Walk,
  depth: number,
  start: number,
  pos: SourceNode['pos'],
  endPos: SourceNode['pos'],
  path: (string | number)[],
): SourceNode {
  if (yaml().isMap(node)) {
    const entries: SourceEntry[] = [];
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key =
        keyNode && yaml().isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number' || typeof keyNode.value === 'boolean')
          ? String(keyNode.value)
          : undefined;
      const keyStart = keyNode?.range ? keyNode.range[0] : start;
      if (key === undefined) {
        w.issues.push({ severity: 'error', code: 'bad-key', message: 'keys must be plain strings', pos: w.lines.at(keyStart), path });
        continue;
      }
      if (seen.has(key)) {
        w.issues.push({ severity: 'error', code: 'duplicate-key', message: `duplicate key "${key}"`, pos: w.lines.at(keyStart), path: [...path, key] });
        continue;
      }
      seen.add(key);
      const valueAt = keyNode?.range ? keyNode.range[1] : start;
      const value = pair.value
        ? convert(pair.value as YamlNode, w, depth + 1, valueAt, [...path, key])
        : { kind: 'null' as const, value: null, pos: w.lines.at(valueAt), end: w.lines.at(valueAt) };
      entries.push({ key, keyPos: w.lines.at(keyStart), value });
    }
    return { kind: 'object', entries, pos, end: endPos };
  }
  if (yaml().isSeq(node)) {
    return {
      kind: 'array',
      items: node.items.map((item, i) => (item ? convert(item as YamlNode, w, depth + 1, start, [...path, i]) : { kind: 'null', value: null, pos, end: pos })),
      pos,
      end: endPos,
    };
  }
  if (yaml().isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return { kind: 'null', value: null, pos, end: endPos };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, text: String(v), pos, end: endPos };
    if (typeof v === 'number' || typeof v === 'bigint') return { kind: 'number', value: Number(v), text: String(v), pos, end: endPos };
    return { kind: 'string', value: String(v), pos, end: endPos };
  }
  return { kind: 'null', value: null, pos, end: endPos };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/:$/, '');
}
