/**
 * Cheap linear scans that find input nested deeper than a limit *before* a recursive parser
 * sees it: jsonc-parser and the yaml composer recurse once per level, and 10,000 nested arrays
 * exhaust the stack (in V8 this can even abort the process instead of throwing).
 */

/** Offset where JSON nesting first exceeds `maxDepth`, or -1. Exact for JSON strings. */
export function findJsonDepthExcess(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return i;
    } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) {
      depth--;
    }
  }
  return -1;
}

/**
 * Offset where YAML nesting first exceeds `maxDepth`, or -1. Counts flow brackets outside
 * quoted scalars and comments, plus block nesting from indentation and compact `- `/`? `
 * indicators. Conservative: it may over-count inside block scalars, never under-count
 * structure the yaml parser would build.
 */
export function findYamlDepthExcess(text: string, maxDepth: number): number {
  const indents: number[] = [];
  let flow = 0;
  let p = 0;
  while (p < text.length) {
    let lineEnd = lineEndFrom(text, p);
    let i = p;
    while (i < lineEnd && text[i] === ' ') i++;
    const indent = i - p;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      let block = indents.length;
      // Compact nested collections on one line: `- - - x`, `? - x`.
      let j = i;
      while (j + 1 < lineEnd && (text[j] === '-' || text[j] === '?' || text[j] === ':') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
        block++;
        j += 2;
        while (j < lineEnd && (text[j] === ' ' || text[j] === '\t')) j++;
      }
      if (block > maxDepth) return i;
    }
    // Flow brackets, skipping quoted scalars (which may span lines) and comments.
    let prev = ' ';
    let k = i;
    while (k < lineEnd) {
      const c = text[k];
      if (c === '#' && (prev === ' ' || prev === '\t')) break;
      if ((c === '"' || c === "'") && ' \t[{,:-?'.includes(prev)) {
        const close = skipQuoted(text, k, c);
        if (close >= lineEnd) lineEnd = lineEndFrom(text, close);
        k = close + 1;
        prev = c;
        continue;
      }
      if (c === '[' || c === '{') {
        if (indents.length + ++flow > maxDepth) return k;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
      prev = c;
      k++;
    }
    p = lineEnd + 1;
  }
  return -1;
}

function lineEndFrom(text: string, from: number): number {
  const e = text.indexOf('\n', from);
  return e < 0 ? text.length : e;
}

/** Index of the closing quote of a YAML quoted scalar starting at `start` (or text end). */
function skipQuoted(text: string, start: number, quote: string): number {
  for (let k = start + 1; k < text.length; k++) {
    const c = text[k];
    if (quote === '"' && c === '\\') k++;
    else if (c === quote) {
      if (quote === "'" && text[k + 1] === "'") k++;
      else return k;
    }
  }
  return text.length;
}
