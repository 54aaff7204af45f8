import { stripVTControlCharacters } from 'node:util';

/**
 * The message a failing assertion shows, without colour codes so the pinned text reads as
 * plain text. Throws when the assertion passes: a message test must see the failure.
 */
export function failureMessage(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return stripVTControlCharacters((e as Error).message);
  }
  throw new Error('the assertion passed; expected it to fail');
}
