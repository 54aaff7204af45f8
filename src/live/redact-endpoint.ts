/**
 * Endpoint URLs may carry credentials as userinfo (`http://user:secret@host`, RFC 3986 section
 * 3.2.1, which deprecates putting a password there). Wherever an endpoint is printed, in the
 * start line or in an error, the userinfo is replaced by `***`.
 */

/** Every `scheme://userinfo@` in `text`, with the userinfo replaced by `***`. */
export function redactUserinfo(text: string): string {
  return String(text).replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1***@');
}
