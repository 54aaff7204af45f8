import { loadScenario, expandCells } from '../../../src/scenario';
test('smoke', () => {
  try {
    const s = loadScenario('/work/main/examples/rekognition-custom-labels/rekognition-custom-labels.iam.yaml');
    const cells = expandCells(s);
    console.log(s.name, cells.length, cells.slice(0,3).map(c=>c.testName), s.warnings);
  } catch (e) { console.log((e as Error).message); }
});
