// End-to-end tests of side by side, the space-time diagram, tours, the counterexample
// search and exports, in Debian's headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  useBrowser, openPage, state, until, setSpeed, screenshot, clickPaneNode, exportFile,
} from "./helpers.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
const env = useBrowser();

/** Runs the `consensus` command line on `args`; its JSON output. */
function consensus(...args) {
  const out = execFileSync("cargo", ["run", "-q", "-p", "consensus-cli", "--", ...args], { cwd: REPO, encoding: "utf8" });
  return JSON.parse(out);
}

const paneOf = (s, protocol) => s.panes.find((p) => p.protocol === protocol);

/** Sends `command` to node `node` through its menu on pane `pane`. */
async function request(page, pane, node, command) {
  await clickPaneNode(page, pane, node);
  await page.locator("#node-menu").waitFor({ state: "visible" });
  await page.fill("#menu-command", command);
  await page.click("#menu-client");
}

/** Plays `ms` of virtual time by scrubbing past the end is impossible, so play at 1×. */
async function playFor(page, ms) {
  const start = (await state(page)).time;
  await setSpeed(page, 0);
  await page.click("#play");
  await until(page, (s) => s.time >= start + ms, 20000, `${ms} ms of virtual time`);
  await page.click("#play");
}

test("side by side, a coordinator crash blocks two-phase commit while Raft keeps committing, and the numbers say so", async () => {
  const page = await openPage(env.browser, `${env.base}#story=compare-coordinator-crash`);
  let s = await state(page);
  assert.equal(s.side_by_side, true);
  assert.deepEqual(s.panes.map((p) => p.protocol), ["raft", "two_phase_commit", "paxos"]);
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  s = await state(page);
  assert.equal(s.time, end);
  const raft = paneOf(s, "raft"), twoPc = paneOf(s, "two_phase_commit");
  assert.equal(raft.metrics.committed, 9, "Raft commits every write");
  assert.equal(twoPc.metrics.committed, 2, "2PC decides nothing after the crash");
  assert.equal(twoPc.metrics.open, 7, "the third write, prepared everywhere, and every later one wait");
  assert.ok(twoPc.metrics.unable_to_commit_ms > raft.metrics.unable_to_commit_ms);
  assert.equal(twoPc.state.nodes[0].up, false);
  assert.ok(twoPc.state.nodes.slice(1).every((n) => n.up && n.tone === "blocked" && /blocked/.test(n.detail)),
    "every participant is drawn blocked, as it is alone");
  assert.ok(raft.state.nodes.some((n) => n.up && n.role === "leader"), "Raft has a leader");
  const table = await page.locator("#metrics").innerText();
  assert.match(table, /committed\s+9\s+2\s+9/);
  assert.match(await page.locator("#status-1").innerText(),
    /4 participants prepared and blocked, holding their locks · 1 crashed · .*7 client requests waiting/);
  // The headline under the panes says the outcome, and why 2PC's requests wait.
  assert.match(await page.locator("#status").innerText(),
    /Raft 9 committed · Two-phase commit 2 committed, 7 waiting \(participants 2, 3, 4 and 5 prepared and blocked, waiting for coordinator 1 \(down since 1225 ms\)\) · Paxos 9 committed/);
  await screenshot(page, "20-side-by-side-coordinator-crash");
  await page.context().close();
});

