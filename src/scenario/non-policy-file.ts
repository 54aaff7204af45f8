/**
 * Telling a policy file with mistakes from a file that is no policy at all (a `.env`, a key, a
 * password file named by mistake or on purpose). The policy reader quotes what it finds, which
 * is right for a policy and wrong for a secret: for a file that is not a policy only the first
 * {@link PREFIX_SHOWN} characters are ever shown.
 */

import * as fs from 'node:fs';

/** How much of a file that is not a policy an error may quote. */
export const PREFIX_SHOWN = 12;

/** How much of the file is read to decide (a policy names `Statement` near its top). */
const READ_AT_MOST = 64 * 1024;

/**
 * IAM User Guide, reference_policies_elements_statement.md: "The Statement element is the main
 * element for a policy. This element is required."; reference_policies_elements_version.md: the
 * Version is "2012-10-17" or "2008-10-17". A file with neither (in any letter case, so that a
 * misspelt `statement:` is still reported as a policy mistake) is some other file.
 */
function looksLikePolicy(text: string): boolean {
  return /(^|[\s{,"'])statement["']?\s*:/i.test(text) || /(^|[\s{,"'])version["']?\s*:\s*["']?20(08|12)-10-17/i.test(text);
}

/** The first characters of the first non-blank line, quoted, with "..." when cut. */
function shortPrefix(text: string): string {
  const line =
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .split(/\r?\n/, 1)[0] ?? '';
  const cut = line.length > PREFIX_SHOWN ? `${line.slice(0, PREFIX_SHOWN)}...` : line;
  return JSON.stringify(cut);
}

/**
 * Why `file` (which failed to load as a policy) is not a policy at all, or undefined when it is a
 * policy whose own errors should be shown, or when it cannot be read (the reader says why).
 */
export function notAPolicyReason(file: string): string | undefined {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(READ_AT_MOST);
      const n = fs.readSync(fd, buf, 0, READ_AT_MOST, 0);
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (looksLikePolicy(text)) return undefined;
  if (text.trim() === '') return 'it is empty';
  return `it has no "Statement" or "Version" element (it starts ${shortPrefix(text)})`;
}
