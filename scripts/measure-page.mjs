// Measures the page's budgets in headless Chromium against the release build in
// target/site (run scripts/build-page first): download size (gzip), time to the first
// drawn frame, and main-thread time to draw a 9-node cluster with about 100 messages in
// flight. Prints a JSON summary; figures go in the README. Not a test: it asserts nothing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { serve, launch, openPage, state, SUBPATH } from "../tests/e2e/helpers.mjs";

const root = new URL("../target/site/", import.meta.url).pathname;
const dir = root + SUBPATH.replaceAll("/", "");
const files = readdirSync(dir).map((name) => {
  const bytes = readFileSync(`${dir}/${name}`);
  return { name, raw: statSync(`${dir}/${name}`).size, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = files.reduce((sum, f) => sum + f.gzip, 0);

const server = await serve(root);
const browser = await launch();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const firstFrames = [];
for (let i = 0; i < 7; i++) {
  const page = await openPage(browser, server.base);
  firstFrames.push(await page.evaluate(() => performance.getEntriesByName("first-frame")[0].startTime));
  await page.context().close();
}

// Nine nodes, a leader, then 13 client commands: each makes the leader send eight AppendEntries.
const steps = [{ timeout: 1 }, { stabilize: true }];
for (let i = 0; i < 13; i++) steps.push({ client: { node: 1, command: `set k${i} ${i}` } });
const run = { scenario: { protocol: "raft", nodes: 9, timers: "manual", network: "manual", steps }, cursor: 1e9, time: 0 };
const page = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(run))}`);
const inFlight = (await state(page)).state.in_flight.length;
await page.evaluate(() => window.wasmBindings.measureRender(30));
const frames = [];
for (let i = 0; i < 5; i++) frames.push(await page.evaluate(() => window.wasmBindings.measureRender(100)));

await browser.close();
server.stop();
console.log(JSON.stringify({
  files,
  total_gzip_bytes: total,
  first_frame_ms_median: Math.round(median(firstFrames)),
  render_9_nodes: { messages_in_flight: inFlight, ms_per_frame_median: Number(median(frames).toFixed(3)) },
}, null, 2));
