/**
 * Endpoint URLs may carry credentials as userinfo (`http://user:secret@host`, RFC 3986 section
 * 3.2.1, which deprecates putting a password there). Wherever an endpoint is printed, in the
 * start line or in an error, the userinfo is replaced by `***`.
 */

/**
 * Every `scheme://userinfo@` in `text`, with the userinfo replaced by `***`. Up to the last `@`
 * of the URL: a password typed with an unescaped `/`, `?` or `#` (`http://u:pa/ss@host`) must not
 * leak its tail; hiding a path that holds an `@` as well is the lesser harm.
 */
export function redactUserinfo(text: string): string {
  return String(text).replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s]*@/gi, '$1***@');
}

/**
 * One endpoint as configured (`--endpoint`, AWS_ENDPOINT_URL_IAM), with its userinfo hidden,
 * also when the scheme is missing (`user:secret@host:443`).
 */
export function redactEndpoint(endpoint: string): string {
  const s = String(endpoint);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return redactUserinfo(s);
  return s.replace(/^[^\s]*@/, '***@');
}
