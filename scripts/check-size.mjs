// Fails when what the page fetches before its first frame grows past its ceiling, or when
// the full page (fetched after it) or the whole download does. Sizes are gzip-compressed,
// as static hosts serve them, from the release build in target/site (run scripts/build-page
// first).
//
// Before the first frame: index.html and every file of the build it names, except the
// full page's module, which the loader in index.html fetches only once the first module
// has drawn the first frame (see docs/architecture.md, "Two modules"). The search's module
// is fetched only when a search starts. The ceilings stop the download growing by accident:
// raise one only for growth that was looked at and written down in the README's figures,
// and lower it whenever the page shrinks. The first-frame ceiling was set from issue 29's
// split (91,596 bytes: the first module with the page's HTML and CSS), where a reader on
// a slow phone sees the cluster before RaftScope's; the full page's from the single module
// it replaced (391,500); the whole download's from this work too (767,098 bytes, the search's
// module grown by serde-wasm-bindgen).
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const FIRST_FRAME_CEILING = 93_000;
const FULL_PAGE_CEILING = 391_500;
const EVERYTHING_CEILING = 770_000;
/** The full page's module: named in index.html by its loader, fetched after the first frame. */
const AFTER_FIRST_FRAME = /^consensus-web(\.js|_bg\.wasm)$/;

const dir = new URL("../target/site/consensus-playground/", import.meta.url).pathname;
const html = readFileSync(dir + "index.html", "utf8");
const files = readdirSync(dir).filter((name) => !name.endsWith(".html") || name === "index.html");
const size = (name) => gzipSync(readFileSync(dir + name), { level: 9 }).length;
const sum = (names) => names.map(size).reduce((a, b) => a + b, 0);

const firstFrame = files.filter((name) => (name === "index.html" || html.includes(name)) && !AFTER_FIRST_FRAME.test(name));
const fullPage = files.filter((name) => AFTER_FIRST_FRAME.test(name));
if (fullPage.length !== 2) {
  console.error(`The build has no full page's module beside index.html (found ${fullPage.join(", ") || "none"}).`);
  process.exit(1);
}
const checks = [
  ["before the first frame", sum(firstFrame), FIRST_FRAME_CEILING, firstFrame],
  ["the full page, after it", sum(fullPage), FULL_PAGE_CEILING, fullPage],
  ["everything a reader can fetch", sum(files), EVERYTHING_CEILING, files],
];
let failed = false;
for (const [what, total, ceiling, names] of checks) {
  const line = `${what}: ${total} bytes gzipped (ceiling ${ceiling}; ${names.join(", ")})`;
  if (total > ceiling) {
    console.error(`The page grew too much: ${line}. Find what grew (twiggy diff, see docs/architecture.md) before raising the ceiling.`);
    failed = true;
  } else {
    console.log(line);
  }
}
process.exit(failed ? 1 : 0);
