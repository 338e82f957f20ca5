// End-to-end test of Multi-Paxos beside Raft and Basic Paxos, in Debian's headless
// Chromium: the leader-crash story with a hole, and Multi-Paxos alone from the Run menu.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, until, screenshot } from "./helpers.mjs";

const env = useBrowser();

async function stopAt(page, pattern) {
  for (let i = 0; i < 40; i++) {
    if (pattern.test(await page.locator("#tour-text").innerText())) return;
    await page.click("#tour-next");
  }
  throw new Error(`no stop says ${pattern}`);
}

test("the leader crashes with a hole: Multi-Paxos re-proposes the reported value and fills the hole with a no-op, Raft's new leader leads without the suffix", async () => {
  const page = await openPage(env.browser, `${env.base}#story=compare-leader-crash-gap`, { viewport: { width: 1366, height: 850 } });
  let s = await state(page);
  assert.deepEqual(s.panes.map((p) => p.protocol), ["raft", "multi_paxos", "paxos"]);
  await stopAt(page, /Node 1 crashes and node 3's timer fires/);
  s = await state(page);
  const [raft, multi] = s.panes;
  assert.equal(raft.state.nodes[2].role, "leader");
  const three = multi.state.nodes[2];
  assert.equal(three.role, "leader");
  assert.equal(three.detail, "ballot 2.3");
  // Slot 2 is the hole, filled with a no-op; slot 3 holds the value node 2 reported; both chosen.
  assert.equal(three.cells[1].label, "–");
  assert.equal(three.cells[1].settled, true);
  assert.match(three.cells[2].title, /slot 3: chosen set c 3/);
  assert.equal(three.cells[2].settled, true);
  // The details below follow the Multi-Paxos pane once its title is clicked.
  await page.click("#pane-title-1");
  assert.equal((await state(page)).focus, 1);
  assert.match(await page.locator("#logs-title").innerText(), /Multi-Paxos: slots/);
  await screenshot(page, "multi-paxos-hole-filled");
  const events = await page.locator("#events").innerText();
  assert.match(events, /3 fills slot 2 with a no-op/);
  assert.match(events, /3 proposes `set c 3` \(request #3\) in slot 3/);
  await page.context().close();
});

test("Multi-Paxos alone: play elects one leader by phase 1 and a client write is chosen with phase 2 only", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  await page.selectOption("#protocols", "multi_paxos");
  await until(page, (x) => x.panes[0].protocol === "multi_paxos", 5000, "Multi-Paxos chosen");
  await page.click("#play");
  const s = await until(page, (x) => x.panes[0].state.nodes.filter((n) => n.up && n.role === "leader").length === 1, 20000, "a leader");
  await page.click("#play");
  assert.equal(s.panes[0].protocol, "multi_paxos");
  const events = await page.locator("#events").innerText();
  assert.match(events, /runs phase 1 once with ballot/);
  assert.match(events, / leads with ballot /);
  await screenshot(page, "multi-paxos-alone");
  await page.context().close();
});
