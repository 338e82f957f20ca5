// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core,
// against the release build served from a sub-path on localhost.
import { before, after } from "node:test";
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export const SUBPATH = "/consensus-playground/";
export const ARTIFACTS = new URL("../../artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/** Serves `root` (which holds the build under SUBPATH) on a free localhost port. */
export async function serve(root) {
  const port = 8200 + Math.floor(Math.random() * 700);
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root], {
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}${SUBPATH}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(base)).ok) return { base, stop: () => server.kill() };
    } catch {}
    await sleep(100);
  }
  server.kill();
  throw new Error(`the test server on port ${port} did not start`);
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS });
}

/** A page that records console errors, page errors and every request it makes; `init`, a
 * script run before the page's own. */
export async function openPage(browser, url, { init, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  if (init) await context.addInitScript(init);
  await context.addInitScript(() => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__frames++; return raf(cb); };
  });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("request", (r) => page.requests.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("t = "));
  return page;
}

/** What the page shows, as the wasm module describes it. */
export async function state(page) {
  return page.evaluate(() => JSON.parse(window.wasmBindings.playgroundState()));
}

/** Polls `predicate(state)` until it holds (or fails after `ms`). */
export async function until(page, predicate, ms = 20000, what = "condition") {
  const start = Date.now();
  let last;
  while (Date.now() - start < ms) {
    last = await state(page);
    if (predicate(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last state: t=${last?.state?.time_ms} ${JSON.stringify(last?.state?.nodes?.map((n) => [n.id, n.role, n.term, n.up]))}`);
}

export const leaders = (s) => s.state.nodes.filter((n) => n.up && n.role === "leader");

/** Clicks a point of the cluster canvas given in canvas CSS pixels. */
export async function clickCanvas(page, x, y) {
  // A control clicked before may have scrolled the canvas out of view.
  await page.locator("#cluster-0").scrollIntoViewIfNeeded();
  const box = await page.locator("#cluster-0").boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
}

/** Clicks node `id` on the canvas. */
export async function clickNode(page, id) {
  const s = await state(page);
  const [x, y] = s.layout.nodes[id - 1];
  await clickCanvas(page, x, y);
}

/** Sets the speed slider (log10 of virtual ms per real ms). */
export async function setSpeed(page, log10) {
  await page.locator("#speed").fill(String(log10));
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Clicks node `id` on pane `pane`'s canvas (side by side). */
export async function clickPaneNode(page, pane, id) {
  const s = await state(page);
  const [x, y] = s.panes[pane].layout.nodes[id - 1];
  await page.locator(`#cluster-${pane}`).scrollIntoViewIfNeeded();
  const box = await page.locator(`#cluster-${pane}`).boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
}

/** Opens the export menu and downloads one of its files; returns the file's text. */
export async function exportFile(page, button) {
  if (!(await page.locator(button).isVisible())) await page.click(".export summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  const path = `${process.env.TMPDIR || "/tmp"}/${Date.now()}-${download.suggestedFilename()}`;
  await download.saveAs(path);
  const { readFileSync } = await import("node:fs");
  return { path, text: readFileSync(path, "utf8") };
}

/**
 * Serves the release build in target/site and launches Chromium before the file's tests,
 * and stops both after them. Returns an object whose `browser` and `base` are set then.
 */
export function useBrowser() {
  const env = { browser: null, base: null, server: null };
  const root = new URL("../../target/site/", import.meta.url).pathname;
  before(async () => {
    env.server = await serve(root);
    env.base = env.server.base;
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}
