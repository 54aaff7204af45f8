import { nearestName } from '../diagnostics/nearest-name';
import { BLOCK_PUBLIC_ACCESS_SETTINGS, type BlockPublicAccess, type BlockPublicAccessSettings } from '../policy/block-public-access-settings';
import { UsageError } from './cli-io';

/**
 * `--block-public-access` values: `organization` (an Amazon S3 policy of the organisation turns
 * all four settings on), or `account:SETTINGS` / `bucket:SETTINGS` with SETTINGS a comma list of
 * BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets, or `all`.
 * Repeatable; the levels combine as S3 combines them.
 */
export function blockPublicAccessOf(values: readonly string[] | undefined, command: string): BlockPublicAccess | undefined {
  if (!values?.length) return undefined;
  const out: BlockPublicAccess = {};
  for (const value of values) {
    if (value === 'organization') {
      out.organization = true;
      continue;
    }
    const colon = value.indexOf(':');
    const level = colon > 0 ? value.slice(0, colon) : value;
    if (level !== 'account' && level !== 'bucket') {
      const near = nearestName(level, ['organization', 'account', 'bucket']);
      throw new UsageError(
        `--block-public-access takes organization, account:SETTINGS or bucket:SETTINGS, got ${JSON.stringify(value)}${near ? `; did you mean ${near}?` : ''}`,
        command,
      );
    }
    const names =
      colon > 0
        ? value
            .slice(colon + 1)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    if (!names.length) throw new UsageError(`--block-public-access ${level}: needs settings (${BLOCK_PUBLIC_ACCESS_SETTINGS.join(', ')}, or all)`, command);
    const settings: BlockPublicAccessSettings = { ...out[level] };
    for (const name of names) {
      if (name === 'all') for (const s of BLOCK_PUBLIC_ACCESS_SETTINGS) settings[s] = true;
      else if ((BLOCK_PUBLIC_ACCESS_SETTINGS as readonly string[]).includes(name)) settings[name as keyof BlockPublicAccessSettings] = true;
      else {
        const near = nearestName(name, [...BLOCK_PUBLIC_ACCESS_SETTINGS, 'all']);
        throw new UsageError(
          `--block-public-access: unknown setting ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ''} (settings: ${BLOCK_PUBLIC_ACCESS_SETTINGS.join(', ')}, all)`,
          command,
        );
      }
    }
    out[level] = settings;
  }
  return out;
}
