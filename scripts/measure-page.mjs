// Measures the page's budgets in headless Chromium against the release build in
// target/site (run scripts/build-page first): the first load's size (gzip: the files
// fetched before the first frame; the search's module comes later), time to the first
// drawn frame, main-thread time to draw a 9-node cluster with about 100 messages in
// flight, main-thread time per frame side by side (Raft | 2PC | Paxos, 5 nodes each) at
// full speed, and the counterexample search's speed (bare wasm and in its worker) against native
// `consensus explore` on the same schedules (needs `cargo build --release -p consensus-cli`).
// Prints a JSON summary; figures go in the README. Not a test: it asserts nothing.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { serve, launch, openPage, state, until, SUBPATH } from "../tests/e2e/helpers.mjs";

// SITE=dir measures another build (e.g. the release before) in the same session.
const root = process.env.SITE ?? new URL("../target/site/", import.meta.url).pathname;
const dir = root + SUBPATH.replaceAll("/", "");
const files = readdirSync(dir).map((name) => {
  const bytes = readFileSync(`${dir}/${name}`);
  return { name, raw: statSync(`${dir}/${name}`).size, gzip: gzipSync(bytes, { level: 9 }).length };
});

const server = await serve(root);
const browser = await launch();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The first load: the page (index.html) and every file it began to fetch before its first
// frame. And when the full page had taken over (the loader's mark `taken-over`; a build of
// one module has none: its first frame is the full page's).
const firstFrames = [];
const takenOver = [];
let fetchedFirst = [];
for (let i = 0; i < 7; i++) {
  const page = await openPage(browser, server.base);
  const marks = await page.evaluate(() => {
    const first = performance.getEntriesByName("first-frame")[0].startTime;
    const over = performance.getEntriesByName("taken-over")[0]?.startTime ?? first;
    const fetched = performance.getEntriesByType("resource").filter((r) => r.startTime <= first).map((r) => r.name);
    return { first, over, fetched };
  });
  firstFrames.push(marks.first);
  takenOver.push(marks.over);
  if (i === 0) fetchedFirst = marks.fetched;
  await page.context().close();
}
const firstLoad = files.filter((f) => f.name === "index.html" || fetchedFirst.some((u) => u.endsWith(`/${f.name}`)));
const total = firstLoad.reduce((sum, f) => sum + f.gzip, 0);

// Nine nodes, a leader, then 13 client commands: each makes the leader send eight AppendEntries.
const steps = [{ timeout: 1 }, { stabilize: true }];
for (let i = 0; i < 13; i++) steps.push({ client: { node: 1, command: `set k${i} ${i}` } });
const run = { scenario: { protocol: "raft", nodes: 9, timers: "manual", network: "manual", steps }, cursor: 1e9, time: 0 };
const page = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(run))}`);
const inFlight = (await state(page)).state.in_flight.length;
await page.evaluate(() => window.wasmBindings.measureRender(30));
const frames = [];
for (let i = 0; i < 5; i++) frames.push(await page.evaluate(() => window.wasmBindings.measureRender(100)));

// Side by side at full speed (100×): the comparison story's client workload, then on past its end.
const compare = await openPage(browser, `${server.base}#story=compare-coordinator-crash`);
await compare.locator("#speed").fill("2");
await compare.evaluate(() => window.wasmBindings.measurePlay(20, 1000 / 60));
await compare.locator("#scrub").fill("0");
const sideBySide = [];
for (let i = 0; i < 5; i++) {
  await compare.locator("#scrub").fill("0");
  sideBySide.push(await compare.evaluate(() => window.wasmBindings.measurePlay(60, 1000 / 60)));
}

// The same schedules natively and in the page (correct Raft: every schedule runs to its end).
const SCHEDULES = 1500;
const cli = new URL("../target/release/consensus", import.meta.url).pathname;
const nativeRuns = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  try {
    execFileSync(cli, ["explore", "--schedules", String(SCHEDULES), "--seed", "1", "--nodes", "5", "--threads", "1"], { stdio: "ignore" });
  } catch {}
  nativeRuns.push(performance.now() - t0);
}
const wasmRuns = [];
// The search's own module (what the worker runs), loaded on the main thread here.
await compare.evaluate(async () => {
  const glue = document.querySelector("link[rel=modulepreload]").href;
  window.searchModule = await import(new URL("consensus-search.js", glue).href);
  await window.searchModule.default();
});
for (let i = 0; i < 3; i++) wasmRuns.push(await compare.evaluate((n) => window.searchModule.measureExplore(n, ""), SCHEDULES));
// The search as a user runs it, in its Web Workers (one per core): the same 1,500 schedules
// (correct Raft, 5 nodes, seed 1), timed by the busiest worker's milliseconds.
const searched = { scenario: { version: 1, protocol: "raft", nodes: 5, seed: 1, steps: [] }, cursor: 0, time: 0 };
const hunter = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(searched))}`);
await hunter.click("#hunt");
const hunt = (await until(hunter, (s) => s.hunt && s.hunt.tried >= SCHEDULES, 120000, "1,500 schedules in the workers")).hunt;
await hunter.context().close();
// The same with one worker (the browser told there is one core).
const oneCore = () => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 1 });
const alone = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(searched))}`, { init: oneCore });
await alone.click("#hunt");
const single = (await until(alone, (s) => s.hunt && s.hunt.tried >= SCHEDULES, 120000, "1,500 schedules in one worker")).hunt;
await alone.context().close();
const native = median(nativeRuns), wasm = median(wasmRuns);

await browser.close();
server.stop();
console.log(JSON.stringify({
  files,
  first_load: firstLoad.map((f) => f.name),
  total_gzip_bytes: total,
  first_frame_ms_median: Math.round(median(firstFrames)),
  full_page_taken_over_ms_median: Math.round(median(takenOver)),
  render_9_nodes: { messages_in_flight: inFlight, ms_per_frame_median: Number(median(frames).toFixed(3)) },
  side_by_side_3x5_full_speed: { ms_per_frame_median: Number(median(sideBySide).toFixed(3)), runs: sideBySide.map((x) => Number(x.toFixed(3))) },
  explore: {
    schedules: SCHEDULES,
    native_ms: Math.round(native),
    page_wasm_ms: Math.round(wasm),
    page_over_native_speed: Number((native / wasm).toFixed(2)),
    workers: {
      in_worker: hunt.in_worker,
      workers: hunt.workers,
      tried: hunt.tried,
      busy_ms: Math.round(hunt.busy_ms),
      schedules_per_s: Math.round(hunt.tried / (hunt.busy_ms / 1000)),
      // Against one native thread: all the workers together, and one of them.
      over_native_speed: Number((hunt.tried / hunt.busy_ms / (SCHEDULES / native)).toFixed(2)),
      one_worker_over_native_speed: Number((hunt.tried / hunt.workers / hunt.busy_ms / (SCHEDULES / native)).toFixed(2)),
    },
    one_worker: {
      workers: single.workers,
      tried: single.tried,
      busy_ms: Math.round(single.busy_ms),
      over_native_speed: Number((single.tried / single.busy_ms / (SCHEDULES / native)).toFixed(2)),
    },
    native_schedules_per_s: Math.round(SCHEDULES / (native / 1000)),
  },
}, null, 2));
