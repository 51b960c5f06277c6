import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Runs one full garbage collection now. Start-up leaves garbage that an idle
 * process never collects: on a fresh data folder PGlite runs initdb in a
 * second WebAssembly instance (over 128 MB of memory) and hands its files
 * over as a tarball, and V8 counts both as external memory, which it
 * collects only when the JavaScript heap next needs a major collection. A
 * server waiting for its first visitor allocates too little for that, so
 * it would idle at twice its size. `gc` is exposed only to a new context,
 * so nothing else in the process can call it.
 */
export function collectGarbage() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
}
