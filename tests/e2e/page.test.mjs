// End-to-end tests of the playground page in Debian's headless Chromium.
// Run by scripts/test after a release build (scripts/build-page) into target/site.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useBrowser, openPage, state, until, leaders, clickCanvas, clickNode, setSpeed, screenshot,
} from "./helpers.mjs";

const env = useBrowser();

/** Plays at 1× until a leader is elected, then pauses. */
async function electLeader(page) {
  await setSpeed(page, 0);
  await page.click("#play");
  const s = await until(page, (s) => leaders(s).length === 1, 20000, "a leader");
  await page.click("#play");
  return leaders(s)[0].id;
}

test("the page loads from a sub-path with no console errors and asks only for its own files", async () => {
  const page = await openPage(env.browser, env.base);
  const s = await state(page);
  assert.equal(s.state.nodes.length, 5);
  assert.equal(s.playing, false);
  await page.waitForTimeout(300);
  assert.deepEqual(page.errors, []);
  const foreign = page.requests.filter((url) => !url.startsWith(env.base) && !url.startsWith("data:"));
  assert.deepEqual(foreign, []);
  await screenshot(page, "01-loaded");
  await page.context().close();
});

test("a paused page schedules no animation frames", async () => {
  const page = await openPage(env.browser, env.base);
  const before = await page.evaluate(() => window.__frames);
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.__frames), before);
  await page.click("#play");
  await page.waitForFunction((n) => window.__frames > n + 2, before); // playing requests frames
  await page.click("#play");
  await page.waitForTimeout(100); // a frame already requested may still arrive; then none
  const paused = await page.evaluate(() => window.__frames);
  await page.waitForTimeout(800);
  assert.equal(await page.evaluate(() => window.__frames), paused);
  await page.context().close();
});

test("play elects a leader, and the event log says who voted", async () => {
  const page = await openPage(env.browser, env.base);
  const leader = await electLeader(page);
  const text = await page.locator("#events").innerText();
  assert.match(text, new RegExp(`${leader} became leader for term \\d+ with votes from`));
  assert.match(await page.locator("#status").innerText(), new RegExp(`leader ${leader}`));
  await screenshot(page, "02-leader-elected");
  await page.context().close();
});

test("a client request sent from a node's menu commits on every node", async () => {
  const page = await openPage(env.browser, env.base);
  const leader = await electLeader(page);
  const other = leader === 1 ? 2 : 1;
  await clickNode(page, other);
  await page.locator("#node-menu").waitFor({ state: "visible" });
  const s0 = await state(page);
  const facts = s0.state.nodes[other - 1].facts;
  assert.match(facts, /^(follower|candidate|leader) currentTerm=\d+ votedFor=(\d+|none) commitIndex=\d+ log=\d+ entr/, facts);
  assert.ok((await page.locator("#node-menu-title").innerText()).includes(facts), "the node menu shows the node's state");
  await page.fill("#menu-command", "set colour blue");
  await page.click("#menu-client");
  await page.click("#play");
  await until(page, (s) => s.state.nodes.every((n) => n.kv.colour === "blue"), 20000, "x committed everywhere");
  await page.click("#play");
  assert.match(await page.locator("#kv").innerText(), /colour\s+blue/);
  assert.match(await page.locator("#events").innerText(), /is not the leader: it pointed the client to/);
  await screenshot(page, "03-client-committed");
  await page.context().close();
});

test("clicking a message in flight drops it", async () => {
  const page = await openPage(env.browser, env.base);
  await electLeader(page);
  await setSpeed(page, -2);
  await page.click("#play");
  const s = await until(page, (s) => s.layout.messages.length > 0, 20000, "a message in flight");
  await page.click("#play");
  const paused = await state(page);
  const message = paused.layout.messages[0];
  await clickCanvas(page, message.x, message.y);
  const after = await state(page);
  assert.ok(!after.state.in_flight.some((m) => m.id === message.id), "the message is gone");
  assert.match(await page.locator("#events").innerText(), /never arrived: it was dropped/);
  void s;
  await page.context().close();
});

