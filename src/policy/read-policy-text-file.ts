/**
 * Reads a policy file's text after checking what it is: a device (`/dev/zero`), a pipe or a
 * socket would be read for ever, and a file far above any AWS policy quota (the largest, an S3
 * bucket policy, is 20 KB; managed policies 6,144 characters, reference_iam-quotas.md) is not a
 * policy someone can attach. The limit is generous, for templates and plans holding many
 * policies: 1 MiB unless `JEST_IAM_MAX_POLICY_BYTES` or the caller says otherwise.
 */

import * as fs from 'node:fs';

/** Default limit on a policy, template or plan file, in bytes (1 MiB). */
export const DEFAULT_MAX_POLICY_FILE_BYTES = 1024 * 1024;

/** The limit in force: `JEST_IAM_MAX_POLICY_BYTES` when set to a positive integer, else 1 MiB. */
export function maxPolicyFileBytes(): number {
  const raw = process.env.JEST_IAM_MAX_POLICY_BYTES;
  if (raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) > 0) return Number(raw);
  return DEFAULT_MAX_POLICY_FILE_BYTES;
}

/**
 * What is wrong with `JEST_IAM_MAX_POLICY_BYTES` when it is set but is no positive whole number
 * ("2MB", "-5"): ignoring it would check files against a limit the user did not choose.
 */
export function maxPolicyBytesProblem(): string | undefined {
  const raw = process.env.JEST_IAM_MAX_POLICY_BYTES;
  if (raw === undefined || raw === '' || (/^\d+$/.test(raw.trim()) && Number(raw) > 0)) return undefined;
  return `JEST_IAM_MAX_POLICY_BYTES=${JSON.stringify(raw)} is not a positive whole number of bytes (e.g. 2097152 for 2 MiB); fix or unset it`;
}

export type PolicyTextRead = { text: string } | { code: 'unreadable-file' | 'file-too-large'; reason: string };

/** Why a file could not be read, in words (never a raw errno stack). */
const READ_ERRORS = new Map<string, string>([
  ['ENOENT', 'no such file'],
  ['EISDIR', 'it is a directory, not a file'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['ENOTDIR', 'a part of the path is not a directory'],
  ['ENAMETOOLONG', 'the path is too long'],
  ['ELOOP', 'too many symbolic links'],
]);

/** A read error in words. */
export function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return READ_ERRORS.get(code) ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
}

/** What kind of file that is not a regular file `st` describes. */
function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The text of `file` (UTF-8), or why it is not read; never throws for a user's path. */
export function readPolicyTextFile(file: string, maxBytes: number = maxPolicyFileBytes()): PolicyTextRead {
  const setting = maxPolicyBytesProblem();
  if (setting) return { code: 'unreadable-file', reason: setting };
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return { code: 'unreadable-file', reason: describeReadError(e) };
  }
  if (st.isDirectory()) return { code: 'unreadable-file', reason: 'it is a directory, not a file' };
  if (!st.isFile()) return { code: 'unreadable-file', reason: `it is ${kindOf(st)}, not a regular file (reading it would not end)` };
  if (st.size > maxBytes) return { code: 'file-too-large', reason: tooLarge(st.size, maxBytes) };
  try {
    const text = fs.readFileSync(file, 'utf8');
    // The file may have grown between stat and read.
    if (Buffer.byteLength(text) > maxBytes) return { code: 'file-too-large', reason: tooLarge(Buffer.byteLength(text), maxBytes) };
    return { text };
  } catch (e) {
    return { code: 'unreadable-file', reason: describeReadError(e) };
  }
}

/** The message for text over the limit. */
export function tooLarge(bytes: number, maxBytes: number): string {
  return `it is ${bytes.toLocaleString('en-US')} bytes, over the limit of ${maxBytes.toLocaleString('en-US')} bytes for a policy file (AWS's largest policy quota is about 20 KB; set JEST_IAM_MAX_POLICY_BYTES to raise the limit)`;
}
