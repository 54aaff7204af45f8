/**
 * GitHub refuses a comment body over 65,536 characters (the API's "body is too long (maximum is
 * 65536 characters)"), and `$GITHUB_STEP_SUMMARY` takes at most 1 MiB per step.
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * `markdown` cut at a line boundary so that it, with a note saying how much was cut and where
 * the full report is, stays within `limit` characters. Text within the limit is returned as is.
 * A table cut short keeps its header, so what is left still renders as a table.
 */
export function fitMarkdown(markdown: string, options: { limit?: number; fullReport?: string } = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  if (markdown.length <= limit) return markdown;
  const lines = markdown.split('\n');
  const where = options.fullReport ? `; the full report is ${options.fullReport}` : '';
  const note = (cut: number, section: string) =>
    `\n\n> **Cut to fit a GitHub comment (${limit} characters):** ${cut} of ${lines.length} lines left out, from ${section}${where}.\n`;
  let size = 0;
  let kept = 0;
  let section = 'the start';
  const reserve = note(lines.length, 'x'.repeat(200)).length + 1;
  for (const line of lines) {
    if (size + line.length + 1 + reserve > limit) break;
    size += line.length + 1;
    kept++;
    if (/^#{1,6} /.test(line)) section = `section "${line.replace(/^#+ /, '').slice(0, 120)}"`;
  }
  const heading = [...lines.slice(0, kept)].reverse().find((l) => /^#{1,6} /.test(l));
  const from = heading ? `the section "${heading.replace(/^#+ /, '').slice(0, 120)}" on` : section;
  return `${lines.slice(0, kept).join('\n')}${note(lines.length - kept, from)}`;
}