test("crashing the leader leads to a new leader", async () => {
  const page = await openPage(env.browser, env.base);
  const old = await electLeader(page);
  await clickNode(page, old);
  await page.locator("#node-menu").waitFor({ state: "visible" });
  await page.click("#menu-crash");
  let s = await state(page);
  assert.equal(s.state.nodes[old - 1].up, false);
  await page.click("#play");
  s = await until(page, (s) => leaders(s).length === 1 && leaders(s)[0].id !== old, 20000, "a new leader");
  await page.click("#play");
  assert.ok(Number(leaders(s)[0].detail.replace("term ", "")) > 1);
  await screenshot(page, "04-new-leader-after-crash");
  await page.context().close();
});

test("a shared link reopens exactly the same state", async () => {
  const page = await openPage(env.browser, env.base);
  const leader = await electLeader(page);
  await clickNode(page, leader);
  await page.click("#menu-crash");
  await page.click("#step");
  await page.click("#step");
  const original = await state(page);
  const url = page.url();
  assert.match(url, /#run=/);
  const copy = await openPage(env.browser, url);
  const reopened = await state(copy);
  assert.deepEqual(reopened.state, original.state);
  assert.equal(reopened.position, original.position);
  await page.context().close();
  await copy.context().close();
});

test("Copy link puts this page's address on the clipboard", async () => {
  const page = await openPage(env.browser, env.base);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#step");
  await page.click("#copy-link");
  await page.locator("#banner-text", { hasText: "Link copied" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  await page.click("#copy-embed");
  await page.locator("#banner-text", { hasText: "Embed code copied" }).waitFor();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^<iframe src="[^"]*\?embed=1#run=/);
  await page.context().close();
});

test("a malformed link shows what is wrong and the default cluster", async () => {
  for (const fragment of ["#run=%7B%22scenario%22%3A", "#run=%7B%7D", "#nonsense", "#story=no-such-story"]) {
    const page = await openPage(env.browser, env.base + fragment);
    const banner = page.locator("#banner");
    await banner.waitFor({ state: "visible" });
    assert.match(await banner.innerText(), /could not be opened|no built-in story/);
    const s = await state(page);
    assert.equal(s.state.nodes.length, 5);
    assert.deepEqual(page.errors, []);
    await page.click("#play");
    await until(page, (s) => s.state.time_ms > 0, 20000, "time to move: the page keeps working");
    await page.context().close();
  }
  const page = await openPage(env.browser, env.base + "#run=%7B%22scenario%22%3A%7B%22protocol%22%3A%22raft%22%2C%22nodes%22%3A9999%2C%22steps%22%3A%5B%5D%7D%2C%22cursor%22%3A0%2C%22time%22%3A0%7D");
  assert.match(await page.locator("#banner").innerText(), /nodes: must be between 1 and 1000/);
  await screenshot(page, "05-malformed-link");
  await page.context().close();
});

test("text from a link is shown as text, never run as HTML", async () => {
  const evil = encodeURIComponent(JSON.stringify({
    scenario: { protocol: "raft", nodes: 3, steps: [{ client: { node: 1, command: "set <img src=x onerror=alert(1)> 1" } }] },
    cursor: 0, time: 0,
  }));
  const page = await openPage(env.browser, `${env.base}#run=${evil}`);
  await page.waitForTimeout(200);
  assert.equal(await page.locator("img").count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("embed mode renders a compact view of a story", async () => {
  const page = await openPage(env.browser, `${env.base}?embed=1#story=raft-figure-8`, { viewport: { width: 640, height: 480 } });
  assert.equal(await page.locator("header.top h1").isVisible(), false);
  assert.equal(await page.locator("#cluster-0").isVisible(), true);
  assert.equal(await page.locator("#play").isVisible(), true);
  const s = await state(page);
  assert.equal(s.state.nodes.length, 5);
  assert.ok(s.end > 20, "the story's steps are recorded");
  assert.match(await page.locator(".embed-title").innerText(), /why a leader commits only entries of its own term/);
  assert.match(await page.locator("#story-box").innerText(), /yet it is NOT committed/);
  await screenshot(page, "06-embed");
  await page.context().close();
});

test("keyboard: space plays and pauses, arrows step, ? opens help", async () => {
  const page = await openPage(env.browser, env.base);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal((await state(page)).position, 2);
  await page.keyboard.press("ArrowLeft");
  assert.equal((await state(page)).position, 1);
  await page.keyboard.press("Space");
  assert.equal((await state(page)).playing, true);
  await page.keyboard.press("Space");
  assert.equal((await state(page)).playing, false);
  // Space plays even when a button has the focus (Enter still presses it).
  await page.click("#step");
  assert.equal(await page.evaluate(() => document.activeElement.id), "step");
  const at = (await state(page)).position;
  await page.keyboard.press("Space");
  let s = await state(page);
  assert.equal(s.playing, true, "Space on a focused button plays");
  await page.keyboard.press("Space");
  s = await state(page);
  assert.equal(s.playing, false);
  assert.ok(s.position >= at, "and did not press the button instead");
  // The help is a modal dialog that takes the focus and hands it back.
  await page.focus("#help");
  await page.keyboard.press("?");
  await page.locator("#help-dialog").waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.querySelector("#help-dialog").tagName), "DIALOG");
  assert.equal(await page.evaluate(() => document.activeElement.id), "help-close", "the help takes the focus");
  await page.keyboard.press("Escape");
  await page.locator("#help-dialog").waitFor({ state: "hidden" });
  assert.equal((await state(page)).help ?? false, false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "help", "and hands it back on closing");
  await page.click("#help");
  await page.locator("#help-dialog").waitFor({ state: "visible" });
  await page.click("#help-close");
  await page.locator("#help-dialog").waitFor({ state: "hidden" });
  await page.context().close();
});

test("a story plays step by step, scrubs back, and a bug switch makes the checker turn red", async () => {
  const page = await openPage(env.browser, env.base);
  const groups = await page.locator("#story optgroup").evaluateAll((gs) => gs.map((g) => g.label));
  assert.deepEqual(groups, ["Raft", "Two-phase commit", "Paxos", "Three-phase commit", "Paxos Commit", "Side by side"], "stories grouped by protocol");
  assert.equal(await page.locator("#story optgroup option").first().getAttribute("value"), "raft-first-election", "in teaching order");
  await page.selectOption("#story", "raft-figure-8");
  assert.equal(await page.locator("#story").inputValue(), "raft-figure-8", "the menu shows the story under way");
  let s = await state(page);
  assert.equal(s.position, 0);
  assert.match(await page.locator("#story-box").innerText(), /Figure 8[\s\S]*is NOT committed/);
  for (let i = 0; i < 5; i++) await page.click("#step");
  assert.equal((await state(page)).position, 5);
  await page.locator("#scrub").fill(String(s.end));
  s = await state(page);
  assert.equal(s.position, s.end);
  assert.match(await page.locator("#checker").innerText(), /Raft: every safety property holds/);
  await page.check("#bug-count_previous_term_entries");
  s = await state(page);
  assert.deepEqual(s.violations.map((v) => v.invariant), ["Leader Completeness", "State Machine Safety"]);
  assert.match(await page.locator("#checker").innerText(), /Leader Completeness/);
  await screenshot(page, "07-figure-8-bug-caught");
  await page.context().close();
});

test("clicking a link opens its menu, which cuts it; the split editor partitions the cluster, heal restores both", async () => {
  const page = await openPage(env.browser, env.base);
  let s = await state(page);
  const [a, b] = [s.layout.nodes[0], s.layout.nodes[2]];
  await clickCanvas(page, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  await page.locator("#link-menu").waitFor({ state: "visible" });
  await page.click("#menu-cut");
  s = await state(page);
  assert.deepEqual(s.state.cut_links, [[1, 3]]);
  await page.click("#split");
  // The editor says what to do over the canvas, in view, where the nodes are clicked.
  const bar = page.locator("#split-bar");
  await bar.waitFor({ state: "visible" });
  assert.match(await bar.innerText(), /purple ring.*one side.*red ring.*the other/s);
  const inView = await page.evaluate(() => {
    const box = document.querySelector("#canvas-box").getBoundingClientRect();
    return box.top >= -1 && box.top < window.innerHeight;
  });
  assert.ok(inView, "opening the editor brings the canvas into view");
  await screenshot(page, "08-split-editor");
  await clickNode(page, 1);
  await page.click("#split-bar-apply");
  s = await state(page);
  assert.equal(s.state.partition.length, 2);
  assert.equal(await bar.isVisible(), false);
  await screenshot(page, "08-partitioned");
  await page.click("#heal");
  s = await state(page);
  assert.deepEqual(s.state.partition, []);
  assert.deepEqual(s.state.cut_links, []);
  await page.context().close();
});

test("manual delivery: messages wait until one is picked and delivered", async () => {
  const page = await openPage(env.browser, env.base);
  await page.check("#manual");
  await page.click("#step");
  await setSpeed(page, 0);
  await page.click("#play");
  const s = await until(page, (s) => s.state.in_flight.length > 0, 20000, "a waiting message");
  await page.click("#play");
  const before = await until(page, (s) => !s.playing && s.layout.messages.length > 0, 5000, "paused with a message drawn");
  const waiting = before.layout.messages[0];
  assert.equal(before.state.in_flight.find((m) => m.id === waiting.id).deliver_ms, null, "it waits");
  await clickCanvas(page, waiting.x, waiting.y);
  await page.locator("#message-menu").waitFor({ state: "visible" });
  const shown = before.state.in_flight.find((m) => m.id === waiting.id);
  assert.match(shown.contents, /^term=\d+ /, "a Raft message carries its term");
  const title = await page.locator("#message-menu-title").innerText();
  assert.ok(title.includes(shown.contents), `the delivery menu shows the message's fields: ${title}`);
  await screenshot(page, "08b-message-fields");
  await page.click("#menu-deliver");
  const after = await state(page);
  assert.ok(!after.state.in_flight.some((m) => m.id === waiting.id), "it was delivered");
  assert.equal(after.position, before.position + 1, "the delivery is one recorded moment");
  await page.check("#show-traffic");
  assert.match(await page.locator("#events").innerText(), new RegExp(`${waiting.type === "RequestVote" ? "received RequestVote" : "received"}`));
  void s;
  await page.context().close();
});

test("the page fits a 360 px wide phone with no horizontal overflow", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `document is ${width} px wide`);
  await page.tap("#play");
  await until(page, (s) => s.state.time_ms > 300, 20000, "the cluster to run a while");
  await page.tap("#play");
  await screenshot(page, "09-phone");
  await page.context().close();
});

test("dark colour scheme is respected", async () => {
  const page = await openPage(env.browser, env.base, { colorScheme: "dark" });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(20, 24, 29)");
  await screenshot(page, "10-dark");
  await page.context().close();
});

test("Save downloads the run as a scenario file, and Load opens it again", async () => {
  const page = await openPage(env.browser, env.base);
  await electLeader(page);
  await clickNode(page, 2);
  await page.fill("#menu-command", "set saved yes");
  await page.click("#menu-client");
  await page.click(".export summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
  const path = `${process.env.TMPDIR || "/tmp"}/consensus-run-${Date.now()}.json`;
  await download.saveAs(path);
  const scenario = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(path, "utf8")));
  assert.equal(scenario.protocol, "raft");
  assert.ok(scenario.steps.some((s) => s.client?.command === "set saved yes"));
  const saved = await state(page);
  const other = await openPage(env.browser, env.base);
  await other.setInputFiles("#load-file", path);
  await until(other, (s) => s.end === saved.end, 5000, "the loaded recording");
  await other.locator("#scrub").fill(String(saved.end));
  assert.deepEqual((await state(other)).state.nodes, saved.state.nodes);
  await other.setInputFiles("#load-file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"protocol": "raft"}') });
  await other.locator("#banner", { hasText: "could not be loaded" }).waitFor();
  assert.match(await other.locator("#banner").innerText(), /missing field `nodes`/);
  await page.context().close();
  await other.context().close();
});

test("with reduced motion, playing shows one event at a time instead of gliding", async () => {
  const page = await openPage(env.browser, env.base, { reducedMotion: "reduce" });
  await page.click("#play");
  await until(page, (s) => s.position >= 3, 20000, "three moments shown one by one");
  await page.click("#play");
  const s = await until(page, (s) => !s.playing, 5000, "paused");
  assert.ok(s.position >= 3, `moved through ${s.position} events`);
  await page.check("#show-traffic");
  const lastEvent = await page.locator("#events li .t").last().innerText();
  assert.equal(`${s.state.time_ms} ms`, lastEvent, "time stands at the last event, never between two");
  await page.context().close();
});

test("hovering an explanation highlights its nodes on the canvas, and clicking it goes back to that moment", async () => {
  const page = await openPage(env.browser, env.base);
  await electLeader(page);
  // Paused, the list holds still: hovering an older entry must not scroll it away.
  await until(page, (s) => !s.playing, 5000, "paused");
  const entry = page.locator("#events li", { hasText: "became leader" }).first();
  const leader = Number((await entry.innerText()).match(/(\d+) became leader/)[1]);
  await entry.scrollIntoViewIfNeeded();
  const scrolled = await page.locator("#events").evaluate((list) => list.scrollTop);
  await entry.hover();
  assert.equal(await page.locator("#events").evaluate((list) => list.scrollTop), scrolled, "the list did not jump");
  let s = await state(page);
  assert.deepEqual(s.highlight.nodes, [leader]);
  const moment = Number(await entry.getAttribute("data-moment"));
  await entry.click();
  s = await state(page);
  assert.equal(s.position, moment);
  assert.equal(leaders(s).map((n) => n.id).join(), String(leader), "the state right after the election");
  await page.mouse.move(1, 1);
  await page.locator("#events").dispatchEvent("mouseleave");
  assert.deepEqual((await state(page)).highlight.nodes, []);
  await page.context().close();
});

test("the keyboard reaches the canvas: Tab goes from node to node, to the links and the waiting messages, Enter opens a node's menu", async () => {
  const page = await openPage(env.browser, env.base);
  await page.click("#step");
  await page.click("#step");
  await page.focus('#targets-0 [data-key="n1"]');
  await page.keyboard.press("Tab");
  const focused = () => page.evaluate(() => ({
    key: document.activeElement.dataset.key,
    label: document.activeElement.getAttribute("aria-label"),
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  let f = await focused();
  assert.equal(f.key, "n2", "Tab moves to the next node");
  assert.match(f.label, /^Node 2: /);
  assert.equal(f.outline, "solid", "with a visible focus ring");
  const keys = await page.locator("#targets-0 .canvas-target").evaluateAll((bs) => bs.map((b) => b.dataset.key));
  assert.deepEqual(keys.slice(0, 5), ["n1", "n2", "n3", "n4", "n5"]);
  assert.ok(keys.includes("l1-2") && keys.includes("l4-5"), "every link can be reached");
  const s = await state(page);
  for (const m of s.state.in_flight) assert.ok(keys.includes(`m${m.id}`), `message ${m.id} can be reached`);
  // Enter opens node 2's menu and puts the focus in it; Enter there crashes node 2.
  await page.keyboard.press("Enter");
  await page.locator("#node-menu").waitFor({ state: "visible" });
  assert.match(await page.locator("#node-menu-title").innerText(), /2/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "menu-crash");
  await page.keyboard.press("Enter");
  assert.equal((await state(page)).state.nodes[1].up, false, "node 2 crashed from the keyboard");
  // A link: Enter opens its menu, whose first item, Enter again, cuts it both ways.
  await page.focus('#targets-0 [data-key="l1-3"]');
  await page.keyboard.press("Enter");
  await page.locator("#link-menu").waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "menu-cut");
  await page.keyboard.press("Enter");
  assert.deepEqual((await state(page)).state.cut_links, [[1, 3]]);
  await page.context().close();
});

test("the clients' history shows each request as a bar to its answer, numbered in the checker's order", async () => {
  const page = await openPage(env.browser, env.base);
  await setSpeed(page, 0);
  await page.click("#play");
  await until(page, (s) => leaders(s).length === 1, 20000, "a leader");
  await page.click("#play");
  const send = async (command) => {
    const leader = leaders(await state(page))[0].id;
    await clickNode(page, leader);
    await page.locator("#node-menu").waitFor({ state: "visible" });
    await page.fill("#menu-command", command);
    await page.click("#menu-client");
  };
  await send("set x 1");
  await page.click("#play");
  await until(page, (s) => s.panes[0].metrics.committed >= 1, 20000, "the write answered");
  await page.click("#play");
  await send("get x");
  await page.click("#play");
  await until(page, (s) => s.panes[0].metrics.committed >= 2, 20000, "the read answered");
  await page.click("#play");
  await page.click("#history-summary");
  await page.locator("#history-rows .history-op").first().waitFor();
  const labels = page.locator("#history-rows .history-label");
  assert.match(await page.locator("#history-summary").innerText(), /Clients' history: 2 operations on 1 key/);
  assert.match(await page.locator("#history-rows h4").innerText(), /^x — linearizable/);
  assert.deepEqual(await labels.allInnerTexts(), ["1. set x 1", "2. get x → 1"]);
  // The read's bar starts after the write's ends: they did not overlap.
  const boxes = await page.locator("#history-rows .history-bar").evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect()));
  assert.ok(boxes[1].left >= boxes[0].right - 1, JSON.stringify(boxes));
  await screenshot(page, "09-client-history");
  await page.context().close();
});
