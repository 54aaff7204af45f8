import { CELL_OUTCOMES, OUTCOME_LABEL, type CellOutcome } from './cell-outcome';
import { conditionsText, serviceOf, variablesText, type AccessMatrix } from './access-matrix';

/**
 * The text form of an access matrix that snapshots store: one line per cell, grouped by
 * principal, service and outcome, sorted, so a review diff shows exactly the cells that changed.
 * Statement positions and Sids are left out on purpose: moving or renaming a statement does not
 * change access, and must not fail a snapshot.
 *
 * ```
 * jest-iam access snapshot
 * scope: actions rekognition:*; resources derived from the policies and the service reference
 *
 * [rekognition] allow
 *   rekognition:DetectCustomLabels on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000
 * [rekognition] implicit deny
 *   rekognition:CopyProjectVersion on arn:...
 * ```
 */

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

/**
 * The snapshot text of a matrix. With one principal the principal is not named (a snapshot is of
 * one policy set); with several, each gets a `principal <name>` block.
 */
export function formatAccessSnapshot(matrix: AccessMatrix): string {
  const lines = [SNAPSHOT_TITLE, `scope: ${matrix.scope.description}`];
  const named = matrix.principals.length > 1;
  let principal: string | undefined;
  let group = '';
  for (const c of snapshotCells(matrix)) {
    if (named && c.principal !== principal) {
      principal = c.principal;
      group = '';
      lines.push('', `principal ${c.principal}`);
    }
    const heading = `[${serviceOf(c.action)}] ${OUTCOME_LABEL[c.outcome]}`;
    if (heading !== group) {
      if (!named || lines[lines.length - 1] !== `principal ${c.principal}`) lines.push('');
      lines.push(heading);
      group = heading;
    }
    lines.push(`  ${cellLine(c)}`);
  }
  if (!matrix.cells.length) lines.push('', '(no cells: the scope has no actions)');
  return lines.join('\n');
}

const CELL_LINE = /^ {2}(\S+) on (\S+)(?: with (.*?))?(?: if (.*))?$/;
const HEADING = /^\[([^\]]+)\] (.+)$/;

/**
 * Reads the cells back from snapshot text, as stored (Jest may wrap the text in quotes and
 * escape it; lines that are not cells or headings are skipped). Unknown headings end a group.
 */
export function parseAccessSnapshot(text: string): SnapshotCell[] {
  const cells: SnapshotCell[] = [];
  let principal = '';
  let outcome: CellOutcome | undefined;
  for (const raw of text.replace(/\\"/g, '"').split('\n')) {
    const line = raw.replace(/"$/, '');
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