test("the commit comparison: after the coordinator crashes, two-phase commit's participants block while three-phase commit's decide; a partition then splits three-phase commit but not Paxos Commit", async () => {
  const page = await openPage(env.browser, `${env.base}#story=compare-commit-coordinator-crash`);
  let s = await state(page);
  assert.deepEqual(s.panes.map((p) => p.protocol), ["two_phase_commit", "three_phase_commit"]);
  assert.equal(await page.locator("#protocols").inputValue(), "two_phase_commit,three_phase_commit", "the Run menu names what runs");
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  s = await state(page);
  const twoPc = paneOf(s, "two_phase_commit"), threePc = paneOf(s, "three_phase_commit");
  assert.ok(twoPc.state.nodes.slice(1).every((n) => n.up && n.tone === "blocked" && /blocked/.test(n.detail)),
    "two-phase commit's participants are drawn blocked");
  assert.ok(threePc.state.nodes.slice(1).every((n) => n.up && n.tone !== "blocked" && /0 open/.test(n.detail)),
    `three-phase commit's participants decided: ${JSON.stringify(threePc.state.nodes.map((n) => n.detail))}`);
  assert.match(await page.locator("#status-0").innerText(), /3 participants prepared and blocked, holding their locks/);
  assert.match(await page.locator("#status").innerText(),
    /Three-phase commit 0 committed, 1 waiting \(coordinator 1 is down since 0 ms: no new transaction can begin; the participants decided without it: none blocks\)/);
  assert.doesNotMatch(await page.locator("#status").innerText(), /broken/);
  await screenshot(page, "21-commit-comparison-coordinator-crash");
  await page.context().close();

  const split = await openPage(env.browser, `${env.base}#story=compare-commit-partition`);
  assert.equal(await split.locator("#protocols").inputValue(), "two_phase_commit,three_phase_commit,paxos_commit");
  const last = Number(await split.locator("#scrub").getAttribute("max"));
  await split.locator("#scrub").fill(String(last));
  s = await state(split);
  const blocked = paneOf(s, "two_phase_commit").state.nodes.filter((n) => n.tone === "blocked").map((n) => n.id);
  assert.deepEqual(blocked, [3, 4, 5], "two-phase commit stays consistent and blocks the cut-off side");
  const headline = await split.locator("#status").innerText();
  assert.match(headline, /Three-phase commit .*✗ Atomic Commit broken/);
  assert.doesNotMatch(headline, /Two-phase commit [^·]*broken/);
  assert.doesNotMatch(headline, /Paxos Commit [^·]*broken/);
  const paxosCommit = paneOf(s, "paxos_commit").state.nodes.slice(1);
  assert.ok(paxosCommit.every((n) => n.up && /0 open/.test(n.detail)), `Paxos Commit decided everywhere once healed: ${JSON.stringify(paxosCommit.map((n) => n.detail))}`);
  assert.match(await split.locator("#checker").innerText(), /Atomic Commit/);
  await screenshot(split, "21-commit-comparison-partition");
  await split.context().close();
});

test("each stop of the comparison tour shows every pane after its step and before the next", async () => {
  const page = await openPage(env.browser, `${env.base}#story=compare-coordinator-crash`);
  const stopText = () => page.locator("#tour-action").innerText();
  let previous = null;
  for (let stop = 0; stop < (await state(page)).tour.stops; stop++) {
    await page.click("#tour-next");
    const s = await state(page);
    assert.equal(s.tour.stop, stop);
    const action = await stopText();
    const times = s.panes.map((p) => p.state.time_ms);
    assert.ok(times.every((t) => t === times[0]), `one clock at stop ${stop + 1}: ${times}`);
    const up = s.panes.map((p) => p.state.nodes[0].up);
    if (/crashes/.test(action)) {
      assert.ok(up.every((u) => !u), `node 1 is down at “${action}”`);
      assert.ok(previous.up.every((u) => u), `and still up at the stop before, “${previous.action}”`);
      assert.equal(times[0], previous.time, "the crash happens at the end of the time before it");
      const twoPc = paneOf(s, "two_phase_commit");
      assert.ok(twoPc.state.nodes.slice(1).every((n) => n.tone === "blocked"), "every participant voted Yes and is blocked");
      await screenshot(page, "20-comparison-crash-stop");
    }
    if (/^Time runs for (\d+) ms/.test(action) && previous) {
      const ms = Number(action.match(/^Time runs for (\d+) ms/)[1]);
      assert.equal(times[0], previous.time + ms, `“${action}” ends ${ms} ms after the stop before`);
    }
    previous = { action, up, time: times[0] };
  }
  await page.context().close();
});

