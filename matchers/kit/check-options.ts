import { nearestName } from '../../src/diagnostics/nearest-name';
import { IamUsageError } from './usage-error';

/**
 * A matcher's option keys. A misspelt key would silently test something else (`principle`
 * instead of `principal` asks as nobody), so every matcher checks its options against its list.
 */
export type OptionKeys<T> = readonly (keyof T & string)[];

/** The problems with `options` (empty when they are fine), each starting with the matcher's name. */
export function optionProblems<T>(matcherName: string, options: unknown, keys: OptionKeys<T>): string[] {
  if (options === undefined) return [];
  const list = keys.join(', ');
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return [`${matcherName}: options must be an object { ${list} }`];
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if ((keys as readonly string[]).includes(key)) continue;
    const near = nearestName(key, keys);
    problems.push(`${matcherName}: unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ` (options: ${list})`}`);
  }
  return problems;
}

/**
 * `options` as the matcher's options type, or an {@link IamUsageError} naming each unknown key
 * with the nearest known one ("did you mean").
 */
export function checkOptions<T extends object>(matcherName: string, options: unknown, keys: OptionKeys<T>): Partial<T> {
  const problems = optionProblems(matcherName, options, keys);
  if (problems.length) throw new IamUsageError(problems.join('\n'));
  return (options ?? {}) as Partial<T>;
}
