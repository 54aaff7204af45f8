import type { LocatedString, SourcePosition } from '../diagnostics/source-position';

/**
 * `Principal` / `NotPrincipal` normalised. `"*"` sets `any`; `{"AWS": "*"}` lands in `AWS` as `*`.
 * (IAM User Guide, reference_policies_elements_principal.md.)
 */
export interface PrincipalSpec {
  /** `"Principal": "*"` */
  any: boolean;
  AWS: LocatedString[];
  Service: LocatedString[];
  Federated: LocatedString[];
  CanonicalUser: LocatedString[];
  pos?: SourcePosition;
}
