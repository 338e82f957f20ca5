// Soak benchmark: plays the page's default cluster (five Raft nodes, no client load) at the
// fastest speed (100×, 1.67 virtual seconds a frame) for HOURS virtual hours in headless
// Chromium against the release build in target/site (run scripts/build-page first), and
// reports, after every virtual hour, the WebAssembly memory (its high-water mark: wasm
// memory never shrinks), the JS heap and the main-thread milliseconds per frame
// (simulation and drawing). At the end it scrubs back to the start and reports what the
// event log shows there, and how long scrubbing takes. Prints a table, then a JSON summary; figures go in the README.
// Not a test: it asserts nothing.
//
//   node scripts/soak-page.mjs [HOURS=50]
// SITE=dir measures another build (e.g. an older release) instead of target/site;
// FRAGMENT=... opens another run (e.g. "run=..." for a side-by-side comparison).
import { serve, launch, openPage, state } from "../tests/e2e/helpers.mjs";

const HOURS = Number(process.argv[2] ?? 50);
const FRAME_MS = 1000 / 60;
const root = process.env.SITE ?? new URL("../target/site/", import.meta.url).pathname;

const server = await serve(root);
const browser = await launch();
const page = await openPage(browser, server.base + (process.env.FRAGMENT ? `#${process.env.FRAGMENT}` : ""));
await page.locator("#speed").fill("2");

const sample = async (hour, msPerFrame) => {
  const s = await state(page);
  const wasm = await page.evaluate(() => window.wasmBindings.wasmMemoryBytes());
  const js = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  return {
    virtual_hours: Number((s.time / 3_600_000).toFixed(2)),
    virtual_ms: s.time,
    moments: s.position,
    wasm_mb: Number((wasm / 2 ** 20).toFixed(1)),
    js_heap_mb: Number((js / 2 ** 20).toFixed(1)),
    ms_per_frame: Number(msPerFrame.toFixed(3)),
    diagram_arrows: s.diagram.arrows,
  };
};

const rows = [await sample(0, 0)];
console.log("virtual h | wasm MB | JS heap MB | ms/frame | moments");
const started = performance.now();
for (let hour = 1; hour <= HOURS; hour++) {
  const target = hour * 3_600_000;
  const perFrame = [];
  while ((await state(page)).time < target) {
    // 600 frames: about 17 virtual minutes, played and drawn as the page does.
    perFrame.push(await page.evaluate((ms) => window.wasmBindings.measurePlay(600, ms), FRAME_MS));
  }
  const mean = perFrame.reduce((a, b) => a + b, 0) / Math.max(1, perFrame.length);
  const row = await sample(hour, mean);
  rows.push(row);
  console.log(`${String(row.virtual_hours).padStart(9)} | ${String(row.wasm_mb).padStart(7)} | ${String(row.js_heap_mb).padStart(10)} | ${String(row.ms_per_frame).padStart(8)} | ${row.moments}`);
}
const wall_s = Math.round((performance.now() - started) / 1000);

// Scrub back to the start, to the middle and to the end again: how long each takes (the
// run replays from its nearest checkpoint) and what the event log shows at the start.
const scrubTo = async (moment) => {
  const t0 = performance.now();
  await page.locator("#scrub").fill(String(moment));
  const s = await state(page);
  return { moment: s.position, wall_ms: Math.round(performance.now() - t0) };
};
const end = (await state(page)).position;
const scrubs = [await scrubTo(40)];
const events = await page.locator("#events li").allTextContents();
scrubs.push(await scrubTo(Math.floor(end / 2)), await scrubTo(end));
const scrub_back = { scrubs, event_log_lines_at_40: events.length, first_line: events[0] ?? null };
await browser.close();
server.stop();
console.log(JSON.stringify({ hours: HOURS, wall_s, rows, scrub_back }, null, 1));
