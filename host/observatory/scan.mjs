// Grades the TLS host on loopback with the MDN HTTP Observatory's own tests and scoring.
// The package's scan() cannot take ports, so this repeats its scoring around retrieve(),
// which can (see /work/shared/docs/security.md §3). Usage: node scan.mjs HTTP_PORT HTTPS_PORT [PATH]
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS, NUM_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import { getGradeForScore, getScoreDescription, getScoreModifier } from "@mdn/mdn-http-observatory/src/grader/grader.js";

const [httpPort, httpsPort, path = "/"] = process.argv.slice(2);
const r = await retrieve("localhost", { httpPort, httpsPort, path });
if (!r.responses.auto) throw new Error("the host did not answer");
let passed = 0, withCredit = 100, uncurved = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const res = test(r);
  if (res.result) {
    res.scoreModifier = getScoreModifier(res.result);
    passed += res.pass ? 1 : 0;
    withCredit += res.scoreModifier;
    if (res.scoreModifier < 0) uncurved += res.scoreModifier;
  }
  tests[res.constructor.name] = { result: res.result, pass: res.pass, modifier: res.scoreModifier, description: getScoreDescription(res.result) };
}
const final = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withCredit : uncurved);
console.log(JSON.stringify({ path, status: r.responses.auto.status, grade: final.grade, score: final.score, passed, of: NUM_TESTS, tests }, null, 2));
