import type { ServiceCatalog } from '../catalog';
import { closure, freshChar, globPattern, MAX_PRODUCT_STATES, ProofUnknown, step, type PatternToken } from './string-automaton';

/**
 * Actions the service reference does not list (new ones, or services it does not know) are
 * still requests AWS may receive, and `s3:*`, `*` or a `NotAction` statement reach them
 * (reference_policies_elements_action.md: wildcards match every action of the service, and
 * NotAction "matches everything except the specified list"). evaluate() reads such an action only
 * through the Action / NotAction patterns (compared without case) and through its service
 * prefix (the per-service rules; every rule naming single actions names listed ones). So the
 * unlisted actions fall into finitely many classes: per service prefix (each listed service,
 * and one class for every prefix the reference does not list), the Venn cells of the patterns.
 * This module gives one unlisted action per non-empty class, found by a breadth-first walk of
 * the product of the patterns' automata with a trie of the listed names (so a witness is never
 * a listed action), over the characters a request action may hold (request/access-request.ts:
 * `[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+`, lower-cased; the fresh character stands for the others).
 */

const SERVICE_CHARS = /^[a-z0-9-]$/;
const ACTION_CHARS = /^[a-z0-9*?_-]$/;
const VALID = /^[a-z0-9-]+:[a-z0-9*?_-]+$/;

/** A trie over lower-case strings; `terminal[n]`: a listed string ends at node n. */
interface Trie {
  next: Map<string, number>[];
  terminal: boolean[];
}

function trieOf(words: Iterable<string>): Trie {
  const t: Trie = { next: [new Map()], terminal: [false] };
  for (const w of words) {
    let n = 0;
    for (const ch of w) {
      let m = t.next[n].get(ch);
      if (m === undefined) {
        m = t.next.length;
        t.next.push(new Map());
        t.terminal.push(false);
        t.next[n].set(ch, m);
      }
      n = m;
    }
    t.terminal[n] = true;
  }
  return t;
}

/** Off the trie: the string is not listed (absorbing). */
const OFF = -1;
/** The service part is a listed service: the string belongs to that service's own class (absorbing, never a witness here). */
const LISTED_SERVICE = -2;

const serviceTries = new WeakMap<ServiceCatalog, Trie>();
const actionTries = new WeakMap<ServiceCatalog, Map<string, Trie>>();

function serviceTrie(catalog: ServiceCatalog): Trie {
  let t = serviceTries.get(catalog);
  if (!t) serviceTries.set(catalog, (t = trieOf(catalog.allServices().map((s) => s.toLowerCase()))));
  return t;
}

function actionTrie(catalog: ServiceCatalog, service: string): Trie {
  let m = actionTries.get(catalog);
  if (!m) actionTries.set(catalog, (m = new Map()));
  let t = m.get(service);
  if (!t) m.set(service, (t = trieOf(catalog.actionsOf(service).map((a) => `${service}:${a.name}`.toLowerCase()))));
  return t;
}

/**
 * One witness per class of unlisted actions within `service` (a listed prefix) or, for
 * `undefined`, within every prefix the reference does not list; only classes some `wanted`
 * pattern matches. Patterns are lower-cased globs over the whole action.
 */
function witnessesIn(patterns: PatternToken[][], wanted: boolean[], service: string | undefined, catalog: ServiceCatalog, unlistedService = false): string[] {
  const trie = service === undefined ? serviceTrie(catalog) : unlistedService ? trieOf([`${service}:`]) : actionTrie(catalog, service);
  const literals = new Set<string>();
  for (const p of patterns) for (const t of p) if (t.kind === 'char') literals.add(t.ch);
  if (service !== undefined) for (const ch of service) literals.add(ch);
  const alphabet = [...[...literals].filter((c) => SERVICE_CHARS.test(c) || ACTION_CHARS.test(c)), ':', freshChar(new Set([...literals, ':']))];
  // Trie walk. For a listed service the trie holds its actions; for the others, service names,
  // where `:` after a listed name leaves this class.
  const trieStep = (node: number, ch: string): number => {
    if (node < 0) return node;
    if (service === undefined && ch === ':') return trie.terminal[node] ? LISTED_SERVICE : OFF;
    return trie.next[node].get(ch) ?? OFF;
  };
  const unlisted = (node: number) => node === OFF || (node >= 0 && (service === undefined ? false : !trie.terminal[node]));
  const found = new Map<string, string>();
  const seen = new Set<string>();
  // phase: 0 in the service part, 1 just after `:`, 2 in a non-empty action part (the shape's states).
  type State = { pos: number[][]; node: number; phase: 0 | 1 | 2; witness: string };
  const start: State = { pos: patterns.map((p) => closure(p, [0])), node: 0, phase: 0, witness: '' };
  const queue: State[] = [start];
  const keyOf = (s: State) => `${s.node}|${s.phase}|${s.pos.map((x) => x.join(',')).join('|')}`;
  seen.add(keyOf(start));
  const prefix = service === undefined ? undefined : `${service}:`;
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    if (s.phase === 2 && VALID.test(s.witness) && unlisted(s.node) && (prefix === undefined || s.witness.startsWith(prefix))) {
      const matches = patterns.map((p, i) => s.pos[i].includes(p.length));
      if (matches.some((m, i) => m && wanted[i])) {
        const sig = matches.map((m) => (m ? '1' : '0')).join('');
        if (!found.has(sig)) found.set(sig, s.witness);
      }
    }
    // Nothing below a listed service, nor below a state where every wanted pattern has died, is a witness.
    if (s.node === LISTED_SERVICE || !s.pos.some((x, i) => wanted[i] && x.length > 0)) continue;
    for (const ch of alphabet) {
      // The shape: one `:`, service characters before it, action characters after it, and the service's prefix.
      if (ch === ':' ? s.phase > 0 || s.witness === '' : s.phase > 0 ? !ACTION_CHARS.test(ch) : !SERVICE_CHARS.test(ch)) continue;
      const witness = s.witness + ch;
      if (prefix !== undefined && witness.length <= prefix.length && !prefix.startsWith(witness)) continue;
      const next: State = {
        pos: patterns.map((p, i) => step(p, s.pos[i], ch)),
        node: trieStep(s.node, ch),
        phase: ch === ':' ? 1 : s.phase === 0 ? 0 : 2,
        witness,
      };
      const k = keyOf(next);
      if (seen.has(k)) continue;
      seen.add(k);
      if (seen.size > MAX_PRODUCT_STATES)
        throw new ProofUnknown(
          `the actions the service reference does not list${service ? ` for ${service}` : ''}: more than ${MAX_PRODUCT_STATES} automaton states`,
        );
      queue.push(next);
    }
  }
  return [...found.values()];
}

