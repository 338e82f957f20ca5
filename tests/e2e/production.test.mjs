// End-to-end tests of Raft as production runs it: two configurations side by side, the
// options under each pane, one-way cuts from the link menu and leadership transfer from
// the node menu, in Debian's headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, until, screenshot, clickPaneNode } from "./helpers.mjs";

const env = useBrowser();

const leaders = (pane) => pane.state.nodes.filter((n) => n.up && n.role.startsWith("leader"));

test("the isolated follower story: plain Raft is deposed, Raft with PreVote keeps its leader, and the numbers say so", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-prevote-isolated-follower`, { viewport: { width: 1366, height: 850 } });
  let s = await state(page);
  assert.equal(s.side_by_side, true);
  assert.deepEqual(s.panes.map((p) => p.title), ["Raft", "Raft + PreVote"]);
  assert.match(await page.locator("#pane-title-1").innerText(), /Raft \+ PreVote/);
  // Each pane's options are shown as it runs them.
  assert.equal(await page.locator('#pane-options-0 input[data-option="pre_vote"]').isChecked(), false);
  assert.equal(await page.locator('#pane-options-1 input[data-option="pre_vote"]').isChecked(), true);
  // Go to the stop after the cut-off node has been away two seconds.
  const stopAt = async (pattern) => {
    for (let i = 0; i < 30; i++) {
      if (pattern.test(await page.locator("#tour-text").innerText())) return;
      await page.click("#tour-next");
    }
    throw new Error(`no stop says ${pattern}`);
  };
  await stopAt(/Two seconds later/);
  s = await state(page);
  const [plain, preVote] = s.panes;
  assert.ok(plain.state.nodes[4].detail.match(/term (\d+)/)[1] > 5, "plain Raft's node 5 raised its term again and again");
  assert.equal(preVote.state.nodes[4].detail, "term 1", "with PreVote node 5 stayed in term 1");
  assert.match(preVote.state.nodes[4].role, /^pre-candidate/, "drawn as a pre-candidate");
  await screenshot(page, "production-prevote-away");
  await stopAt(/Left: node 5 refuses node 1/);
  s = await state(page);
  assert.equal(leaders(s.panes[0]).length, 0, "plain Raft's leader was deposed by the returning node's term");
  assert.deepEqual(leaders(s.panes[1]).map((n) => n.id), [1], "with PreVote node 1 still leads");
  await screenshot(page, "production-prevote-heal");
  // At the end the numbers under the panes tell the difference.
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  s = await state(page);
  assert.ok(s.panes[0].metrics.leader_changes >= 2 && s.panes[0].metrics.max_term > 5, JSON.stringify(s.panes[0].metrics));
  assert.deepEqual([s.panes[1].metrics.leader_changes, s.panes[1].metrics.max_term], [1, 1]);
  const table = await page.locator("#metrics").innerText();
  assert.match(table, /leader changes\s+2\s+1/);
  await page.context().close();
});

test("switching a pane's option replays that pane at the same moment, under a title that says so", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  await page.selectOption("#protocols", "raft,raft");
  let s = await state(page);
  assert.deepEqual(s.panes.map((p) => p.title), ["Raft", "Raft + PreVote + CheckQuorum"]);
  await page.click("#play");
  await until(page, (x) => x.time > 400, 20000, "some virtual time");
  await page.click("#play");
  const time = (await state(page)).time;
  await page.locator('#pane-options-0 select[data-option="reads"]').selectOption("read_index");
  await until(page, (x) => x.panes[0].title === "Raft + ReadIndex", 5000, "the new title");
  s = await state(page);
  assert.equal(s.time, time, "the same moment");
  assert.equal(await page.locator('#pane-options-0 option[value="lease"]').isDisabled(), true,
    "lease reads are offered only with CheckQuorum");
  await page.locator('#pane-options-0 input[data-option="check_quorum"]').check();
  await until(page, (x) => x.panes[0].title === "Raft + CheckQuorum + ReadIndex", 5000, "CheckQuorum on");
  assert.equal(await page.locator('#pane-options-0 option[value="lease"]').isDisabled(), false);
  await page.context().close();
});

test("the link menu cuts one direction, drawn half cut, and the node menu hands the leadership over", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  await page.click("#play");
  await until(page, (x) => leaders(x.panes[0]).length === 1, 20000, "a leader");
  await page.click("#play");
  let s = await state(page);
  const leader = leaders(s.panes[0])[0].id;
  // Cut a link between two followers one way, and hand the leadership to a third.
  const [a, b, other] = [1, 2, 3, 4, 5].filter((n) => n !== leader);
  await page.focus(`#targets-0 [data-key="l${a}-${b}"]`);
  await page.keyboard.press("Enter");
  await page.locator("#link-menu").waitFor({ state: "visible" });
  assert.match(await page.locator("#link-menu-title").innerText(), new RegExp(`Link ${a}–${b}: open both ways`));
  await page.click("#menu-cut-forward");
  s = await state(page);
  assert.deepEqual(s.state.one_way_cuts, [[a, b]]);
  assert.deepEqual(s.state.cut_links, []);
  await screenshot(page, "production-one-way-cut");
  // Hand the leadership to another node from its menu: it leads within a round trip.
  await clickPaneNode(page, 0, other);
  await page.locator("#menu-transfer").waitFor({ state: "visible" });
  await page.click("#menu-transfer");
  await page.click("#play");
  await until(page, (x) => leaders(x.panes[0]).some((n) => n.id === other), 20000, `node ${other} leads`);
  await page.click("#play");
  const events = await page.locator("#events").innerText();
  assert.match(events, new RegExp(`${other} got TimeoutNow from leader ${leader}`));
  await page.context().close();
});

test("the snapshot story: compacted logs are drawn as a block, and the follower that was down catches up by InstallSnapshot", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-snapshot-catch-up`, { viewport: { width: 1366, height: 850 } });
  for (let i = 0; i < 40 && !/Nine writes later/.test(await page.locator("#tour-text").innerText()); i++) {
    await page.click("#tour-next");
  }
  let s = await state(page);
  const rows = s.panes[0].state.nodes;
  assert.ok(rows.filter((n) => n.up).every((n) => n.first_index > 1), "every up node compacted");
  assert.equal(rows[2].up, false);
  await screenshot(page, "production-snapshot-block");
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  s = await state(page);
  const three = s.panes[0].state.nodes[2];
  assert.ok(three.up && three.first_index > 1, "node 3 holds the snapshot it was sent");
  assert.equal(three.kv.x, "10", "and every write since");
  assert.match(await page.locator("#events").innerText(), /3 installed 1's snapshot through entry 8/);
  await page.context().close();
});
