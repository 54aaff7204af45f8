import * as path from 'node:path';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import type { Policy } from './policy-model';
import type { PolicyType } from './policy-type';
import type { PolicyFormat } from './source-tree';
import { parsePolicy } from './parse-policy';
import { readPolicyTextFile } from './read-policy-text-file';

export interface LoadPolicyFileOptions {
  /** Display name (default: the file's base name). */
  name?: string;
  policyType?: PolicyType;
  /** Default: from the extension (`.json` JSON, `.yaml`/`.yml` YAML, else auto-detected). */
  format?: PolicyFormat;
  /** The file name to show in positions and messages (default: `filePath` as given). */
  displayPath?: string;
}

/**
 * Reads and validates a policy file. Throws {@link PolicyValidationError} when the file cannot be
 * read or the policy is invalid; every position names the file.
 */
export function loadPolicyFile(filePath: string, options: LoadPolicyFileOptions = {}): Policy {
  const shown = options.displayPath ?? filePath;
  const read = readPolicyTextFile(filePath);
  if (!('text' in read))
    throw new PolicyValidationError([{ severity: 'error', code: read.code, message: `cannot read policy file: ${read.reason}`, path: [] }], shown);
  return parsePolicy(read.text, {
    file: shown,
    name: options.name ?? path.basename(filePath),
    format: options.format ?? formatFromExtension(filePath),
    policyType: options.policyType,
  });
}

function formatFromExtension(filePath: string): PolicyFormat {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return 'auto';
}
