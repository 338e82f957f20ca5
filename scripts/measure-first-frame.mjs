// Measures what a reader on a slow phone feels: how long a cold visit stays blank. The
// release build (target/site, run scripts/build-page first) and RaftScope (the copy in
// ../shared/anchors/raftscope, the page readers know) are served side by side from one
// local server, every file gzip-compressed as static hosts serve it, and loaded in
// Debian's headless Chromium under Lighthouse's "slow 4G" profile — 150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up — with the CPU slowed 4×, a fresh browser context (cold
// cache) each time. Loads alternate between the two pages so both see the same machine.
//
// The first frame: for this page, the `first-frame` performance mark (set when the
// simulation's first frame is drawn on the canvas); for RaftScope, the moment its servers
// exist as SVG `g.server` elements, read at the next animation frame. Both count from the
// navigation's start. Also when every control works: for this page, when the full page has
// taken over from the first module (the loader's mark `taken-over`). Prints a JSON summary (medians, every load, bytes on the wire, the
// ratio); the figures go in the README. Not a test: it asserts nothing.
//
// ROUNDS=n sets the loads per page (default 7); SITE=dir measures another build; OPEN=…
// opens this page at a link instead of plain (e.g. OPEN='?embed=1#story=raft-leader-crash',
// an embed, which opens straight on the full page).
import { createServer } from "node:http";
import { readFileSync, statSync, existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { launch, SUBPATH } from "../tests/e2e/helpers.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const OPEN = process.env.OPEN ?? "";
const SITE = process.env.SITE ?? new URL("../target/site/", import.meta.url).pathname;
const RAFTSCOPE = new URL("../../shared/anchors/raftscope/", import.meta.url).pathname;
/** Lighthouse's slow 4G, in bytes per second and ms. */
const SLOW_4G = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png",
  ".json": "application/json", ".woff": "font/woff", ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject",
};
const gzipped = new Map();

/** Serves `/consensus-playground/…` from the build and `/raftscope/…` from RaftScope, gzipped. */
function startServer() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const [root, rest] = path.startsWith("/raftscope/")
      ? [RAFTSCOPE, path.slice("/raftscope/".length)]
      : [SITE, path.slice(1)];
    let file = normalize(join(root, rest));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }));
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-encoding": "gzip",
      "cache-control": "no-store",
    });
    response.end(gzipped.get(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** One cold load of `url` under the slow-phone profile: its first frame (ms from the
 * navigation's start) and the bytes it fetched before it. */
async function load(browser, url, firstFrame, ready) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW_4G });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  const bytes = [];
  cdp.on("Network.loadingFinished", (e) => bytes.push({ length: e.encodedDataLength }));
  await page.goto(url, { waitUntil: "commit" });
  const at = await page.waitForFunction(firstFrame, null, { timeout: 120_000, polling: 50 }).then((h) => h.jsonValue());
  // The bytes on the wire by the time the first frame was seen.
  const wire = bytes.reduce((sum, b) => sum + b.length, 0);
  // When every control works: for this page, once the full page has taken over.
  const readyAt = ready ? await page.waitForFunction(ready, null, { timeout: 120_000, polling: 50 }).then((h) => h.jsonValue()) : at;
  await context.close();
  return { first_frame_ms: Math.round(at), bytes: wire, ready_ms: Math.round(readyAt) };
}

const ours = () => {
  const mark = performance.getEntriesByName("first-frame")[0];
  return mark ? mark.startTime : false;
};
const oursReady = () => {
  const mark = performance.getEntriesByName("taken-over")[0] ?? performance.getEntriesByName("first-frame")[0];
  return mark && window.wasmBindings ? mark.startTime : false;
};
const raftscope = () => {
  if (window.__serversAt) return window.__serversAt;
  if (document.querySelector("#servers g.server") && !window.__waiting) {
    window.__waiting = true;
    requestAnimationFrame(() => { window.__serversAt = performance.now(); });
  }
  return false;
};

const server = await startServer();
const port = server.address().port;
const browser = await launch();
const runs = { playground: [], raftscope: [] };
for (let i = 0; i < ROUNDS; i++) {
  runs.playground.push(await load(browser, `http://127.0.0.1:${port}${SUBPATH}${OPEN}`, ours, oursReady));
  runs.raftscope.push(await load(browser, `http://127.0.0.1:${port}/raftscope/index.html`, raftscope));
}
await browser.close();
server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (list) => ({
  first_frame_ms_median: median(list.map((r) => r.first_frame_ms)),
  first_frame_ms: list.map((r) => r.first_frame_ms),
  bytes_on_the_wire: median(list.map((r) => r.bytes)),
  every_control_works_ms_median: median(list.map((r) => r.ready_ms)),
});
const result = {
  profile: `slow 4G (${SLOW_4G.latency} ms RTT, 1.6 Mbit/s down, 750 kbit/s up), CPU ${CPU_SLOWDOWN}× slower, cold cache, gzip`,
  rounds: ROUNDS,
  opened: `${SUBPATH}${OPEN}`,
  playground: summary(runs.playground),
  raftscope: summary(runs.raftscope),
};
result.ratio = +(result.playground.first_frame_ms_median / result.raftscope.first_frame_ms_median).toFixed(2);
console.log(JSON.stringify(result, null, 2));