test("the tour follows a cursor moved by the timeline or by playing, so its text stays in step with the canvas", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-leader-crash&stop=3`);
  let s = await state(page);
  assert.equal(s.tour.stop, 2);
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  s = await state(page);
  assert.equal(s.tour.stop, s.tour.stops - 1, "at the end of the recording, the last stop");
  assert.match(await page.locator("#tour-position").innerText(), new RegExp(`Stop ${s.tour.stops} of ${s.tour.stops}`));
  await page.locator("#scrub").fill("0");
  s = await state(page);
  assert.equal(s.tour.stop, null, "before anything happened, the introduction");
  // Playing from the introduction moves the tour on as the stops' steps go by.
  await setSpeed(page, 0);
  await page.click("#play");
  await until(page, (t) => t.tour && t.tour.stop !== null && t.tour.stop >= 1, 20000, "the tour to follow the play");
  await page.click("#play");
  s = await state(page);
  assert.ok(s.tour.stop >= 1);
  await page.context().close();
});

test("a stop whose text does not fit says so, and opens to show all of it", async () => {
  for (const viewport of [{ width: 1366, height: 850 }, { width: 390, height: 844 }]) {
    const page = await openPage(env.browser, `${env.base}#story=raft-figure-8&stop=24`, { viewport });
    const text = page.locator("#tour-text");
    const more = page.locator("#tour-more");
    const fits = () => text.evaluate((e) => e.scrollHeight <= e.clientHeight + 1);
    assert.equal(await fits(), false, `stop 24's text is longer than its box at ${viewport.width} px`);
    await more.waitFor({ state: "visible" });
    assert.match(await more.innerText(), /More below/);
    await more.click();
    assert.equal(await fits(), true, "opened, the whole text shows");
    assert.match(await more.innerText(), /Show less/);
    await screenshot(page, `23-tour-text-opened-${viewport.width}`);
    await more.click();
    assert.equal(await fits(), false);
    await page.context().close();
  }
  // A stop that fits says nothing more.
  const page = await openPage(env.browser, `${env.base}#story=raft-first-election&stop=1`, { viewport: { width: 1366, height: 850 } });
  assert.equal(await page.locator("#tour-text").evaluate((e) => e.scrollHeight <= e.clientHeight + 1), true);
  assert.equal(await page.locator("#tour-more").isVisible(), false);
  await page.context().close();
});

test("a fault applied in one pane appears in every pane at the same virtual time", async () => {
  const page = await openPage(env.browser, env.base);
  await page.selectOption("#protocols", "raft,two_phase_commit");
  await playFor(page, 600);
  await request(page, 0, 1, "set a 1");
  await playFor(page, 300);
  let s = await state(page);
  const crashAt = s.time;
  await clickPaneNode(page, 1, 1);
  await page.locator("#node-menu").waitFor({ state: "visible" });
  await page.click("#menu-crash");
  s = await state(page);
  assert.ok(s.panes.every((p) => p.state.nodes[0].up === false), "node 1 is down in both panes");
  assert.ok(s.panes.every((p) => p.state.time_ms === crashAt), "at the same virtual time");
  await request(page, 1, 1, "set b 2");
  await playFor(page, 2500);
  s = await state(page);
  const raft = paneOf(s, "raft"), twoPc = paneOf(s, "two_phase_commit");
  assert.ok(raft.metrics.committed >= 1, "Raft answers after electing a new leader");
  assert.equal(twoPc.metrics.open, 1, "2PC's request waits for its coordinator");
  const events = await page.locator("#events").innerText();
  assert.match(events, /1 crashed/);
  const reopened = await openPage(env.browser, page.url());
  const again = await state(reopened);
  assert.equal(again.time, s.time, "the page's link reopens the same moment");
  assert.deepEqual(again.panes.map((p) => p.metrics), s.panes.map((p) => p.metrics));
  await reopened.context().close();
  await page.click("#pane-title-1");
  assert.equal((await state(page)).focus, 1);
  assert.match(await page.locator("#events").innerText(), /1 crashed/);
  assert.match(await page.locator("#logs-title").innerText(), /Two-phase commit: transactions/);
  await page.context().close();
});

