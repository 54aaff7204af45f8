/**
 * The text form of an access matrix that snapshots store: one line per allowed, conditionally
 * allowed and explicitly denied cell, grouped by principal, service and outcome, sorted, so a
 * review diff shows exactly the cells that changed. Implicit denies are only counted per service:
 * listing them would make every update of the AWS service reference (a new action, denied because
 * no statement names it) fail the snapshot line by line without any policy change; a count
 * changes by one line, and says what happened. Statement positions and Sids are left out on
 * purpose: moving or renaming a statement does not change access, and must not fail a snapshot.
 *
 * ```
 * jest-iam access snapshot
 * scope: actions rekognition:*; resources derived from the policies and the service reference
 * implicit denies are counted, not listed: ...
 *
 * [rekognition] allow
 *   rekognition:DetectCustomLabels on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000
 * [rekognition] implicit deny: 71 requests
 * ```
 */

import { CELL_OUTCOMES, OUTCOME_LABEL, type CellOutcome } from './cell-outcome';
import { conditionsText, serviceOf, variablesText, type AccessMatrix } from './access-matrix';

export const SNAPSHOT_TITLE = 'jest-iam access snapshot';

/** One cell as a snapshot line holds it. */
export interface SnapshotCell {
  principal: string;
  action: string;
  resource: string;
  /** `k=v, ...` policy-variable values ('' when none). */
  variables: string;
  /** For `conditional`: the deciding condition clauses. */
  conditions: string;
  outcome: CellOutcome;
}

const OUTCOME_BY_LABEL = new Map<string, CellOutcome>(CELL_OUTCOMES.map((o) => [OUTCOME_LABEL[o], o]));

/** The cells of a matrix in snapshot form, sorted by principal, service, outcome, action, resource. */
export function snapshotCells(matrix: AccessMatrix): SnapshotCell[] {
  const order = (o: CellOutcome) => CELL_OUTCOMES.indexOf(o);
  return matrix.cells
    .map((c) => ({
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      variables: variablesText(c.variables),
      conditions: c.outcome === 'conditional' ? conditionsText(c) : '',
      outcome: c.outcome,
    }))
    .sort(
      (a, b) =>
        cmp(a.principal, b.principal) ||
        cmp(serviceOf(a.action), serviceOf(b.action)) ||
        order(a.outcome) - order(b.outcome) ||
        cmp(a.action, b.action) ||
        cmp(a.resource, b.resource) ||
        cmp(a.variables, b.variables),
    );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `rekognition:X on arn:... with aws:username=example-username if StringEquals ...` */
export function cellLine(c: Pick<SnapshotCell, 'action' | 'resource' | 'variables' | 'conditions'>): string {
  return `${c.action} on ${c.resource}${c.variables ? ` with ${c.variables}` : ''}${c.conditions ? ` if ${c.conditions}` : ''}`;
}

/** The line under the title that says how implicit denies are stored. */
export const IMPLICIT_DENY_NOTE =
  'implicit denies are counted, not listed: a new action in the AWS service reference changes a count, not the allowed or explicitly denied requests listed here';

/** `[rekognition] implicit deny: 71 requests` */
function countLine(service: string, n: number): string {
  return `[${service}] ${OUTCOME_LABEL['implicit-deny']}: ${n} request${n === 1 ? '' : 's'}`;
}

/**
 * The snapshot text of a matrix. With one principal the principal is not named (a snapshot is of
 * one policy set); with several, each gets a `principal <name>` block. Implicit denies are a count
 * per service, after the service's listed cells.
 */
export function formatAccessSnapshot(matrix: AccessMatrix): string {
  const lines = [SNAPSHOT_TITLE, `scope: ${matrix.scope.description}`, IMPLICIT_DENY_NOTE];
  const named = matrix.principals.length > 1;
  const cells = snapshotCells(matrix);
  const principals = named ? [...new Set(cells.map((c) => c.principal))] : [''];
  for (const principal of principals) {
    const mine = named ? cells.filter((c) => c.principal === principal) : cells;
    if (named) lines.push('', `principal ${principal}`);
    for (const service of [...new Set(mine.map((c) => serviceOf(c.action)))]) {
      const here = mine.filter((c) => serviceOf(c.action) === service);
      lines.push('');
      for (const outcome of CELL_OUTCOMES) {
        if (outcome === 'implicit-deny') continue;
        const group = here.filter((c) => c.outcome === outcome);
        if (!group.length) continue;
        lines.push(`[${service}] ${OUTCOME_LABEL[outcome]}`, ...group.map((c) => `  ${cellLine(c)}`));
      }
      const denied = here.filter((c) => c.outcome === 'implicit-deny').length;
      if (denied) lines.push(countLine(service, denied));
    }
  }
  if (!matrix.cells.length) lines.push('', '(no cells: the scope has no actions)');
  return lines.join('\n');
}

const CELL_LINE = /^ {2}(\S+) on (\S+)(?: with (.*?))?(?: if (.*))?$/;
const HEADING = /^\[([^\]]+)\] (.+)$/;
const COUNT = /^\[([^\]]+)\] implicit deny: (\d+) requests?$/;

/** Lines of stored text, unwrapped from the quotes and escapes Jest may add. */
function storedLines(text: string): string[] {
  return text
    .replace(/\\"/g, '"')
    .split('\n')
    .map((raw) => raw.replace(/"$/, ''));
}

/**
 * Reads the listed cells back from snapshot text, as stored (Jest may wrap the text in quotes and
 * escape it; lines that are not cells or headings are skipped). Unknown headings end a group.
 * Snapshots written before implicit denies were counted list them as cells, and read as such.
 */
export function parseAccessSnapshot(text: string): SnapshotCell[] {
  const cells: SnapshotCell[] = [];
  let principal = '';
  let outcome: CellOutcome | undefined;
  for (const line of storedLines(text)) {
    if (line.startsWith('principal ')) {
      principal = line.slice('principal '.length);
      outcome = undefined;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      outcome = OUTCOME_BY_LABEL.get(h[2]);
      continue;
    }
    const m = CELL_LINE.exec(line);
    if (m && outcome) cells.push({ principal, action: m[1], resource: m[2], variables: m[3] ?? '', conditions: m[4] ?? '', outcome });
  }
  return cells;
}

/** The implicit-deny count of each principal and service (`principal\0service` -> count). */
export function parseImplicitDenyCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let principal = '';
  for (const line of storedLines(text)) {
    if (line.startsWith('principal ')) principal = line.slice('principal '.length);
    const m = COUNT.exec(line);
    if (m) counts.set(`${principal}\0${m[1]}`, Number(m[2]));
  }
  // An older snapshot that lists its implicit denies: count them.
  for (const c of parseAccessSnapshot(text)) {
    if (c.outcome !== 'implicit-deny') continue;
    const k = `${c.principal}\0${serviceOf(c.action)}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
