// End-to-end: the plain page's two modules. The first module draws the first frame; the
// full page, fetched only after it, takes over the same run without a pixel of the cluster
// moving, and the reader's clicks made while it was on its way are done once it is there,
// in order. The full page's module is held back by the test until it chooses to let it in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, screenshot, state, until } from "./helpers.mjs";

const env = useBrowser();

/** The plain page with the full page's module held back: `release()` lets it in. */
async function openHeld(viewport = { width: 1366, height: 850 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(e.message));
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const asked = [];
  await page.route("**/consensus-web_bg.wasm", async (route) => {
    asked.push(Date.now());
    await released;
    await route.continue();
  });
  await page.goto(env.base);
  await page.waitForFunction(() => performance.getEntriesByName("first-frame").length > 0);
  return { page, release, asked, close: () => context.close() };
}

/** The cluster canvas: its box on the page and its pixels. */
const canvas = (page) =>
  page.evaluate(() => {
    const c = document.getElementById("cluster-0");
    const box = c.getBoundingClientRect();
    const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return { box: [box.x, box.y, box.width, box.height], image: c.toDataURL(), inked };
  });

/** Where the header's menus and buttons, the introduction and the controls stand. */
const STILL = ["#story", "#protocols", "#copy-link", "#help", "#intro-start", "#pane-options-0", "#play", "#speed", "#reset"];
const boxes = (page) =>
  page.evaluate((ids) => ids.map((id) => {
    const box = document.querySelector(id).getBoundingClientRect();
    return [id, Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)];
  }), STILL);

/** Wall-clock time of the first-frame mark. */
const firstFrameAt = (page) =>
  page.evaluate(() => performance.timeOrigin + performance.getEntriesByName("first-frame")[0].startTime);

for (const [size, viewport] of [["desktop", { width: 1366, height: 850 }], ["phone", { width: 390, height: 844 }]]) test(`the first module draws the cluster and the full page takes it over without moving a pixel (${size})`, async () => {
  const { page, release, asked, close } = await openHeld(viewport);
  const before = await canvas(page);
  const standing = await boxes(page);
  assert.ok(before.inked > 5000, `the first frame draws the cluster (${before.inked} pixels inked)`);
  assert.equal(await page.evaluate(() => window.wasmBindings), undefined, "the full page is not there yet");
  assert.equal(await page.textContent("#caption"), "Loading the controls…");
  assert.equal(await page.textContent("#status"), "", "no status line before the full page can keep it true");
  await screenshot(page, `hand-over-first-frame-${size}`);
  // The full page is asked for only once the first frame is drawn.
  for (let i = 0; i < 50 && asked.length === 0; i++) await page.waitForTimeout(100);
  assert.equal(asked.length, 1, "the full page's module is fetched once");
  assert.ok(asked[0] >= (await firstFrameAt(page)), "and only after the first frame");

  release();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  const after = await canvas(page);
  assert.deepEqual(after.box, before.box, "the cluster stands where it stood");
  assert.equal(after.image, before.image, "and is drawn the same, pixel for pixel: the same run at the same moment");
  assert.deepEqual(await boxes(page), standing, "the header, the introduction and the controls stand still");
  const s = await state(page);
  assert.equal(s.time, 0);
  assert.equal(s.playing, false);
  assert.equal(s.panes[0].state.nodes.length, 5);
  assert.equal(await page.evaluate(() => performance.getEntriesByName("first-frame").length), 1, "one first frame");
  await screenshot(page, `hand-over-taken-over-${size}`);
  assert.deepEqual(page.errors, []);
  await close();
});

test("what a reader does before the full page arrives is done when it arrives, in order", async () => {
  const { page, release, close } = await openHeld({ width: 390, height: 844 });
  // Switch PreVote on in the first module's pane, then press Play: both are held.
  await page.click('#pane-options-0 input[data-option="pre_vote"]');
  await page.click("#play");
  assert.equal(await page.evaluate(() => document.body.classList.contains("loading")), true, "the page says it is busy");
  release();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  const s = await until(page, (s) => s.time > 0, 20000, "the run to play");
  assert.equal(s.playing, true, "the Play pressed while loading plays the run");
  assert.equal(s.panes[0].title, "Raft + PreVote", "the PreVote switched on while loading is on");
  assert.equal(await page.locator('#pane-options-0 input[data-option="pre_vote"]').isChecked(), true);
  assert.equal(await page.evaluate(() => document.body.classList.contains("loading")), false);
  assert.deepEqual(page.errors, []);
  await close();
});

test("a link opens straight on the full page, which draws its first frame, and never fetches the first module", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 850 } });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${env.base}#story=raft-first-election`);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  const s = await state(page);
  assert.equal(s.tour.slug, "raft-first-election");
  assert.equal(await page.evaluate(() => performance.getEntriesByName("first-frame").length), 1);
  assert.deepEqual(requests.filter((u) => u.includes("consensus-first")), [], "the first module is not fetched");
  assert.doesNotMatch(await page.textContent("#caption"), /Loading/, "the full page's caption replaced the loading line");
  assert.equal(requests.filter((u) => u.endsWith("consensus-web_bg.wasm")).length, 1, "the full page once");
  await context.close();
});

test("a full page that cannot arrive is said so, over the first frame", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 850 } });
  const page = await context.newPage();
  await page.route("**/consensus-web_bg.wasm", (route) => route.abort());
  await page.goto(env.base);
  await page.waitForFunction(() => !document.getElementById("banner").hidden);
  const banner = await page.textContent("#banner-text");
  assert.match(banner, /^The rest of the playground could not be loaded \(.+\)\. Reload the page to try again\.$/);
  assert.equal(await page.evaluate(() => performance.getEntriesByName("first-frame").length), 1, "the first frame stays");
  assert.equal(await page.textContent("#caption"), "", "no promise of controls that will not come");
  await context.close();
});
