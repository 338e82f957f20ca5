import { chromium } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const st = async () => JSON.parse(await page.evaluate(() => window.wasmBindings.playgroundState()));
await page.goto("http://127.0.0.1:8123/consensus-playground/#story=raft-leader-crash");
await page.waitForTimeout(500);
for (let i = 0; i < 3; i++) { await page.click("#tour-next"); const s = await st(); console.log(s.position, s.tour.stop, page.url()); }
const p2 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await p2.goto("http://127.0.0.1:8123/consensus-playground/#story=raft-leader-crash&stop=3");
await p2.waitForTimeout(500);
console.log(JSON.parse(await p2.evaluate(() => window.wasmBindings.playgroundState())).position);
await browser.close();
