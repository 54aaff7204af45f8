/**
 * Who may do what with Amazon Rekognition Custom Labels, written with the jest-iam matchers.
 * The claims come from two AWS pages (copies in shared/seeds): "Security" in the Rekognition
 * Custom Labels Guide, and "How Amazon Rekognition works with IAM" in the Rekognition
 * Developer Guide. The same matrix, as data, is in rekognition-custom-labels.iam.yaml.
 */
import * as path from 'node:path';
import { evaluate, explainDecision, policySet } from 'jest-iam';

const policy = (file: string) => path.join(__dirname, 'policies', file);

const account = '111122223333';
const rekognition = `arn:aws:rekognition:us-east-1:${account}`;
// ARN formats from the "Security" page: project/<name>/<datetime> and
// project/<name>/version/<name>/<datetime>.
const project = `${rekognition}:project/MyProject/1690000000000`;
const model = `${rekognition}:project/MyProject/version/MyVersion/1690000000001`;
const model2 = `${rekognition}:project/MyProject/version/MyVersion2/1690000000002`;
const projectX = `${rekognition}:project/MyProjectX/1690000000003`;
const modelX = `${rekognition}:project/MyProjectX/version/MyVersion/1690000000004`;
const sampleProject = `${rekognition}:project/SampleProject/1690000000005`;
const otherProject = `${rekognition}:project/OtherProject/1690000000006`;
const modelInOtherRegion = `arn:aws:rekognition:eu-west-1:${account}:project/MyProject/version/MyVersion/1690000000001`;
const modelInOtherAccount = 'arn:aws:rekognition:us-east-1:444455556666:project/MyProject/version/MyVersion/1690000000001';

// Every request names a resource of a type its action acts on, per the Service Authorization
// Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrekognition.html,
// column "Resource types"); jest-iam fails an assertion that asks anything else.
/** Actions on a model (project version ARN). */
const startStopDetect = ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion', 'rekognition:DetectCustomLabels'];
/** Actions on a project (project ARN). */
const onProject = ['rekognition:DescribeProjectVersions', 'rekognition:CreateProjectVersion'];