test("the space-time diagram and the canvas share the cursor; clicking an arrow selects its message", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-leader-crash`);
  const end = (await state(page)).end;
  await page.locator("#scrub").fill(String(Math.floor(end / 2)));
  let s = await state(page);
  assert.ok(s.diagram.arrows > 50, "every message is an arrow");
  assert.ok(s.diagram.from <= s.position && s.position <= s.diagram.to, "the diagram shows the cursor");
  const spot = s.diagram.spots.find((a) => a.sent !== s.position);
  await page.locator("#diagram").scrollIntoViewIfNeeded();
  const box = await page.locator("#diagram").boundingBox();
  await page.mouse.move(box.x + spot.x, box.y + spot.y);
  assert.equal((await state(page)).diagram.hovered, spot.id, "hovering an arrow labels it");
  const tooltip = await page.locator("#diagram").getAttribute("title");
  assert.match(tooltip, /^(RequestVote|RequestVoteReply|AppendEntries|AppendEntriesReply) \d+ → \d+ · term=\d+ .* · sent at \d+ ms$/, tooltip);
  await page.mouse.click(box.x + spot.x, box.y + spot.y);
  s = await state(page);
  assert.equal(s.highlight.message, spot.id, "the message is selected");
  assert.equal(s.position, spot.sent, "the cursor moved to when it was sent");
  assert.ok(s.state.in_flight.some((m) => m.id === spot.id), "and it is on the canvas, in flight");
  const before = s.position;
  await page.mouse.click(box.x + 20, box.y + 280);
  s = await state(page);
  assert.notEqual(s.position, before, "clicking a row moves the cursor");
  await page.locator("#diagram").hover();
  await page.mouse.wheel(0, 600);
  s = await state(page);
  assert.equal(s.diagram.follow, false, "scrolling leaves follow mode");
  await page.click("#diagram-zoom-out");
  assert.ok((await state(page)).diagram.row_px < s.diagram.row_px);
  await page.click("#diagram-follow");
  await screenshot(page, "21-diagram");
  await page.context().close();
});

test("a tour plays stop by stop with captions and rules, is addressable by URL, and can be taken over", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-leader-crash`);
  let s = await state(page);
  assert.deepEqual([s.tour.slug, s.tour.stop], ["raft-leader-crash", null]);
  assert.match(await page.locator("#tour-position").innerText(), /Introduction/);
  for (let i = 0; i < 3; i++) await page.click("#tour-next");
  s = await state(page);
  assert.equal(s.tour.stop, 2);
  assert.match(await page.locator("#tour-position").innerText(), new RegExp(`Stop 3 of ${s.tour.stops}`));
  assert.ok(page.url().endsWith("#story=raft-leader-crash&stop=3"), page.url());
  const rules = page.locator("#tour-rules a");
  assert.ok((await rules.count()) >= 1, "the stop links the rule it follows");
  assert.match(await rules.first().getAttribute("href"), /raft\.pdf/);
  const position = s.position;
  await page.click("#tour-prev");
  assert.equal((await state(page)).tour.stop, 1);
  await page.click("#tour-next");
  assert.equal((await state(page)).position, position);

  const linked = await openPage(env.browser, `${env.base}#story=raft-leader-crash&stop=3`);
  const opened = await state(linked);
  assert.deepEqual([opened.position, opened.tour.stop], [position, 2], "a link opens the same stop");
  await linked.context().close();

  await page.click("#reset");
  s = await state(page);
  assert.deepEqual([s.tour.stop, s.position], [null, 0], "Reset starts the tour again");
  for (let i = 0; i < 3; i++) await page.click("#tour-next");

  await page.click("#take-over");
  s = await state(page);
  assert.equal(s.tour, null);
  assert.equal(s.position, position, "taking over keeps the exact state");
  await page.click("#step");
  s = await state(page);
  assert.equal(s.position, position + 1);
  assert.equal(s.end, position + 1, "the free run branches off the story here");
  await screenshot(page, "22-tour");
  await page.context().close();
});

