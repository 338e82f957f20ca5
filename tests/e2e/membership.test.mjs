// End-to-end tests of Raft's membership changes (thesis ch. 4) in Debian's headless
// Chromium: spares, learners and removed servers drawn apart, configuration entries in the
// log panel, the node menu adding and removing servers, and the 2015 bug beside the rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, until, screenshot, clickPaneNode } from "./helpers.mjs";

const env = useBrowser();

const leaders = (pane) => pane.state.nodes.filter((n) => n.up && n.role.startsWith("leader"));

async function stopAt(page, pattern) {
  for (let i = 0; i < 40; i++) {
    if (pattern.test(await page.locator("#tour-text").innerText())) return;
    await page.click("#tour-next");
  }
  throw new Error(`no stop says ${pattern}`);
}

test("adding a server: a spare outside the configuration, then a learner, then a voter with a configuration entry in every log", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-add-server`, { viewport: { width: 1366, height: 850 } });
  await stopAt(page, /Node 2 leads the three voters/);
  let s = await state(page);
  let nodes = s.panes[0].state.nodes;
  assert.deepEqual(nodes.map((n) => n.standing), ["voter", "voter", "voter", "spare"]);
  assert.equal(nodes[3].role, "spare");
  await stopAt(page, /Node 4 becomes a learner/);
  s = await state(page);
  assert.equal(s.panes[0].state.nodes[3].standing, "learner");
  await screenshot(page, "membership-learner");
  await stopAt(page, /Round 2 is quick/);
  s = await state(page);
  nodes = s.panes[0].state.nodes;
  assert.deepEqual(nodes.map((n) => n.standing), ["voter", "voter", "voter", "voter"]);
  // The configuration entry is a cell of its own, named by its voters when hovered.
  const config = nodes[1].cells.find((c) => c.label === "C");
  assert.ok(config, "a configuration cell in the leader's log");
  assert.match(config.title, /configuration \{1, 2, 3, 4\}/);
  assert.deepEqual(config.colour, { configuration: 1 });
  assert.match(await page.locator("#events").innerText(), /appended the configuration \{1, 2, 3, 4\}/);
  await screenshot(page, "membership-added");
  await page.context().close();
});

test("the node menu removes a follower from the voters; it is drawn faded, and the leader leads on", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  await page.click("#play");
  await until(page, (x) => leaders(x.panes[0]).length === 1, 20000, "a leader");
  await page.click("#play");
  let s = await state(page);
  const leader = leaders(s.panes[0])[0].id;
  const gone = [1, 2, 3, 4, 5].find((n) => n !== leader);
  await clickPaneNode(page, 0, gone);
  await page.locator("#menu-remove-server").waitFor({ state: "visible" });
  assert.equal(await page.locator("#menu-add-server").isVisible(), false, "a voter is not offered to be added");
  await page.click("#menu-remove-server");
  await page.click("#play");
  s = await until(page, (x) => x.panes[0].state.nodes[gone - 1].standing === "removed", 20000, `node ${gone} removed`);
  await page.click("#play");
  assert.equal(s.panes[0].state.nodes[gone - 1].role, "removed");
  assert.equal(s.panes[0].state.nodes.filter((n) => n.standing === "voter").length, 4);
  const events = await page.locator("#events").innerText();
  assert.match(events, new RegExp(`was asked to remove server ${gone}`));
  await screenshot(page, "membership-removed");
  // The removed node is offered to be added back.
  await clickPaneNode(page, 0, gone);
  await page.locator("#menu-add-server").waitFor({ state: "visible" });
  await page.context().close();
});

test("the 2015 bug beside the rule: two leaders with majorities that do not overlap, and only the buggy pane loses a write", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-membership-bug-2015`, { viewport: { width: 1366, height: 850 } });
  let s = await state(page);
  assert.deepEqual(s.panes.map((p) => p.title), ["Raft, the rule of 2015", "Raft, the change before an own-term commit"]);
  await stopAt(page, /Node 1 restarts beside nodes 4 and 5/);
  s = await state(page);
  assert.deepEqual(leaders(s.panes[1]).map((n) => n.id).sort(), [1, 2], "two leaders, terms 2 and 3");
  const summary = await page.locator("body").innerText();
  assert.match(summary, /Leader Completeness/);
  await screenshot(page, "membership-bug-2015");
  await page.context().close();
});
