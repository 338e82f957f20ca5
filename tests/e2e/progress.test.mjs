// End-to-end tests of the checker's progress part: stuck with its reason while a fault is
// in the way, and a progress property violated (which pauses the run) under a liveness bug.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, screenshot } from "./helpers.mjs";

const env = useBrowser();

/** The progress part of pane `pane`'s checker: its state and its sentence. */
async function progress(page, pane = 0) {
  const part = page.locator("#checker .progress").nth(pane);
  return { state: await part.getAttribute("data-progress"), text: await part.innerText() };
}

test("while the coordinator is down, the checker says two-phase commit is stuck and why, and that it is no violation", async () => {
  const page = await openPage(env.browser, `${env.base}#story=2pc-coordinator-crash`);
  // Step through the tour to the stop after the crash (steps 6 to 8 drop the decisions).
  let seen = null;
  for (let i = 0; i < 12 && !seen; i++) {
    await page.click("#tour-next");
    const p = await progress(page);
    if (p.state === "stuck") seen = p;
  }
  assert.ok(seen, "some stop of the story shows two-phase commit stuck");
  assert.match(seen.text, /‖ Two-phase commit is stuck: participants 2 and 3 prepared and blocked, waiting for coordinator 1 \(down since \d+ ms\)/);
  assert.match(seen.text, /Not a violation/);
  assert.equal((await state(page)).violations.length, 0);
  await screenshot(page, "30-progress-stuck-coordinator-down");
  // At the end the coordinator is back and has aborted: progress is possible again.
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  const after = await progress(page);
  assert.equal(after.state, "progressing", after.text);
  await page.context().close();
});

test("with identical election timeouts no leader is ever elected, and the checker shows Eventually One Leader violated", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-same-timeouts`);
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  const s = await state(page);
  assert.deepEqual(s.violations.map((v) => v.invariant), ["Eventually One Leader"]);
  assert.equal(s.state.nodes.filter((n) => n.role === "leader").length, 0);
  const p = await progress(page);
  assert.equal(p.state, "violated", p.text);
  assert.match(p.text, /✗ Raft stopped making progress/);
  assert.match(p.text, /Eventually One Leader at 5000 ms: 5 s after every node was up and the network whole \(since 0 ms\), no node leads: nodes 1, 2, 3, 4 and 5 are candidates/);
  // The safety part still holds: nothing unsafe happened.
  assert.match(await page.locator("#checker").innerText(), /✓ Raft: every safety property holds/);
  await screenshot(page, "31-progress-violated-same-timeouts");
  await page.context().close();
});
