/**
 * The one way reports put user text into Markdown (pull-request comments, `$GITHUB_STEP_SUMMARY`,
 * `diff` and `matrix --format markdown`). Principal names, resources, statement ids and
 * conditions come from files a pull request may change: none may open an HTML tag, a link, an
 * image, a heading or a new table cell. GitHub renders GitHub Flavored Markdown (GFM spec:
 * backslash escapes, code spans, tables).
 */

/**
 * Punctuation that opens inline markup anywhere in a line: emphasis, code, links and images,
 * strikethrough, math, table cells (GFM spec, "Backslash escapes": any ASCII punctuation may be
 * escaped). Block markers (`-`, `+`, `1.`) only count at the start of a line, where no cell is.
 */
const PUNCTUATION = /[\\`*_[\]()!|~$#]/g;

/** Line breaks end a table row and start new blocks: each becomes a space. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/**
 * Characters with no place in one line of a report: other control characters and the bidi
 * overrides that make text read differently from what it is (U+202A-U+202E, U+2066-U+2069).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text, safe as Markdown prose or as a table cell: every markup character shown as itself. */
export function markdownText(text: string): string {
  return (
    String(text)
      .replace(LINE_BREAKS, ' ')
      .replace(INVISIBLE, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(PUNCTUATION, (c) => `\\${c}`)
      // Bare URLs become links in GFM ("Autolinks (extension)"): break the `://` and `www.` they start with.
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\b(www)\./gi, '$1\\.')
      // "@name" in a pull-request comment notifies that user or team, escaped or not (GitHub turns
      // mentions into links after rendering): a zero-width space after the @ keeps it text.
      .replace(/@(?=[A-Za-z0-9])/g, '@\u200B')
  );
}

/**
 * A code span holding `text` verbatim: the fence is one backtick longer than the longest run
 * inside (GFM spec, "Code spans"), line breaks become spaces, and in a table (`table`, the
 * default) `|` is escaped, which GFM requires even inside a code span (GFM spec, "Tables").
 */
export function markdownCode(text: string, options: { table?: boolean } = {}): string {
  let body = String(text).replace(LINE_BREAKS, ' ').replace(INVISIBLE, '\uFFFD');
  if (options.table !== false) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick or a space, as the spec strips one.
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
