// Runs the cache-tests suite's client in the private (browser) selection
// against BASE, and prints one JSON line per test: its id, kind and the
// result the suite's own determineTestResult gives it.
//
//   node client.mjs SUITE_DIR BASE
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [suite, base] = process.argv.slice(2)
const load = name => import(pathToFileURL(path.join(suite, name)).href)

const { runTests, getResults } = await load('test-engine/client/runner.mjs')
const { determineTestResult, resultTypes } = await load('test-engine/lib/results.mjs')
const tests = (await load('tests/index.mjs')).default

await runTests(tests, true, base)
const results = getResults()

for (const suiteDef of tests) {
  for (const test of suiteDef.tests) {
    if (!(test.id in results)) continue
    const result = determineTestResult(tests, test.id, results)
    const name = Object.keys(resultTypes).find(k => resultTypes[k] === result) || 'unknown'
    const raw = results[test.id]
    console.log(JSON.stringify({
      id: test.id,
      kind: test.kind || 'required',
      result: name,
      detail: raw === true ? '' : String(raw)
    }))
  }
}