test("the counterexample search finds the Figure 8 bug without freezing the page, and loads it", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-figure-8`);
  await page.click("#take-over");
  await page.check("#bug-count_previous_term_entries");
  await page.click("#play");
  const requestsBefore = page.requests.length;
  await page.click("#hunt");
  const started = await until(page, (s) => s.hunt?.running && s.hunt.tried > 0, 10000, "the search to start");
  assert.ok(started.hunt.in_worker, "the search runs in Web Workers");
  assert.ok(started.playing, "the run keeps playing while the worker searches");
  // The page keeps drawing while the worker searches: count the frames over a second of it.
  const frames0 = await page.evaluate(() => window.__frames);
  const t0 = Date.now();
  await page.waitForTimeout(1000);
  const drawn = (await page.evaluate(() => window.__frames)) - frames0;
  const during = await state(page);
  if (during.hunt.running) assert.ok(drawn >= 20, `${drawn} frames in ${Date.now() - t0} ms while searching`);
  assert.match(await page.locator("#hunt-progress").innerText(), /Searching… \d+ schedules tried in [\d.]+ s \(\d+\/s\)|Found after/);
  // The search's code is not in the first load: its module is fetched when the search
  // starts (by each of its workers, one per core), and nothing else is.
  assert.equal(started.hunt.workers, await page.evaluate(() => Math.min(4, Math.max(1, navigator.hardwareConcurrency))));
  const search = /\/consensus-search(_bg\.wasm|\.js)$/;
  assert.ok(!page.requests.slice(0, requestsBefore).some((u) => search.test(u)), "not fetched with the page");
  const fetched = page.requests.slice(requestsBefore).filter((u) => !u.startsWith("blob:"));
  assert.deepEqual([...new Set(fetched.map((u) => u.match(search)?.[0]))].sort(), ["/consensus-search.js", "/consensus-search_bg.wasm"], fetched.join(" "));
  const s = await until(page, (s) => s.hunt && !s.hunt.running, 120000, "a counterexample");
  assert.ok(["Leader Completeness", "State Machine Safety"].includes(s.hunt.found), s.hunt.found);
  assert.match(await page.locator("#hunt-progress").innerText(), /Found after \d+ schedules/);
  const parting = await page.locator("#hunt-parting").innerText();
  assert.match(parting, /^Here the runs part, at \d+ ms: with the bug, .*the bug switch is on; Raft's rule \(§5\.4\.2\)/, parting);
  assert.match(parting, /Correct Raft breaks nothing\./);
  assert.ok(s.tour && s.tour.stops > 0, "the counterexample opens as a tour");
  assert.match(await page.locator("#story-name").innerText(), /Counterexample/);
  await page.locator("#scrub").fill(String(s.end));
  const end = await state(page);
  assert.ok(end.violations.length > 0, "stepping to its end shows the violation");
  assert.match(await page.locator("#checker").innerText(), /an invariant is broken/);
  await screenshot(page, "23-counterexample");
  // The counterexample beside the correct protocol, at the moment the runs part.
  await page.click("#beside-correct");
  const beside = await until(page, (s) => s.beside_correct?.parting, 10000, "the comparison");
  assert.deepEqual(beside.beside_correct.names, ["Raft with the bug", "Correct Raft"]);
  assert.equal(beside.time, beside.beside_correct.parting.time_ms);
  assert.match(await page.locator("#parting-0").innerText(), /^Parted at \d+ ms: .*the bug switch is on/);
  assert.match(await page.locator("#parting-1").innerText(), /^Parted at \d+ ms: correct Raft /);
  assert.match(await page.locator("#tour-action").innerText(), /^Here the runs part/);
  await page.context().close();
});

test("the search cancels at once, and without a bug switch stops by itself and says what it showed", async () => {
  const page = await openPage(env.browser, env.base);
  await page.click("#hunt");
  let s = await until(page, (s) => s.hunt?.running && s.hunt.tried > 0, 10000, "the search to start");
  assert.ok(s.hunt.in_worker);
  await page.click("#hunt-cancel");
  s = await state(page);
  assert.equal(s.hunt.running, false, "cancelled at once");
  const tried = s.hunt.tried;
  await page.waitForTimeout(300);
  assert.equal((await state(page)).hunt.tried, tried, "nothing more is tried after a cancel");
  assert.match(await page.locator("#hunt-progress").innerText(), /^Stopped after [\d,]+ schedules/);
  await page.click("#hunt");
  s = await until(page, (s) => s.hunt && !s.hunt.running, 120000, "the bounded search to end");
  assert.equal(s.hunt.tried, 10000);
  assert.equal(s.hunt.found, null);
  assert.match(await page.locator("#hunt-progress").innerText(),
    /^10,000 random schedules with crashes, partitions, loss and duplication \([\d.]+ s\): no violation — correct Raft held every safety and progress property\./);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("compare with the correct protocol: the Figure 8 counterexample beside correct Raft, parted at the buggy commit in both panes and the diagram", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  await page.setInputFiles("#load-file", `${REPO}crates/core/tests/data/figure-8-counterexample.json`);
  await until(page, (s) => s.end > 100, 5000, "the counterexample");
  await page.locator("#beside-correct-bugs").scrollIntoViewIfNeeded();
  assert.equal(await page.locator("#beside-correct-bugs").innerText(), "Compare with the correct protocol");
  await page.click("#beside-correct-bugs");
  const s = await until(page, (s) => s.beside_correct?.parting, 10000, "the comparison");
  const parting = s.beside_correct.parting;
  // Both panes run: the same scenario and seed, one with the switch, one without.
  assert.equal(s.panes.length, 2);
  assert.equal(s.time, parting.time_ms, "it opens where the runs part");
  assert.equal(await page.locator("#pane-title-0").innerText(), "Raft with the bug");
  assert.equal(await page.locator("#pane-title-1").innerText(), "Correct Raft");
  const bugMark = await page.locator("#parting-0").getAttribute("title");
  const correctMark = await page.locator("#parting-1").getAttribute("title");
  assert.match(bugMark, new RegExp(`^Parted at ${parting.time_ms} ms: 5 counted entry 1 as committed .* the bug switch is on`));
  assert.match(correctMark, new RegExp(`^Parted at ${parting.time_ms} ms: correct Raft does not do this \\(§5\\.4\\.2`));
  // What the panes say is what their runs did: node 5's commit index moved only with the bug.
  assert.equal(s.panes[0].state.nodes[4].settled_upto, 1);
  assert.equal(s.panes[1].state.nodes[4].settled_upto, 0);
  // The diagram marks the row.
  assert.ok(parting.shown, "the parting row is on the diagram");
  // The tour's stop says so, and the violation's stop points back to it.
  assert.match(await page.locator("#tour-action").innerText(), new RegExp(`^Here the runs part \\(${parting.time_ms} ms\\)`));
  assert.match(await page.locator("#tour-caption").innerText(), /Until now both did exactly the same/);
  const happened = await page.locator("#tour-happened").innerText();
  assert.match(happened, /With the bug: 5 counted entry 1 as committed/);
  assert.match(happened, /Correct Raft: does not do this/);
  await screenshot(page, "24-beside-correct");
  for (const [width, height, name] of [[390, 844, "25-beside-correct-phone"], [640, 480, "26-beside-correct-embed"]]) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await screenshot(page, name);
  }
  await page.setViewportSize({ width: 1366, height: 850 });
  let stop = (await state(page)).tour.stop;
  let caption = "";
  while (!/Leader Completeness breaks here/.test(caption)) {
    await page.click("#tour-next");
    await until(page, (t) => t.tour.stop === stop + 1, 5000, "the next stop");
    stop += 1;
    caption = await page.locator("#tour-caption").innerText();
  }
  assert.match(caption, /It follows from where the runs parted, \d+ ms earlier \(stop \d+\)/);
  const broken = await state(page);
  assert.ok(broken.panes[0].violations.length > 0, "the run with the bug broke Leader Completeness");
  assert.equal(broken.panes[1].violations.length, 0, "correct Raft broke nothing");
  // Going back before the parting: both panes say they are the same so far.
  await page.locator("#scrub").fill(String(parting.time_ms - 1));
  await page.locator("#parting-0", { hasText: "Same as the other pane so far" }).waitFor();
  assert.equal(await page.locator("#parting-1").innerText(), `Same as the other pane so far · the runs part at ${parting.time_ms} ms`);
  await page.click("#beside-correct-bugs");
  await until(page, (t) => !t.beside_correct && t.panes.length === 1, 5000, "the bug alone");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("exports: the scenario file replays to the same state with `consensus`, the trace is JSON, the diagram SVG", async () => {
  const page = await openPage(env.browser, env.base);
  await page.selectOption("#protocols", "raft,two_phase_commit");
  await playFor(page, 700);
  await request(page, 0, 1, "set x 1");
  await playFor(page, 200);
  await clickPaneNode(page, 0, 3);
  await page.locator("#node-menu").waitFor({ state: "visible" });
  await page.click("#menu-crash");
  await request(page, 0, 1, "set y 2");
  await playFor(page, 500);
  const s = await state(page);
  const scenario = await exportFile(page, "#save");
  const compared = consensus("compare", scenario.path);
  for (const pane of s.panes) {
    const replayed = compared.protocols[pane.protocol];
    assert.equal(replayed.result.time_ms, s.time, pane.protocol);
    assert.deepEqual(replayed.metrics, pane.metrics, pane.protocol);
  }
  const trace = JSON.parse((await exportFile(page, "#export-trace")).text);
  assert.ok(trace.raft.some((l) => /3 crashed/.test(l.text)));
  assert.ok(trace.two_phase_commit.length > 0);
  const svg = (await exportFile(page, "#export-svg")).text;
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok((svg.match(/<line/g) || []).length > 10);
  const png = await exportFile(page, "#export-png");
  assert.ok(png.path.endsWith(".png"));

  await page.selectOption("#protocols", "raft");
  await playFor(page, 900);
  await request(page, 0, 2, "set z 3");
  await playFor(page, 400);
  const single = await state(page);
  const run = consensus("run", (await exportFile(page, "#save")).path);
  assert.equal(run.time_ms, single.time);
  assert.deepEqual(run.metrics, single.panes[0].metrics);
  assert.deepEqual(run.final.nodes.map((n) => n.kv), single.state.nodes.map((n) => n.kv));
  await page.context().close();
});

test("the client load keeps side-by-side panes busy in free play, recorded so a link replays it", async () => {
  const page = await openPage(env.browser, env.base);
  await page.selectOption("#protocols", "raft,two_phase_commit,paxos");
  await page.locator("#client-load").fill("10");
  assert.match(await page.locator("#client-load-out").innerText(), /10 writes\/s/);
  await setSpeed(page, 0);
  await page.click("#play");
  await until(page, (s) => s.time >= 3000, 30000, "3 s of virtual time");
  await page.click("#play");
  const s = await state(page);
  for (const pane of s.panes) {
    assert.ok(pane.metrics.committed >= 15, `${pane.protocol} commits under the load: ${pane.metrics.committed}`);
  }
  const reopened = await openPage(env.browser, page.url());
  const again = await state(reopened);
  assert.deepEqual(again.panes.map((p) => p.metrics.committed), s.panes.map((p) => p.metrics.committed), "the link replays the load");
  await reopened.context().close();
  await page.context().close();
});
