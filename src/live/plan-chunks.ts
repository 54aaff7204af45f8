/**
 * Plans the policy simulator calls for many cells. Cells that share every input but the action
 * and resource (same policies, caller, owner and context) form one group; a call sends some of a
 * group's actions as `ActionNames` and some resources as `ResourceArns`, and IAM evaluates the
 * whole cross product: "Each operation is evaluated against each resource" (IAM API Reference,
 * API_SimulateCustomPolicy.html, ActionNames). Cells of the product nobody asked for cost nothing
 * and are cached too.
 *
 * Limits. The API reference gives no limit on how many ActionNames or ResourceArns a call may
 * carry, nor on their product: it constrains each member's length only (an action name 3 to 128
 * characters, a resource ARN 1 to 2048) and pages the answer by `MaxItems` (1 to 1000
 * EvaluationResults). jest-iam therefore sets its own conservative caps of 100 actions and 100
 * resources per call (a call then answers in one page, one EvaluationResult per action), and no
 * cap on the product.
 *
 * Bound. Within a group of N distinct cells the plan makes at most ceil(N / 100) calls: see
 * {@link planChunks}. Cells of different groups never share a call, so a run makes at most the
 * sum of ceil(N_g / 100) over its groups.
 */

import type { SimulationInput } from './map-policy-set';
import { canonicalJson } from './simulate-cache';

/** ActionNames per call (jest-iam's cap; the API reference documents none). */
export const MAX_ACTIONS_PER_CALL = 100;
/** ResourceArns per call (jest-iam's cap; the API reference documents none). */
export const MAX_RESOURCES_PER_CALL = 100;
/** Cells one call must answer before the plan may open another call for the same group. */
const CELLS_PER_CALL = Math.min(MAX_ACTIONS_PER_CALL, MAX_RESOURCES_PER_CALL);

/** One simulate call to make: a group's shared parameters with some actions and resources. */
export interface Chunk {
  operation: SimulationInput['operation'];
  params: SimulationInput['params'];
  fingerprint?: string;
  actions: string[];
  resources: string[];
}

/** The fingerprint of a SimulatePrincipalPolicy cell's loaded policies (undefined for SimulateCustomPolicy). */
export const fingerprintOf = (input: SimulationInput): string | undefined => ('fingerprint' in input ? input.fingerprint : undefined);

/** The key of everything a call shares but actions and resources. */
export const groupOf = (operation: string, params: unknown, fingerprint: string | undefined): string =>
  `${operation}\0${canonicalJson(params)}\0${fingerprint ?? ''}`;

function groupKey(input: SimulationInput): string {
  // A ResourcePolicy "must be applicable to all of the resources included in the simulation"
  // (IAM API Reference, API_SimulateCustomPolicy.html, ResourceArns): keep one service per call then.
  const service = 'ResourcePolicy' in input.params && input.params.ResourcePolicy ? (input.resource.split(':')[2] ?? '') : '';
  // "*" is read from the top-level result, so it never shares a call with ARNs.
  const star = input.resource === '*' ? '*' : 'arn';
  return `${groupOf(input.operation, input.params, fingerprintOf(input))}\0${service}\0${star}`;
}

function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A full product of asked cells: every action is asked on every resource. */
interface Tile {
  actions: string[];
  resources: string[];
}

/** One call being filled. Actions are keyed in lower case (action names are case-insensitive). */
class Bin {
  readonly actions = new Map<string, string>();
  readonly resources = new Set<string>();

  /** Whether at most `room` of `items` are missing from `have` (stops at the first one too many). */
  private static within(items: Iterable<string>, have: { has(k: string): boolean }, room: number): boolean {
    const seen = new Set<string>();
    for (const k of items)
      if (!have.has(k) && !seen.has(k)) {
        seen.add(k);
        if (seen.size > room) return false;
      }
    return true;
  }

  private lower(actions: string[]): string[] {
    return actions.map((a) => a.toLowerCase());
  }

  /** Whether the tile can join without breaking the per-call caps. */
  fits(t: Tile): boolean {
    return (
      Bin.within(this.lower(t.actions), this.actions, MAX_ACTIONS_PER_CALL - this.actions.size) &&
      Bin.within(t.resources, this.resources, MAX_RESOURCES_PER_CALL - this.resources.size)
    );
  }

  /** Whether the bin's product already holds every cell of the tile. */
  covers(t: Tile): boolean {
    return Bin.within(this.lower(t.actions), this.actions, 0) && Bin.within(t.resources, this.resources, 0);
  }

