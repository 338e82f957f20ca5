// End-to-end test of a run that lasts: the default cluster played for two virtual hours at
// the fastest speed keeps its WebAssembly memory small, and scrubbing back to the start
// shows exactly the events and diagram arrows it showed there before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, screenshot } from "./helpers.mjs";

const env = useBrowser();

/** What the reader sees up to the cursor: event log lines and the diagram's arrows of
 * messages that had arrived by then (past the cursor the diagram shows only as far as the
 * run's held trace reaches, which differs between a fresh run and a long one). */
async function seen(page) {
  const s = await state(page);
  return {
    position: s.position,
    events: await page.locator("#events li").allTextContents(),
    arrows: s.diagram.spots.filter((a) => a.ended <= s.position).map((a) => [a.id, a.sent, a.ended]),
  };
}

test("two virtual hours of play keep wasm memory small, and scrubbing back shows the same events and arrows", async () => {
  const page = await openPage(env.browser, env.base);
  await page.locator("#speed").fill("2");
  // A first stretch, and what moment 60 looks like.
  await page.evaluate(() => window.wasmBindings.measurePlay(2, 1000 / 60));
  // The scrubber takes the recording's new length at the next drawn frame.
  await page.waitForFunction(() => Number(document.querySelector("#scrub").max) > 60);
  await page.locator("#scrub").fill("60");
  const before = await seen(page);
  assert.equal(before.position, 60);
  assert.ok(before.events.length > 5, `the event log shows the first moments: ${before.events}`);
  assert.ok(before.arrows.length > 0, "the diagram shows the first messages");

  const end = (await state(page)).end;
  await page.locator("#scrub").fill(String(end));
  assert.equal((await state(page)).position, end);
  const startBytes = await page.evaluate(() => window.wasmBindings.wasmMemoryBytes());
  // 4,400 frames of 1.67 virtual seconds: two virtual hours, in chunks the page draws.
  for (let i = 0; i < 11; i++) await page.evaluate(() => window.wasmBindings.measurePlay(400, 1000 / 60));
  const after = await state(page);
  assert.ok(after.time >= 2 * 3_600_000, `played ${after.time} ms`);
  assert.ok(after.position > 1_000_000, `${after.position} moments`);
  const bytes = await page.evaluate(() => window.wasmBindings.wasmMemoryBytes());
  // Before the trace was held only around the cursor, two hours took over a gigabyte.
  assert.ok(bytes < 48 * 2 ** 20, `wasm memory ${bytes / 2 ** 20} MB (from ${startBytes / 2 ** 20} MB)`);

  await page.locator("#scrub").fill("60");
  assert.deepEqual(await seen(page), before, "moment 60 looks as it did");
  await screenshot(page, "40-long-run-scrubbed-back");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
