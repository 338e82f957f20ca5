import { serve, launch, openPage, until } from "./helpers.mjs";
const server = await serve(new URL("../../target/site/", import.meta.url).pathname);
const browser = await launch();
const bug = process.argv[2] ?? "count_previous_term_entries";
const protocol = process.argv[3] ?? "raft";
for (let seed = 1; seed <= 10; seed++) {
  const run = { scenario: { version: 1, protocol, nodes: 5, seed, config: { bugs: [bug] }, steps: [] }, cursor: 0, time: 0 };
  const page = await openPage(browser, `${server.base}#run=${encodeURIComponent(JSON.stringify(run))}`);
  const t0 = Date.now();
  await page.click("#hunt");
  const s = await until(page, (s) => s.hunt && !s.hunt.running, 120000, "found");
  const wall = Date.now() - t0;
  console.log(JSON.stringify({ seed, tried: s.hunt.tried, busy_ms: Math.round(s.hunt.busy_ms), wall_ms: wall, found: s.hunt.found, steps: s.tour?.stops }));
  await page.context().close();
}
await browser.close();
server.stop();
