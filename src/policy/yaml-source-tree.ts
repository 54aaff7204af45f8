import type { Document, Node as YamlNode } from 'yaml';
import type { PolicyIssue } from '../diagnostics/policy-issue';
import type { OffsetLocator } from '../diagnostics/source-position';
import type { SourceEntry, SourceNode } from '../diagnostics/source-node';
import { findYamlDepthExcess } from './nesting-depth';
import { duplicateKeyIssue, tooDeepIssue } from './source-tree-issues';

/** The yaml package, required on first YAML text: JSON-only users never pay for loading it. */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

/** Aliases a policy may dereference: a policy needs a handful; "billion laughs" needs many. */
export const MAX_YAML_ALIASES = 50;
/** Nodes that alias expansion may produce in total, so few aliases cannot multiply into millions. */
export const MAX_YAML_ALIAS_NODES = 10_000;

interface Walk {
  doc: Document;
  text: string;
  lines: OffsetLocator;
  issues: PolicyIssue[];
  maxDepth: number;
  aliases: number;
  aliasNodes: number;
  /** >0 while converting the target of an alias. */
  inAlias: number;
  /** Set once a limit is hit, to stop producing further issues. */
  aborted: boolean;
}

/** Reads one YAML document (YAML 1.2 core schema) into the neutral source tree. */
export function readYamlTree(text: string, lines: OffsetLocator, maxDepth: number): { root?: SourceNode; issues: PolicyIssue[] } {
  const deep = findYamlDepthExcess(text, maxDepth);
  if (deep >= 0) return { issues: [tooDeepIssue(lines.at(deep), maxDepth)] };

  let doc: Document;
  try {
    // uniqueKeys off: duplicates are reported below with the same wording as for JSON. The
    // library's own `maxAliasCount` guards only its toJS(); this module never calls toJS and
    // bounds alias expansion itself (MAX_YAML_ALIASES, MAX_YAML_ALIAS_NODES).
    doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (e) {
    return { issues: [{ severity: 'error', code: 'yaml-syntax', message: `cannot read YAML: ${firstLine(e)}`, pos: lines.at(0), path: [] }] };
  }
  const issues: PolicyIssue[] = [];
  for (const e of doc.errors) {
    issues.push({ severity: 'error', code: 'yaml-syntax', message: firstLine(e), pos: lines.at(e.pos[0]), path: [] });
  }
  for (const w of doc.warnings) {
    issues.push({ severity: 'warning', code: 'yaml-warning', message: firstLine(w), pos: lines.at(w.pos[0]), path: [] });
  }
  if (doc.errors.length) return { issues };
  if (!doc.contents) {
    issues.push({ severity: 'error', code: 'empty-policy', message: 'the YAML document is empty', pos: lines.at(0), path: [] });
    return { issues };
  }
  const walk: Walk = { doc, text, lines, issues, maxDepth, aliases: 0, aliasNodes: 0, inAlias: 0, aborted: false };
  const root = convert(doc.contents as YamlNode, walk, [], 0, 0);
  return walk.aborted ? { issues } : { root, issues };
}

function convert(node: YamlNode, w: Walk, path: (string | number)[], depth: number, at: number): SourceNode {
  const start = node.range ? node.range[0] : at;
  // Block collections end after their last line break; a value ends at its last character.
  let end = node.range ? node.range[1] : at;
  while (end > start && /\s/.test(w.text[end - 1])) end--;
  const pos = w.lines.at(start);
  const endPos = w.lines.at(end);
  if (w.inAlias && ++w.aliasNodes > MAX_YAML_ALIAS_NODES) {
    return abort(w, 'yaml-alias', `YAML aliases expand to more than ${MAX_YAML_ALIAS_NODES} values; refusing to expand further`, start, path);
  }
  if (yaml().isAlias(node)) {
    if (++w.aliases > MAX_YAML_ALIASES) {
      return abort(w, 'yaml-alias', `more than ${MAX_YAML_ALIASES} YAML aliases; refusing to expand further`, start, path);
    }
    const target = node.resolve(w.doc);
    if (!target) return abort(w, 'yaml-alias', `unknown YAML alias *${node.source}`, start, path);
    w.inAlias++;
    const value = convert(target as YamlNode, w, path, depth, start);
    w.inAlias--;
    // The value reads as if written at the alias.
    return { ...value, pos, end: endPos };
  }
  if (depth >= w.maxDepth && (yaml().isMap(node) || yaml().isSeq(node))) {
    w.issues.push(tooDeepIssue(pos, w.maxDepth));
    w.aborted = true;
    return { kind: 'null', value: null, pos, end: endPos };
  }
  if (yaml().isMap(node)) {
    const entries: SourceEntry[] = [];
    const seen = new Map<string, SourceEntry>();
    for (const pair of node.items) {
      if (w.aborted) break;
      const keyNode = pair.key as YamlNode | null;
      const keyStart = keyNode?.range ? keyNode.range[0] : start;
      const key = keyText(keyNode);
      if (key === undefined) {
        w.issues.push({ severity: 'error', code: 'bad-key', message: 'keys must be plain strings', pos: w.lines.at(keyStart), path });
        continue;
      }
      const keyPos = w.lines.at(keyStart);
      const valueAt = keyNode?.range ? keyNode.range[1] : start;
      const value = pair.value
        ? convert(pair.value as YamlNode, w, [...path, key], depth + 1, valueAt)
        : { kind: 'null' as const, value: null, pos: w.lines.at(valueAt), end: w.lines.at(valueAt) };
      const first = seen.get(key);
      if (first) {
        w.issues.push(duplicateKeyIssue(key, keyPos, first.keyPos, [...path, key]));
        continue;
      }
      const entry: SourceEntry = { key, keyPos, value };
      seen.set(key, entry);
      entries.push(entry);
    }
    return { kind: 'object', entries, pos, end: endPos };
  }
  if (yaml().isSeq(node)) {
    const items: SourceNode[] = [];
    node.items.forEach((item, i) => {
      if (w.aborted) return;
      if (item === null || item === undefined) items.push({ kind: 'null', value: null, pos, end: pos });
      else items.push(convert(item as YamlNode, w, [...path, i], depth + 1, start));
    });
    return { kind: 'array', items, pos, end: endPos };
  }
  if (yaml().isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return { kind: 'null', value: null, pos, end: endPos };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, text: String(v), pos, end: endPos };
    if (typeof v === 'number') return { kind: 'number', value: v, text: String(v), pos, end: endPos };
    if (typeof v === 'bigint') return { kind: 'number', value: Number(v), text: String(v), pos, end: endPos };
    if (typeof v === 'string') return { kind: 'string', value: v, pos, end: endPos };
    // Anything a tag produced (binary, dates under custom tags): keep the text as written.
    const src = typeof node.source === 'string' ? node.source : w.text.slice(start, end);
    return { kind: 'string', value: src, pos, end: endPos };
  }
  return { kind: 'null', value: null, pos, end: endPos };
}

/** A YAML key as a string: strings as is, numbers and booleans as their text; else undefined. */
function keyText(key: YamlNode | null): string | undefined {
  if (!key || !yaml().isScalar(key)) return undefined;
  const v = key.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return typeof key.source === 'string' ? key.source : String(v);
  }
  return undefined;
}

function abort(w: Walk, code: string, message: string, offset: number, path: (string | number)[]): SourceNode {
  if (!w.aborted) w.issues.push({ severity: 'error', code, message, pos: w.lines.at(offset), path });
  w.aborted = true;
  const pos = w.lines.at(offset);
  return { kind: 'null', value: null, pos, end: pos };
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].replace(/:$/, '');
}