/** A service name no pattern can name literally (it holds no character a request service may hold apart from letters). */
const GENERIC = 'jestiamgenericservice';

/** Whether a glob is still alive after reading `service:`. */
function mayStart(p: PatternToken[], service: string): boolean {
  let pos = closure(p, [0]);
  for (const ch of `${service}:`) {
    pos = step(p, pos, ch);
    if (!pos.length) return false;
  }
  return true;
}

/** Whether a lower-cased glob may match an action of `service` the reference does not list. */
function mayReach(p: PatternToken[], service: string): boolean {
  // Walk the service prefix; the pattern must still be alive with a wildcard ahead or a `?`.
  let pos = closure(p, [0]);
  for (const ch of `${service}:`) {
    pos = step(p, pos, ch);
    if (!pos.length) return false;
  }
  return pos.some((i) => i < p.length && p.slice(i).some((t) => t.kind !== 'char'));
}

/**
 * One representative per class of actions the service reference does not list that some
 * `wanted` pattern matches, every Action / NotAction pattern of the policies (`policyPatterns`)
 * cutting the classes. Patterns are as written (`s3:Get*`); they are compared without case.
 */
export function unlistedActionClasses(wantedPatterns: readonly string[], policyPatterns: readonly string[], catalog: ServiceCatalog): string[] {
  // A pattern without wildcards names one action: a listed one never matches an unlisted action, so it cuts nothing.
  const isListed = (t: string) => {
    const i = t.indexOf(':');
    return i > 0 && catalog.serviceExists(t.slice(0, i)) && catalog.actionsOf(t.slice(0, i)).some((a) => a.name.toLowerCase() === t.slice(i + 1));
  };
  const texts = [...new Set([...wantedPatterns, ...policyPatterns].map((p) => p.toLowerCase()))].filter((t) => /[*?]/.test(t) || !isListed(t));
  const wantedSet = new Set(wantedPatterns.map((p) => p.toLowerCase()));
  // Only patterns with a wildcard reach unlisted names other than themselves; literal ones name one string each.
  const tokens = texts.map((t) => {
    const g = globPattern(t, true);
    return g.kind === 'tokens' ? g.tokens : [];
  });
  const wanted = texts.map((t) => wantedSet.has(t));
  const out: string[] = [];
  // A pattern whose service part is exactly `*` (or the whole pattern `*`) reads an action
  // `s:rest` the same way for every service s (its `*` cannot swallow the `:` of a valid
  // action); one with a literal service part reads only that service. Services that only such
  // patterns reach share their classes: computed once, then each service takes the generic
  // witness unless it is one of its listed actions (then its own walk decides).
  const generic = texts.map((t) => t === '*' || t.startsWith('*:'));
  // Within one service, the patterns that cannot match any of its actions are false throughout: left out.
  const restricted = (service: string, f: (ts: PatternToken[][], ws: boolean[]) => string[]) => {
    const keep = tokens.map((p) => mayStart(p, service));
    return f(
      tokens.filter((_, i) => keep[i]),
      wanted.filter((_, i) => keep[i]),
    );
  };
  const literalService = texts.map((t) => (t.includes(':') && !/[*?]/.test(t.slice(0, t.indexOf(':'))) ? t.slice(0, t.indexOf(':')) : undefined));
  let genericWitnesses: string[] | undefined;
  for (const s of catalog.allServices()) {
    const service = s.toLowerCase();
    if (!tokens.some((p, i) => wanted[i] && mayReach(p, service))) continue;
    const own = tokens.some((p, i) => literalService[i] === service || (!generic[i] && literalService[i] === undefined && mayStart(p, service)));
    if (own) {
      out.push(...restricted(service, (ts, ws) => witnessesIn(ts, ws, service, catalog)));
      continue;
    }
    genericWitnesses ??= restricted(GENERIC, (ts, ws) => witnessesIn(ts, ws, GENERIC, catalog, true)).map((w) => w.slice(GENERIC.length + 1));
    const names = new Set(catalog.actionsOf(s).map((a) => a.name.toLowerCase()));
    if (genericWitnesses.some((w) => names.has(w))) out.push(...restricted(service, (ts, ws) => witnessesIn(ts, ws, service, catalog)));
    else out.push(...genericWitnesses.map((w) => `${service}:${w}`));
  }
  // Unlisted services: patterns whose service part names a listed service are false there.
  const keep = texts.map((t) => {
    const i = t.indexOf(':');
    return !(i > 0 && !/[*?]/.test(t.slice(0, i)) && catalog.serviceExists(t.slice(0, i)));
  });
  out.push(
    ...witnessesIn(
      tokens.filter((_, i) => keep[i]),
      wanted.filter((_, i) => keep[i]),
      undefined,
      catalog,
    ),
  );
  return out;
}
