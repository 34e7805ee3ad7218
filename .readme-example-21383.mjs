// save as compare.mjs in the repository root, then: node compare.mjs
import { loadScenario, runBatch } from 'c2sim';

const report = runBatch({ scenario: loadScenario('nk-irbm-overflight'), runs: 300, seed: 42 });
for (const d of report.decisions) {
  const p = d.paired[0];
  const diff = p.meanDifference_s === null ? 'n/a' : `${Math.round(p.meanDifference_s)} s`;
  console.log(`${d.decision.padEnd(20)} jfhq − legacy ${diff.padStart(7)}  ${p.verdict}`);
}
