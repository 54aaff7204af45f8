import type { SourcePosition } from './source-position';

/**
 * One neutral tree for policy text written as JSON or YAML, with the position of every value
 * and key. Objects keep their entries in an array (never a plain JS object), so user keys such
 * as `__proto__` or `constructor` stay ordinary keys.
 */
export type SourceNodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface SourceEntry {
  key: string;
  keyPos: SourcePosition;
  value: SourceNode;
}

export interface SourceNode {
  kind: SourceNodeKind;
  /** The scalar value (absent for objects and arrays). */
  value?: string | number | boolean | null;
  /** Numbers and booleans as text (JSON: as written; YAML: as the value reads in JSON). */
  text?: string;
  /** Object entries in source order; keys are unique (duplicates are reported and dropped). */
  entries?: SourceEntry[];
  items?: SourceNode[];
  /** Start of the value (the opening quote, bracket or first character). */
  pos: SourcePosition;
  /** Just after the value's last character. */
  end: SourcePosition;
}