describe('Security page, example policy: the model manager', () => {
  const manager = policySet({ identity: [policy('project-model-manager.json')] });
  const managerRole = `arn:aws:iam::${account}:role/ModelManager`;

  // DescribeProjects has no resource types: it is always asked on "*", i.e. every project.
  test('statement AllResources: describes every project', () => {
    expect(manager).toAllow('rekognition:DescribeProjects', '*');
  });

  test('statement SpecificProjectVersion: starts, stops and uses MyVersion of MyProject, in any region', () => {
    expect(manager).toAllow(startStopDetect, [model, modelInOtherRegion]);
  });

  test('statement SpecificProjectVersion: "MyVersion/*" does not reach the version MyVersion2', () => {
    expect(manager).toImplicitlyDeny(startStopDetect, model2);
  });

  test('statement SpecificProject: "MyProject/*" does not reach the project MyProjectX', () => {
    expect(manager).toImplicitlyDeny(onProject, projectX);
    expect(manager).toImplicitlyDeny(startStopDetect, modelX);
  });

  // CreateProjectVersion acts on the project, so SpecificProject grants it; its listing in
  // SpecificProjectVersion (on a model ARN) never matters.
  test("statement SpecificProject: describes MyProject's versions and creates new ones", () => {
    expect(manager).toAllow(onProject, project);
  });

  // The Service Authorization Reference lists rekognition:CreateProject with no resource types:
  // "If there is no value for this column, you must specify all resources ("*")". A real request
  // is therefore authorized against "*", which SpecificProject's "project/MyProject/*" does not
  // match, and ExplicitDenyCreateProject ("project/SampleProject/*") never applies. The seed page
  // (https://docs.aws.amazon.com/rekognition/latest/customlabels-dg/sc-introduction.html) claims
  // otherwise; seed-page-claims.iam.yaml states its claims as written.
  test('CreateProject takes only "*" (Service Authorization Reference): the model manager cannot create any project', () => {
    expect(manager).toImplicitlyDeny('rekognition:CreateProject', '*');
    expect(manager).not.toExplicitlyDeny('rekognition:CreateProject', '*');
  });

  test('CreateProject on a project ARN is a request AWS never makes: the matcher fails the assertion', () => {
    expect(() => expect(manager).toExplicitlyDeny('rekognition:CreateProject', sampleProject)).toThrow(/does not support resource-level permissions/);
  });

  test("with wildcardOnlyResource: 'warning', the seed page's claim holds as written: ExplicitDenyCreateProject denies SampleProject", () => {
    // The finding is printed once as a warning on stderr instead of failing the assertion.
    expect(manager).toExplicitlyDeny('rekognition:CreateProject', sampleProject, { validation: { wildcardOnlyResource: 'warning' } });
  });

  test('the Deny names CreateProject only: other actions on SampleProject are merely not allowed', () => {
    expect(manager).toImplicitlyDeny(onProject, sampleProject);
    expect(manager).not.toExplicitlyDeny(onProject, sampleProject);
  });

  test('a project no statement names is denied implicitly, not explicitly', () => {
    expect(manager).toImplicitlyDeny(onProject, otherProject);
    expect(manager).not.toExplicitlyDeny(onProject, otherProject);
  });

  test('actions the policy does not name are not allowed', () => {
    expect(manager).not.toAllow('rekognition:DeleteProject', [project, otherProject]);
    expect(manager).not.toAllow('rekognition:DeleteProjectVersion', [model, model2]);
    expect(manager).toImplicitlyDeny('rekognition:DeleteProject', project);
  });

  // IAM User Guide, reference_policies_evaluation-logic-cross-account.md: across accounts the
  // resource's account must allow too (Rekognition takes resource-based policies only for model
  // copy), so the "*" account in the policy's ARNs does not open other accounts' models.
  test('a model in another account is denied to the role although the ARN pattern has "*" for the account', () => {
    expect(manager).toImplicitlyDeny('rekognition:DetectCustomLabels', modelInOtherAccount, { principal: managerRole });
    expect(manager).toAllow('rekognition:DetectCustomLabels', model, { principal: managerRole });
  });

  // evaluate() decides the request it is given and does not consult the service reference, so it
  // can explain the page's text-level claim (the matchers and scenario files check the request first).
  test('explains an explicit deny: the deciding statement and where it is in the file', () => {
    const decision = evaluate(manager, { action: 'rekognition:CreateProject', resource: sampleProject, principal: managerRole });
    expect(decision.result).toBe('ExplicitDeny');
    expect(decision.deciding.map((t) => t.statement.sid)).toEqual(['ExplicitDenyCreateProject']);
    const explanation = explainDecision(decision);
    expect(explanation).toContain('Decision: explicit Deny');
    expect(explanation).toContain('statement ExplicitDenyCreateProject');
    // The statement's opening brace: line 31, column 5 of the pretty-printed policy file.
    expect(explanation).toMatch(/policies[\\/]project-model-manager\.json:31:5\b/);
  });

  test('explains an implicit deny: the closest statement and the Resource that did not match', () => {
    const decision = evaluate(manager, { action: 'rekognition:DetectCustomLabels', resource: model2 });
    expect(decision.result).toBe('ImplicitDeny');
    const explanation = explainDecision(decision);
    expect(explanation).toContain('Decision: implicit Deny');
    expect(explanation).toContain('statement SpecificProjectVersion');
    // The Resource element of SpecificProjectVersion is on line 19, column 7.
    expect(explanation).toMatch(/Resource: .*project-model-manager\.json:19:7\b/);
  });
});

describe('Security page, "Securing DetectCustomLabels": the inference client', () => {
  const client = policy('detect-custom-labels-only.json');

  test('uses the one model for inference, in any region', () => {
    expect(client).toAllow('rekognition:DetectCustomLabels', [model, modelInOtherRegion]);
  });

  test('no other model', () => {
    expect(client).toImplicitlyDeny('rekognition:DetectCustomLabels', [model2, modelX]);
  });

  test('"doesn\'t have access to any of the other Amazon Rekognition operations"', () => {
    expect(client).not.toAllow(['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion', 'rekognition:DeleteProjectVersion'], model);
    expect(client).not.toAllow([...onProject, 'rekognition:DeleteProject'], project);
    expect(client).toDeny(['rekognition:DescribeProjects', 'rekognition:CreateProject', 'rekognition:DetectLabels'], '*');
  });
});

