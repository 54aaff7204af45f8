/**
 * Whether a Jest run tested only a selection of the suite (`-t`, test path arguments, watch,
 * `--onlyChanged`, `--shard`, ...). Coverage of such a run says nothing about the whole suite:
 * the reporter then checks no threshold and writes its reports beside the full run's, marked
 * partial, instead of over them.
 */

/** The parts of Jest's global config that select tests (Jest 29 and 30 spellings). */
export interface SelectingConfig {
  testNamePattern?: string;
  /** Jest 30: an object holding the path arguments; Jest 29: `testPathPattern`. */
  testPathPatterns?: { patterns?: readonly string[] } | readonly string[];
  testPathPattern?: string;
  watch?: boolean;
  watchAll?: boolean;
  onlyChanged?: boolean;
  onlyFailures?: boolean;
  changedSince?: string;
  lastCommit?: boolean;
  findRelatedTests?: boolean;
  shard?: { shardIndex: number; shardCount: number };
}

/** How a run is partial: in words for the console, and a file-name tag for its reports. */
export interface PartialRun {
  /** e.g. `-t "model-manager"`, `test path rekognition.iam.yaml`, `shard 1/3`. */
  reason: string;
  /** Inserted before the report's extension: `partial` or `shard-1-of-3`. */
  tag: string;
}

function pathPatterns(config: SelectingConfig): string[] {
  const p = config.testPathPatterns;
  if (Array.isArray(p)) return [...(p as readonly string[])];
  if (p && typeof p === 'object' && Array.isArray((p as { patterns?: unknown }).patterns)) return [...(p as { patterns: string[] }).patterns];
  return config.testPathPattern ? [config.testPathPattern] : [];
}

/** Undefined for a full run; otherwise what selected its tests. */
export function partialRun(config: SelectingConfig): PartialRun | undefined {
  const reasons: string[] = [];
  if (config.testNamePattern) reasons.push(`-t ${JSON.stringify(config.testNamePattern)}`);
  const paths = pathPatterns(config);
  if (paths.length) reasons.push(`test path ${paths.join(' ')}`);
  if (config.watch || config.watchAll) reasons.push('watch mode');
  if (config.onlyChanged) reasons.push('--onlyChanged');
  if (config.onlyFailures) reasons.push('--onlyFailures');
  if (config.changedSince) reasons.push(`--changedSince ${config.changedSince}`);
  if (config.lastCommit) reasons.push('--lastCommit');
  if (config.findRelatedTests) reasons.push('--findRelatedTests');
  const shard = config.shard && config.shard.shardCount > 1 ? config.shard : undefined;
  if (shard) reasons.push(`shard ${shard.shardIndex}/${shard.shardCount}`);
  if (!reasons.length) return undefined;
  // A shard alone gets its own file per shard, for merging; any other selection is "partial".
  const tag = shard && reasons.length === 1 ? `shard-${shard.shardIndex}-of-${shard.shardCount}` : 'partial';
  return { reason: reasons.join(', '), tag };
}

/** `reports/iam.html` -> `reports/iam.partial.html` (the tag before the last extension). */
export function taggedReportPath(file: string, tag: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash + 1 ? `${file.slice(0, dot)}.${tag}${file.slice(dot)}` : `${file}.${tag}`;
}
