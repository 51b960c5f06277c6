import { Session } from 'node:inspector/promises';

/**
 * Runs one full, memory-reducing garbage collection now. Start-up leaves
 * garbage that an idle process never collects: on a fresh data folder PGlite
 * runs initdb in a second WebAssembly instance (over 128 MB of memory) and
 * hands its files over as a tarball, and V8 counts both as external memory,
 * which it collects only when the JavaScript heap next needs a major
 * collection. Start-up also grows the young generation to its 64 MB
 * semi-spaces (`--max-semi-space-size`), all of it touched and kept.
 *
 * The inspector's `HeapProfiler.collectGarbage` is V8's low-memory
 * collection: unlike `gc()` (which needed `--expose-gc`), it also shrinks the
 * young generation back to its initial size and returns the pages, ~55 MB
 * an idle server would otherwise hold until V8's memory reducer happens to
 * run. The session is in-process (no port is opened) and closed at once.
 */
export async function collectGarbage() {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
}
