import { checkRequest, defaultCatalog, type CatalogResourceType, type ServiceCatalog } from '../catalog';
import { RequestContext } from '../request/request-context';
import { compileArnPattern } from '../match/arn';
import { arnWitness, DEFAULT_STYLE, sampleArn, type VariableValues, type WitnessStyle } from './arn-witness';
import type { ResourcePattern } from './policy-patterns';

/** A concrete resource to put in a request, and where it came from. */
export interface SampleResource {
  /** An ARN, or `*` for an action without required resource types. */
  arn: string;
  /** Resource type key in the service reference (absent for `*`). */
  type?: string;
  /** The policy pattern the ARN was drawn from (absent for a type's generic sample). */
  pattern?: string;
  /** Policy-variable values the ARN assumes, e.g. `{ 'aws:username': 'example-username' }`. */
  variables: VariableValues;
}

export interface SampleResourceOptions {
  catalog?: ServiceCatalog;
  /** Text style of generated names (default: `example-...`). */
  styles?: WitnessStyle[];
}

/**
 * The resource types an action acts on, with their ARN formats. IAM User Guide,
 * reference_policies_actions-resources-contextkeys.md ("The actions table"): an action without
 * resource types takes only `"*"`; the types it lists are the ARNs a statement may name for it.
 */
export function actionResourceTypes(
  action: string,
  catalog: ServiceCatalog = defaultCatalog(),
): { known: boolean; types: CatalogResourceType[]; anyRequired: boolean } {
  const colon = action.indexOf(':');
  const act = colon > 0 ? catalog.getAction(action.slice(0, colon), action.slice(colon + 1)) : undefined;
  if (!act) return { known: false, types: [], anyRequired: false };
  const types = act.resourceTypes.map((r) => catalog.getResourceType(act.service, r.name)).filter((t): t is CatalogResourceType => t !== undefined);
  return { known: true, types, anyRequired: act.resourceTypes.some((r) => r.required) };
}

/**
 * The resources an access matrix tries for one action: requests AWS can make. For each of the
 * action's resource types, one generic ARN of that type and, for each policy pattern that can
 * name a resource of that type, an ARN that pattern matches (so every statement that could apply
 * to the action is reached); plus `*` when the action has no required resource type. Every ARN
 * is one `checkRequest` accepts for the action (catalog/check-request.ts): the service reference
 * reads it as one of the action's types. IAM User Guide,
 * reference_policies_actions-resources-contextkeys.md ("The actions table"): "If there is no
 * value for this column, you must specify all resources ("*")", so an action without resource
 * types is tried on `*` only, and a resource type not marked required may be left out.
 * Sorted and without duplicates.
 */
export function sampleResources(action: string, patterns: readonly ResourcePattern[], options: SampleResourceOptions = {}): SampleResource[] {
  const catalog = options.catalog ?? defaultCatalog();
  const styles = options.styles ?? [DEFAULT_STYLE];
  const { types, anyRequired } = actionResourceTypes(action, catalog);
  const out = new Map<string, SampleResource>();
  const add = (r: SampleResource) => {
    const key = `${r.arn}\0${JSON.stringify(r.variables)}`;
    if (!out.has(key)) out.set(key, r);
  };
  if (!types.length || !anyRequired) add({ arn: '*', variables: {} });
  // A sample counts only when the catalogue reads it as one of the action's types (a pattern
  // such as `project/MyProject/*` also yields version ARNs, which are another type).
  const accepted = (arn: string) => checkRequest(action, arn, catalog).length === 0;
  for (const type of types) {
    for (const style of styles) {
      const generic = sampleArn(type.arn, style);
      if (accepted(generic)) add({ arn: generic, type: type.key, variables: {} });
      for (const p of patterns) {
        const w = arnWitness(p.pattern, type.arn, { variables: p.variables, style });
        if (!w || !accepted(w.arn)) continue;
        // Checked with the evaluator's own matcher, so a sample never claims a match it lacks.
        const ctx = RequestContext.from(w.variables);
        if (compileArnPattern(p.pattern, p.variables).match(w.arn, ctx) !== true) continue;
        add({ arn: w.arn, type: type.key, pattern: p.pattern, variables: w.variables });
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : JSON.stringify(a.variables) < JSON.stringify(b.variables) ? -1 : 1));
}
