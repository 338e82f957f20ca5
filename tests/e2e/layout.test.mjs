// End-to-end: at every stop of every built-in story, on a desktop and on a phone, the whole
// cluster canvas and the tour and time controls are in view without scrolling, and the
// canvas does not move from one stop to the next.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, state, screenshot } from "./helpers.mjs";

const env = useBrowser();

/** The slugs of the built-in stories, as the Story menu lists them. */
async function storySlugs(page) {
  return page.evaluate(() => [...document.querySelectorAll("#story option")].map((o) => o.value).filter((v) => v));
}

/** Asserts `selector`'s box lies inside the viewport. */
async function inView(page, selector, where) {
  const box = await page.locator(selector).first().boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box, `${selector} is laid out (${where})`);
  assert.ok(box.y >= -1 && box.y + box.height <= height + 1 && box.x >= -1 && box.x + box.width <= width + 1,
    `${selector} is in view at ${where}: ${JSON.stringify(box)} in ${width}×${height}`);
  return box;
}

for (const [device, viewport] of [["desktop", { width: 1366, height: 850 }], ["phone", { width: 390, height: 844 }]]) {
  test(`every stop of every story shows the whole cluster and the controls without scrolling (${device})`, async () => {
    const first = await openPage(env.browser, `${env.base}#story=raft-first-election`, { viewport });
    const slugs = await storySlugs(first);
    assert.ok(slugs.length >= 15, `${slugs}`);
    await first.context().close();
    for (const slug of slugs) {
      const page = await openPage(env.browser, `${env.base}#story=${slug}`, { viewport });
      const stops = (await state(page)).tour.stops;
      let canvas = null;
      for (let stop = 0; stop <= stops; stop++) {
        const where = `${slug} stop ${stop}`;
        assert.equal(await page.evaluate(() => window.scrollY), 0, `no scrolling at ${where}`);
        const box = await inView(page, "#panes", where);
        if (stop > 1) assert.deepEqual(box, canvas, `the canvas holds still at ${where}`);
        canvas = box;
        await inView(page, "#tour-next", where);
        await inView(page, "#play", where);
        if (stop < stops) await page.click("#tour-next");
      }
      if (slug === "raft-figure-8" || slug === "compare-coordinator-crash") await screenshot(page, `40-layout-${device}-${slug}`);
      await page.context().close();
    }
  });
}

for (const [width, height] of [[640, 480], [360, 600]]) {
  test(`an embedded story at ${width}×${height} shows the whole cluster and its tour and time controls`, async () => {
    const page = await openPage(env.browser, `${env.base}?embed=1#story=raft-leader-crash`, { viewport: { width, height } });
    for (let stop = 0; stop <= 3; stop++) {
      const where = `embed ${width}×${height}, stop ${stop}`;
      assert.equal(await page.evaluate(() => window.scrollY), 0, `no scrolling at ${where}`);
      await inView(page, "#panes", where);
      await inView(page, "#tour-next", where);
      await inView(page, "#play", where);
      await page.click("#tour-next");
    }
    await screenshot(page, `41-embed-${width}x${height}`);
    await page.context().close();
  });
}

test("a first visit is introduced and pointed at a story; the choice is remembered", async () => {
  const page = await openPage(env.browser, env.base, { viewport: { width: 1366, height: 850 } });
  const intro = page.locator("#intro");
  assert.ok(await intro.isVisible(), "the introduction shows on a first visit");
  assert.match(await intro.innerText(), /Raft[\s\S]*two-phase commit[\s\S]*Paxos/);
  await screenshot(page, "42-first-visit");
  await page.click("#intro-start");
  const s = await state(page);
  assert.equal(s.tour.slug, "raft-first-election", "it starts the first story");
  assert.ok(!(await intro.isVisible()));
  await page.goto(env.base);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  assert.ok(!(await intro.isVisible()), "a dismissed introduction stays dismissed");
  const linked = await openPage(env.browser, `${env.base}#story=raft-partition`, { viewport: { width: 1366, height: 850 } });
  assert.ok(!(await linked.locator("#intro").isVisible()), "a link to a story skips it");
  await linked.context().close();
  await page.context().close();
  // On a phone, the whole cluster and Play stay on the first screen under the introduction.
  const phone = await openPage(env.browser, env.base, { viewport: { width: 390, height: 844 } });
  assert.ok(await phone.locator("#intro").isVisible());
  const play = await phone.locator("#play").boundingBox();
  assert.ok(play && play.y + play.height <= 844, `Play is on the phone's first screen: ${JSON.stringify(play)}`);
  const canvas = await phone.locator("#cluster-0").boundingBox();
  assert.ok(canvas.y >= 0 && canvas.y + canvas.height <= 844);
  await screenshot(phone, "42-first-visit-phone");
  await phone.context().close();
});

test("hovering a log cell reads the entry: its index, term and command", async () => {
  const page = await openPage(env.browser, `${env.base}#story=raft-lagging-follower`, { viewport: { width: 1366, height: 850 } });
  const end = Number(await page.locator("#scrub").getAttribute("max"));
  await page.locator("#scrub").fill(String(end));
  const logs = page.locator("#logs");
  await logs.scrollIntoViewIfNeeded();
  const box = await logs.boundingBox();
  // Node 1's first cell: the label column is 44 px wide, the index header 16 px tall.
  await page.mouse.move(box.x + 44 + 12, box.y + 16 + 4 + 12);
  const title = await logs.getAttribute("title");
  assert.match(title, /^node 1: entry 1, term \d+: /, title);
  assert.match(await page.locator("#logs-legend").innerText(), /red outline: differs from the leader's entry/);
  await screenshot(page, "43-log-hover");
  await page.context().close();
});

test("a log longer than its panel scrolls sideways and shows its newest entries", async () => {
  const steps = [{ timeout: 1 }, { stabilize: true }];
  for (let i = 0; i < 40; i++) steps.push({ client: { node: 1, command: `set k${i} ${i}` } }, { stabilize: true });
  const run = { scenario: { protocol: "raft", nodes: 3, timers: "manual", network: "manual", steps }, cursor: 1e9, time: 0 };
  const page = await openPage(env.browser, `${env.base}#run=${encodeURIComponent(JSON.stringify(run))}`, { viewport: { width: 1366, height: 850 } });
  const scroller = page.locator("#logs-scroll");
  await scroller.scrollIntoViewIfNeeded();
  const { scrollWidth, clientWidth, scrollLeft } = await scroller.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, scrollLeft: e.scrollLeft }));
  assert.ok(scrollWidth > clientWidth + 100, `the whole log is drawn: ${scrollWidth} > ${clientWidth}`);
  assert.ok(scrollLeft + clientWidth >= scrollWidth - 4, "it opens on the newest entries");
  // The newest cell of node 1 reads as entry 40: 44 px of labels, 24 px per cell.
  const box = await page.locator("#logs").boundingBox();
  await page.mouse.move(box.x + 44 + 39 * 24 + 12, box.y + 16 + 4 + 12);
  assert.match(await page.locator("#logs").getAttribute("title"), /^node 1: entry 40, term 1: set k39 39/);
  await page.context().close();
});
