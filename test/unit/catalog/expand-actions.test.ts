import { candidateServices, expandActionPattern, MAX_WILDCARD_SERVICES } from '../../../src/catalog/expand-actions';
import { CatalogError, ServiceCatalog } from '../../../src/catalog/service-catalog';

// IAM User Guide, reference_policies_elements_action.md: wildcards (* and ?) may appear anywhere
// in an action, and prefix and name are case-insensitive.
describe('expanding an action pattern into real actions (reference_policies_elements_action.md)', () => {
  test('rekognition:Describe* gives every Describe action, canonically spelt and sorted', () => {
    const actions = expandActionPattern('rekognition:Describe*');
    expect(actions).toEqual(expect.arrayContaining(['rekognition:DescribeProjects', 'rekognition:DescribeProjectVersions', 'rekognition:DescribeCollection']));
    expect(actions.every((a) => a.startsWith('rekognition:Describe'))).toBe(true);
    expect(actions).toEqual([...actions].sort());
    expect(actions).not.toContain('rekognition:DetectCustomLabels');
  });

  test('the pattern is case-insensitive and ? matches one character', () => {
    expect(expandActionPattern('REKOGNITION:describeprojects')).toEqual(['rekognition:DescribeProjects']);
    expect(expandActionPattern('kms:?ecrypt')).toEqual(['kms:Decrypt']);
  });

  test('a pattern that matches nothing gives an empty list', () => {
    expect(expandActionPattern('rekognition:Frobnicate*')).toEqual([]);
    expect(expandActionPattern('nosuchservice:Get*')).toEqual([]);
  });

  test('a wildcard in the service prefix spans the few services it matches', () => {
    expect(expandActionPattern('s3*:GetObject')).toEqual(expect.arrayContaining(['s3:GetObject', 's3-object-lambda:GetObject']));
    expect(candidateServices('s3*:GetObject')).toEqual(expect.arrayContaining(['s3', 's3express']));
    expect(expandActionPattern('s3?GetObject')).toEqual(['s3:GetObject']);
  });

  test('a wildcard over too many services is refused with a message asking for a prefix', () => {
    expect(() => expandActionPattern('*:Get*')).toThrow(CatalogError);
    expect(() => expandActionPattern('*:Get*')).toThrow(
      `give a service prefix (for example "s3:Get*") so that at most ${MAX_WILDCARD_SERVICES} services need to be read`,
    );
    expect(() => expandActionPattern('*')).toThrow(/spans \d+ services/);
  });

  test('expanding one service reads only that service', () => {
    const catalog = new ServiceCatalog();
    expandActionPattern('kms:Get*', catalog);
    expect(catalog.loadedServices()).toEqual(['kms']);
  });
});
