// End-to-end: a blog post with three embedded stories. Each iframe takes the height its
// page reports (the listener from Copy embed code); an embed plays only while it is in
// view — the two below the fold schedule no animation frames — and scrolling one into view
// starts it, while the one that left the view pauses where it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { useBrowser, SUBPATH, screenshot } from "./helpers.mjs";

const env = useBrowser();
const SITE = new URL("../../target/site/", import.meta.url).pathname;

const embed = (story) => `<iframe src="${SUBPATH}?embed=1&amp;autoplay=1&amp;speed=1#story=${story}" title="Consensus Playground" width="100%" height="520" style="border:0;max-width:960px" loading="lazy"></iframe>`;
const LISTENER = `<script>addEventListener("message", (e) => {
  if (e.data?.type !== "consensus-playground:height") return;
  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px";
});</script>`;

writeFileSync(`${SITE}blog-post-test.html`, `<!doctype html><html><head><meta charset="utf-8"><title>A post</title></head><body style="margin:0">
<h1>Three stories</h1>
${embed("raft-leader-crash")}
<div style="height:3000px">Lorem ipsum…</div>
${embed("2pc-coordinator-crash")}
<div style="height:3000px">More words…</div>
${embed("paxos-dueling")}
${LISTENER}
</body></html>`);

/** The playground frame whose URL holds `story`, once it has loaded and drawn. */
async function frameOf(page, story) {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes(`story=${story}`));
    if (frame && (await frame.evaluate(() => !!window.wasmBindings?.playgroundState).catch(() => false))) return frame;
    await sleep(100);
  }
  throw new Error(`the ${story} embed never loaded`);
}
const virtualTime = (frame) => frame.evaluate(() => JSON.parse(window.wasmBindings.playgroundState()).time);
const frames = (frame) => frame.evaluate(() => window.__frames);
const playing = (frame) => frame.evaluate(() => JSON.parse(window.wasmBindings.playgroundState()).playing);

/** Waits until `f()` is true. */
async function until(f, what, ms = 15000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await f()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("in a blog post, embeds size themselves, play only in view, and resume where they were", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  await context.addInitScript(() => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__frames++; return raf(cb); };
  });
  const page = await context.newPage();
  await page.goto(env.base.replace(SUBPATH, "/blog-post-test.html"));
  const first = await frameOf(page, "raft-leader-crash");
  const iframes = page.locator("iframe");

  // The first embed is in view: it reports its height and plays by itself.
  await until(async () => (await iframes.nth(0).evaluate((f) => f.style.height)) !== "", "the first iframe to be sized");
  const reported = await first.evaluate(() => document.documentElement.scrollHeight);
  assert.equal(await iframes.nth(0).evaluate((f) => f.getBoundingClientRect().height), reported, "no scrollbar, no gap");
  await until(async () => (await virtualTime(first)) > 0, "the first embed to play");

  // The other two are out of view: nothing of them animates.
  const others = page.frames().filter((f) => /story=(2pc-coordinator-crash|paxos-dueling)/.test(f.url()));
  for (const frame of others) {
    const counted = await frame.evaluate(() => window.__frames ?? 0).catch(() => 0);
    assert.equal(counted, 0, `${frame.url()} schedules no frames out of view`);
  }

  // Scrolling the second into view starts it; the first, now out of view, pauses.
  await iframes.nth(1).scrollIntoViewIfNeeded();
  const second = await frameOf(page, "2pc-coordinator-crash");
  await until(async () => (await virtualTime(second)) > 0, "the second embed to start in view");
  await until(async () => (await iframes.nth(1).evaluate((f) => f.style.height)) !== "", "the second iframe to be sized");
  await until(async () => !(await playing(first)), "the first embed to pause out of view");
  const paused = await frames(first);
  const pausedAt = await virtualTime(first);
  await sleep(600);
  assert.equal(await frames(first), paused, "a paused embed schedules no frames");
  assert.equal(await virtualTime(first), pausedAt);

  // Back in view, the first resumes from where it stopped.
  await iframes.nth(0).scrollIntoViewIfNeeded();
  await until(async () => (await virtualTime(first)) > pausedAt, "the first embed to resume");
  await screenshot(page, "50-blog-post");
  await context.close();
});

test("inside a tour, Copy link and Copy embed code keep the story and its stop, with the sizing listener", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await page.goto(`${env.base}#story=raft-leader-crash`);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  await page.click("#tour-next");
  await page.click("#tour-next");
  await page.click("#copy-link");
  await page.locator("#banner-text", { hasText: "Link copied" }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.endsWith("#story=raft-leader-crash&stop=2"), link);
  await page.click("#copy-embed");
  await page.locator("#banner-text", { hasText: "Embed code copied" }).waitFor();
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /^<iframe src="[^"]*\?embed=1#story=raft-leader-crash&amp;stop=2"/);
  assert.match(code, /consensus-playground:height/, "the listener that sizes the iframe comes with it");
  // The link reopens that very stop.
  const reopened = await context.newPage();
  await reopened.goto(link);
  await reopened.waitForFunction(() => document.querySelector("#tour-position")?.textContent?.startsWith("Stop 2 of"));
  await context.close();
});
