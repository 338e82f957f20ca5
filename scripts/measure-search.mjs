// Measures the page's counterexample search as a reader meets it: for seeds 1–10, the default
// 5-node cluster with one bug switch on, "Find a counterexample" clicked, and the time until
// the counterexample is loaded as a tour (real time from the click, and the busiest worker's
// time), with the schedules tried and the tour's stops. Needs scripts/build-page first.
// Usage: node scripts/measure-search.mjs [BUG [PROTOCOL]] (default: the Figure 8 switch on
// Raft). Prints one JSON line per seed. Not a test: it asserts nothing.
import { serve, launch, openPage, until } from "../tests/e2e/helpers.mjs";

const server = await serve(new URL("../target/site/", import.meta.url).pathname);
const browser = await launch();
const bug = process.argv[2] ?? "count_previous_term_entries";
const protocol = process.argv[3] ?? "raft";
for (let seed = 1; seed <= 10; seed++) {
  const run = { scenario: { version: 1, protocol, nodes: 5, seed, config: { bugs: [bug] }, steps: [] }, cursor: 0, time: 0 };
  const page = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(run))}`);
  const t0 = Date.now();
  await page.click("#hunt");
  const s = await until(page, (s) => s.hunt && !s.hunt.running, 120000, "the search to end");
  const wall = Date.now() - t0;
  console.log(JSON.stringify({
    seed,
    workers: s.hunt.workers,
    tried: s.hunt.tried,
    busy_ms: Math.round(s.hunt.busy_ms),
    wall_ms: wall,
    found: s.hunt.found,
    stops: s.tour?.stops,
  }));
  await page.context().close();
}
await browser.close();
server.stop();