  /** Whether no further new action or resource can join. */
  get closed(): boolean {
    return this.actions.size >= MAX_ACTIONS_PER_CALL && this.resources.size >= MAX_RESOURCES_PER_CALL;
  }

  add(t: Tile): void {
    for (const a of t.actions) if (!this.actions.has(a.toLowerCase())) this.actions.set(a.toLowerCase(), a);
    for (const r of t.resources) this.resources.add(r);
  }
}

/**
 * Packs one group's cells into bins. Actions asked on the same resources form a class; a class
 * is cut into tiles of at most 100 x 100 (full products). Tiles go largest first into the first
 * bin they fit whole (first-fit decreasing); a tile of at least 100 cells that fits nowhere opens
 * its own bin; a smaller one is placed cell by cell, each cell into the first bin it fits, a new
 * bin opening only when it fits none.
 *
 * Why at most ceil(N / 100) bins: a cell adds at most one action and one resource to a bin, and a
 * tile of a x r cells at most a <= a·r actions and r <= a·r resources, so a bin never has more
 * actions or resources than cells. A cell fits no bin only when every bin already has 100
 * actions or 100 resources, hence at least 100 cells. So every bin but the last one opened holds
 * at least 100 distinct asked cells.
 */
function packGroup(rows: Map<string, { action: string; resources: Set<string> }>): Bin[] {
  const classes = new Map<string, Tile>();
  for (const row of rows.values()) {
    const rs = [...row.resources].sort();
    const sig = rs.join('\0');
    let c = classes.get(sig);
    if (!c) classes.set(sig, (c = { actions: [], resources: rs }));
    c.actions.push(row.action);
  }
  const tiles: Tile[] = [];
  for (const c of classes.values())
    for (const resources of slices(c.resources, MAX_RESOURCES_PER_CALL))
      for (const actions of slices(c.actions, MAX_ACTIONS_PER_CALL)) tiles.push({ actions, resources });
  // Stable sort: equal sizes keep the order the cells were asked in.
  tiles.sort((a, b) => b.actions.length * b.resources.length - a.actions.length * a.resources.length);

  const bins: Bin[] = [];
  // Bins that can still take a new action or resource; closed bins can only cover.
  let open: Bin[] = [];
  /** Bins holding each action, to find cells some bin's product already covers. */
  const byAction = new Map<string, Bin[]>();
  const place = (bin: Bin, t: Tile) => {
    for (const a of t.actions) {
      const k = a.toLowerCase();
      const list = byAction.get(k) ?? [];
      if (!list.includes(bin)) list.push(bin);
      byAction.set(k, list);
    }
    bin.add(t);
    if (bin.closed) open = open.filter((b) => b !== bin);
  };
  const openBin = () => {
    const b = new Bin();
    bins.push(b);
    open.push(b);
    return b;
  };
  const covered = (t: Tile) => (byAction.get(t.actions[0].toLowerCase()) ?? []).some((b) => b.covers(t));

  for (const tile of tiles) {
    if (covered(tile)) continue;
    const home = open.find((b) => b.fits(tile));
    if (home) place(home, tile);
    else if (tile.actions.length * tile.resources.length >= CELLS_PER_CALL) place(openBin(), tile);
    else
      for (const action of tile.actions)
        for (const resource of tile.resources) {
          const cell = { actions: [action], resources: [resource] };
          if (covered(cell)) continue;
          place(open.find((b) => b.fits(cell)) ?? openBin(), cell);
        }
  }
  return bins;
}

/**
 * Splits cells into calls: within each group at most ceil(N / 100) calls for N distinct cells,
 * each with at most 100 actions and 100 resources (see {@link packGroup}). A group whose actions
 * and resources both fit the caps is one call.
 */
export function planChunks(inputs: SimulationInput[]): Chunk[] {
  const groups = new Map<string, { first: SimulationInput; rows: Map<string, { action: string; resources: Set<string> }> }>();
  for (const input of inputs) {
    const k = groupKey(input);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { first: input, rows: new Map() }));
    const a = input.action.toLowerCase();
    let row = g.rows.get(a);
    if (!row) g.rows.set(a, (row = { action: input.action, resources: new Set() }));
    row.resources.add(input.resource);
  }
  const out: Chunk[] = [];
  for (const { first, rows } of groups.values()) {
    const base = { operation: first.operation, params: first.params, ...('fingerprint' in first ? { fingerprint: first.fingerprint } : {}) };
    for (const bin of packGroup(rows)) out.push({ ...base, actions: [...bin.actions.values()], resources: [...bin.resources] });
  }
  return out;
}