describe('Security page, AWS managed policy AmazonRekognitionCustomLabelsFullAccess', () => {
  // The page's JSON lacks a comma; policies/README.md says what was corrected.
  const admin = policySet({ identity: policy('AmazonRekognitionCustomLabelsFullAccess.json') });

  const tagging = ['rekognition:TagResource', 'rekognition:UntagResource', 'rekognition:ListTagsForResource'];

  test('full access to the Custom Labels API, on every project and model', () => {
    // The actions that take only "*" (Service Authorization Reference: no resource types).
    expect(admin).toAllow(['rekognition:CreateProject', 'rekognition:DescribeProjects'], '*');
    expect(admin).toAllow([...onProject, 'rekognition:DeleteProject', ...tagging], [project, sampleProject, projectX]);
    expect(admin).toAllow([...startStopDetect, 'rekognition:DeleteProjectVersion', ...tagging], [model, model2, modelX]);
  });

  test('other Rekognition actions are not part of it', () => {
    expect(admin).toImplicitlyDeny('rekognition:DetectLabels', '*');
    expect(admin).toImplicitlyDeny('rekognition:CopyProjectVersion', model);
    expect(admin).toImplicitlyDeny('rekognition:PutProjectPolicy', project);
  });

  test('S3 access to buckets whose name contains "custom-labels"', () => {
    const consoleBucket = 'arn:aws:s3:::custom-labels-console-us-east-1-a1b2c3d4e5';
    expect(admin).toAllow(['s3:ListBucket', 's3:GetBucketAcl', 's3:GetBucketLocation'], consoleBucket);
    expect(admin).toAllow(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], `${consoleBucket}/assets/MyProject/manifest.json`);
    expect(admin).not.toAllow('s3:DeleteObject', `${consoleBucket}/assets/MyProject/manifest.json`);
  });

  // Service Authorization Reference, Amazon S3
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
  // ListAllMyBuckets has no resource types, so it is asked on "*", which the policy's Resource
  // "arn:aws:s3:::*custom-labels*" does not match.
  test('s3:ListAllMyBuckets, listed under a bucket-name Resource, is never granted', () => {
    expect(admin).toImplicitlyDeny('s3:ListAllMyBuckets', '*');
  });

  test('no S3 access to buckets whose name lacks "custom-labels"', () => {
    expect(admin).toImplicitlyDeny(['s3:ListBucket', 's3:GetBucketLocation'], 'arn:aws:s3:::Tests3bucket');
    expect(admin).toImplicitlyDeny(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::Tests3bucket/images/cat.jpg');
  });

  // IAM User Guide, reference_policies_elements_resource.md: "*" is any combination of
  // characters, so "*custom-labels*" also matches an object key in any bucket.
  test('"arn:aws:s3:::*custom-labels*" also covers objects whose key, not bucket, has "custom-labels"', () => {
    expect(admin).toAllow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::OtherBucket/custom-labels/cat.jpg');
  });
});

describe('How Amazon Rekognition works with IAM: reading images from Tests3bucket', () => {
  const reader = policy('s3-images-read.json');
  const object = 'arn:aws:s3:::Tests3bucket/images/cat.jpg';

  test('reads the objects of Tests3bucket, versioned or not', () => {
    expect(reader).toAllow(['s3:GetObject', 's3:GetObjectVersion'], [object, 'arn:aws:s3:::Tests3bucket/training/cats/0001.jpg']);
  });

  test('"Tests3bucket/*" names the objects, not the bucket', () => {
    expect(reader).toImplicitlyDeny(['s3:ListBucket', 's3:GetBucketLocation'], 'arn:aws:s3:::Tests3bucket');
    // An object action on the bucket ARN is a request AWS never makes: the matcher rejects it.
    expect(() => expect(reader).toImplicitlyDeny('s3:GetObject', 'arn:aws:s3:::Tests3bucket')).toThrow(
      /s3:GetObject acts on .*object.*arn:aws:s3:::Tests3bucket is a bucket/,
    );
  });

  test('not another bucket, nor one whose name only starts with Tests3bucket', () => {
    expect(reader).toImplicitlyDeny('s3:GetObject', ['arn:aws:s3:::OtherBucket/images/cat.jpg', 'arn:aws:s3:::Tests3bucket-backup/images/cat.jpg']);
  });

  test('reads only: no writing, deleting, or Rekognition calls', () => {
    expect(reader).not.toAllow(['s3:PutObject', 's3:DeleteObject'], object);
    expect(reader).toImplicitlyDeny('rekognition:DetectCustomLabels', model);
  });

  test('with the model manager policy too, the identity can read images and run the model', () => {
    const both = policySet({ identity: [policy('project-model-manager.json'), reader] });
    expect(both).toAllow('s3:GetObject', object);
    expect(both).toAllow('rekognition:DetectCustomLabels', model);
    expect(both).toImplicitlyDeny('rekognition:CreateProject', '*');
  });
});
