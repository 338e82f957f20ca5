// Runs a wasm32-wasip1 test binary under Node's built-in WASI, so the core's tests can
// run as WebAssembly with nothing to download. Used as cargo's runner for that target.
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import process from "node:process";

const [wasmPath, ...args] = process.argv.slice(2);
// The tests read scenario files by absolute path, so the file system is visible read-through.
const wasi = new WASI({
  version: "preview1",
  args: [wasmPath, ...args],
  env: {},
  preopens: { "/": "/" },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
