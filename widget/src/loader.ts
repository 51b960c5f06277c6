/**
 * The embed loader, `widget.js`. For now it only installs the command queue
 * that host pages call (`Parley('open')`), keeping calls made before the chat
 * exists; the launcher and the chat frame come with the widget issue.
 * It must never throw into the host page.
 */
type Command = [name: string, ...args: unknown[]];
type ParleyApi = ((...command: Command) => void) & { q?: Command[] };

const host = window as Window & { Parley?: ParleyApi };

try {
  const existing = host.Parley;
  if (!existing || !Array.isArray(existing.q)) {
    const queue: Command[] = existing?.q ?? [];
    const api: ParleyApi = (...command) => {
      queue.push(command);
    };
    api.q = queue;
    host.Parley = api;
  }
} catch {
  // A broken host page must not break because of us.
}
