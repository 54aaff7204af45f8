import * as fs from 'node:fs';
import * as path from 'node:path';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import type { Policy } from './policy-model';
import type { PolicyType } from './policy-type';
import type { PolicyFormat } from './source-tree';
import { parsePolicy } from './parse-policy';

export interface LoadPolicyFileOptions {
  /** Display name (default: the file's base name). */
  name?: string;
  policyType?: PolicyType;
  /** Default: from the extension (`.json` JSON, `.yaml`/`.yml` YAML, else auto-detected). */
  format?: PolicyFormat;
  /** The file name to show in positions and messages (default: `filePath` as given). */
  displayPath?: string;
}

/** Why a file could not be read, in words (never a raw errno stack). */
const READ_ERRORS = new Map<string, string>([
  ['ENOENT', 'no such file'],
  ['EISDIR', 'it is a directory, not a file'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['ENOTDIR', 'a part of the path is not a directory'],
  ['ENAMETOOLONG', 'the path is too long'],
]);

/**
 * Reads and validates a policy file. Throws {@link PolicyValidationError} when the file cannot be
 * read or the policy is invalid; every position names the file.
 */
export function loadPolicyFile(filePath: string, options: LoadPolicyFileOptions = {}): Policy {
  const shown = options.displayPath ?? filePath;
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = READ_ERRORS.get(code) ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
    throw new PolicyValidationError([{ severity: 'error', code: 'unreadable-file', message: `cannot read policy file: ${reason}`, path: [] }], shown);
  }
  return parsePolicy(text, {
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
