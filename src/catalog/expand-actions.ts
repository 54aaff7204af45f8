/**
 * Expanding an Action pattern into the real actions it covers. IAM User Guide,
 * reference_policies_elements_action.md: `*` and `?` may appear anywhere in an action, and the
 * prefix and name are case-insensitive; `compileActionPattern` implements that matching.
 */

import { compileActionPattern } from '../match/action';
import { CatalogError, defaultCatalog, type ServiceCatalog } from './service-catalog';

/**
 * Most services a pattern with a wildcard in its service prefix may span. Each service is one
 * file to read (all of them together are about 11 MB of JSON), so `*:Get*` is refused.
 */
export const MAX_WILDCARD_SERVICES = 25;

/**
 * The services a pattern could name. The service part is what precedes the first `:`; an action
 * name never holds `:`, so that part must match the whole prefix. Without a `:`, a wildcard may
 * span the colon, and every service starting with the pattern's fixed head is a candidate.
 */
export function candidateServices(pattern: string, catalog: ServiceCatalog = defaultCatalog()): string[] {
  const colon = pattern.indexOf(':');
  if (colon >= 0) {
    const servicePart = pattern.slice(0, colon);
    if (!/[*?]/.test(servicePart)) return catalog.serviceExists(servicePart) ? [servicePart.toLowerCase()] : [];
    const glob = compileActionPattern(servicePart);
    return catalog.allServices().filter((s) => glob.test(s));
  }
  const wild = pattern.search(/[*?]/);
  if (wild < 0) return [];
  const head = pattern.slice(0, wild).toLowerCase();
  return catalog.allServices().filter((s) => s.startsWith(head));
}

/**
 * Every real action `pattern` matches, as `service:ActionName` in canonical spelling, sorted:
 * `rekognition:Describe*` gives `rekognition:DescribeCollection`, `rekognition:DescribeDataset`, ...
 * A pattern that matches nothing gives an empty list. Throws a {@link CatalogError} when the
 * service part is a wildcard spanning more than {@link MAX_WILDCARD_SERVICES} services.
 */
export function expandActionPattern(pattern: string, catalog: ServiceCatalog = defaultCatalog()): string[] {
  const services = candidateServices(pattern, catalog);
  if (services.length > MAX_WILDCARD_SERVICES) {
    throw new CatalogError(
      `"${pattern}" spans ${services.length} services; give a service prefix (for example "s3:${actionPart(pattern)}") ` +
        `so that at most ${MAX_WILDCARD_SERVICES} services need to be read`,
    );
  }
  const glob = compileActionPattern(pattern);
  const out: string[] = [];
  for (const service of services) {
    for (const name of catalog.actionNamesOf(service)) {
      const full = `${service}:${name}`;
      if (glob.test(full)) out.push(full);
    }
  }
  return out.sort();
}

/**
 * Whether `pattern` matches at least one real action: what {@link expandActionPattern} would
 * return a non-empty list for, stopping at the first match (checking a policy needs no more).
 */
export function matchesSomeAction(pattern: string, catalog: ServiceCatalog = defaultCatalog()): boolean {
  const services = candidateServices(pattern, catalog);
  if (services.length > MAX_WILDCARD_SERVICES) return expandActionPattern(pattern, catalog).length > 0;
  const glob = compileActionPattern(pattern);
  for (const service of services) {
    for (const name of catalog.actionNamesOf(service)) if (glob.test(`${service}:${name}`)) return true;
  }
  return false;
}

function actionPart(pattern: string): string {
  const colon = pattern.indexOf(':');
  return colon >= 0 ? pattern.slice(colon + 1) : pattern;
}
