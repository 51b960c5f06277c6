import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';

const PARLEY = 'https://parley.test';
const HOST = 'https://shop.test';
const style = {
  primaryColor: '#112233',
  position: 'bottom-left',
  launcherLabel: 'Chat with us',
  theme: 'light',
  cornerRadius: 12,
  font: 'serif',
};

type TWindow = Window & typeof globalThis & { Parley?: ((...args: unknown[]) => void) & { q?: unknown[] } };

/**
 * Runs the loader's source on a fake host page: linkedom's DOM, a stubbed
 * fetch for /api/widget/config, and the snippet's queue stub with the calls
 * a host page made before the script arrived.
 */
async function loadOn(options: {
  response: { status: number; body: unknown };
  queued?: unknown[][];
  attrs?: string;
  stored?: [string, string][];
}) {
  const { document } = parseHTML(`<!doctype html><html><head>
    <script async src="${PARLEY}/widget.js" ${options.attrs ?? 'data-chatbot="pk_123"'}></script>
    </head><body><h1>Shop</h1></body></html>`);
  const listeners: ((event: unknown) => void)[] = [];
  // A plain window: linkedom's document is enough, and new globals show up as new keys here.
  const win = {
    addEventListener: (type: string, fn: (event: unknown) => void) => {
      if (type === 'message') listeners.push(fn);
    },
  } as unknown as TWindow;
  const fetch = vi.fn(async () => ({
    ok: options.response.status < 300,
    status: options.response.status,
    json: async () => options.response.body,
  }));
  const stub = Object.assign((...args: unknown[]) => stub.q.push(args), { q: [...(options.queued ?? [])] });
  win.Parley = stub as never;
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', document);
  vi.stubGlobal('location', { href: `${HOST}/products/1`, origin: HOST });
  const store = new Map<string, string>(options.stored ?? []);
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => store.set(key, value),
  });
  const history = { pushState: vi.fn(), replaceState: vi.fn() };
  vi.stubGlobal('history', history);
  vi.stubGlobal('navigator', { language: 'de-DE' });
  vi.stubGlobal('fetch', fetch);
  const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  const before = new Set(Object.keys(win));
  vi.resetModules();
  await import('./loader');
  await new Promise((resolve) => setTimeout(resolve, 0));
  const hostEl = document.querySelector('[data-parley]') as HTMLElement | null;
  const shadow = hostEl?.shadowRoot ?? null;
  return {
    win,
    store,
    history,
    document,
    fetch,
    info,
    shadow,
    newGlobals: Object.keys(win).filter((key) => !before.has(key)),
    button: () => shadow?.querySelector('button') as HTMLButtonElement | null,
    iframe: () => shadow?.querySelector('iframe') as HTMLIFrameElement | null,
    dispatch: (event: { data: unknown; origin: string; source: unknown }) => listeners.forEach((fn) => fn(event)),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the loader', () => {
  it('asks for the config, draws the launcher, and replays the calls queued before it loaded', async () => {
    const opened = vi.fn();
    const page = await loadOn({
      response: { status: 200, body: { chatbot: { name: 'Shoe Help', style } } },
      queued: [['on', 'open', opened], ['setContext', { page: '/p/1' }], ['open']],
    });
    expect(page.fetch).toHaveBeenCalledWith(`${PARLEY}/api/widget/config?key=pk_123`, { credentials: 'omit' });
    const button = page.button()!;
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Chat schließen');
    expect(opened).toHaveBeenCalledTimes(1);
    const iframe = page.iframe()!;
    const src = new URL(iframe.getAttribute('src')!);
    expect(src.origin + src.pathname).toBe(`${PARLEY}/widget/frame`);
    expect(Object.fromEntries(src.searchParams)).toEqual({ key: 'pk_123', origin: HOST });
    expect(iframe.getAttribute('title')).toBe('Chat – Shoe Help');
    expect(page.shadow!.querySelector('style')!.textContent).toContain('left:20px');
    expect(page.newGlobals).toEqual([]);
  });

  it('draws nothing and says why once when Parley refuses', async () => {
    const page = await loadOn({ response: { status: 403, body: { error: 'This chat is not available here.' } } });
    expect(page.shadow).toBeNull();
    expect(page.info).toHaveBeenCalledTimes(1);
    expect(page.info.mock.calls[0]![0]).toContain('not available');
  });

  it('accepts the older data-parley-key and passes a preview token on', async () => {
    const page = await loadOn({
      response: { status: 200, body: { chatbot: { name: 'Draft', style } } },
      attrs: 'data-parley-key="pk_old" data-preview="tok"',
      queued: [['open']],
    });
    expect(page.fetch).toHaveBeenCalledWith(`${PARLEY}/api/widget/config?key=pk_old&preview=tok`, {
      credentials: 'omit',
    });
    expect(new URL(page.iframe()!.getAttribute('src')!).searchParams.get('preview')).toBe('tok');
  });

  it("listens only to its own frame on Parley's origin, and never throws into the page", async () => {
    const messages: unknown[] = [];
    const page = await loadOn({
      response: { status: 200, body: { chatbot: { name: 'Shoe Help', style } } },
      queued: [['on', 'message', (m: unknown) => messages.push(m)], ['open']],
    });
    const frameWindow = { postMessage: vi.fn() };
    Object.defineProperty(page.iframe()!, 'contentWindow', { value: frameWindow });
    const message = { id: 'm1', role: 'bot', content: 'Hi', authorName: null, createdAt: '2026-01-01T00:00:00.000Z' };
    const data = { parley: 1, type: 'message', message };

    page.dispatch({ data, origin: 'https://evil.test', source: frameWindow });
    page.dispatch({ data, origin: PARLEY, source: {} });
    page.dispatch({ data: { ...data, parley: 2 }, origin: PARLEY, source: frameWindow });
    expect(messages).toEqual([]);
    page.dispatch({ data, origin: PARLEY, source: frameWindow });
    expect(messages).toEqual([message]);

    // Ready: the frame gets what the page said so far, posted to Parley's origin only.
    page.dispatch({ data: { parley: 1, type: 'ready' }, origin: PARLEY, source: frameWindow });
    page.win.Parley!('identify', { name: 'Ana', email: 'ana@example.com', nested: { no: 1 } });
    expect(frameWindow.postMessage).toHaveBeenCalledWith({ parley: 1, type: 'open' }, PARLEY);
    expect(frameWindow.postMessage).toHaveBeenCalledWith(
      { parley: 1, type: 'identify', data: { name: 'Ana', email: 'ana@example.com' } },
      PARLEY,
    );

    // The visitor minimises inside the frame; then replies arrive while it is closed.
    page.dispatch({ data: { parley: 1, type: 'close' }, origin: PARLEY, source: frameWindow });
    page.dispatch({ data: { parley: 1, type: 'unread', count: 2 }, origin: PARLEY, source: frameWindow });
    expect(page.button()!.getAttribute('aria-expanded')).toBe('false');
    expect(page.button()!.getAttribute('aria-label')).toBe('Chat with us (2 ungelesen)');
    expect(page.button()!.querySelector('b')!.textContent).toBe('2');

    const api = page.win.Parley!;
    expect(() => {
      api();
      api('bogus');
      api('on', 'message', 'not a function');
      api('identify', null);
      api('on', 'message', () => {
        throw new Error('host bug');
      });
      page.dispatch({ data, origin: PARLEY, source: frameWindow });
      api('toggle');
    }).not.toThrow();
    expect(page.button()!.getAttribute('aria-expanded')).toBe('true');
  });

  it("keeps the visitor token in the host page's storage and tells the frame where the visitor is", async () => {
    const page = await loadOn({
      response: { status: 200, body: { chatbot: { name: 'Shoe Help', style } } },
      queued: [['open']],
      stored: [['parley:visitor:pk_123', 'v1.kept.mac']],
    });
    const frameWindow = { postMessage: vi.fn() };
    Object.defineProperty(page.iframe()!, 'contentWindow', { value: frameWindow });
    page.document.title = 'Trail runner 2';
    page.dispatch({ data: { parley: 1, type: 'ready' }, origin: PARLEY, source: frameWindow });
    // The token goes first, so the frame resumes the same visitor.
    expect(frameWindow.postMessage.mock.calls[0]).toEqual([
      { parley: 1, type: 'visitor', token: 'v1.kept.mac' },
      PARLEY,
    ]);
    expect(frameWindow.postMessage).toHaveBeenCalledWith(
      { parley: 1, type: 'setContext', context: expect.objectContaining({ pageUrl: `${HOST}/products/1` }) },
      PARLEY,
    );

    // A rotated token from the frame is kept; a malformed one is not.
    page.dispatch({ data: { parley: 1, type: 'visitor', token: 'v1.new.mac' }, origin: PARLEY, source: frameWindow });
    page.dispatch({ data: { parley: 1, type: 'visitor', token: 'v1 <script>' }, origin: PARLEY, source: frameWindow });
    expect(page.store.get('parley:visitor:pk_123')).toBe('v1.new.mac');

    // A single-page app moves: the new address and title follow.
    vi.stubGlobal('location', { href: `${HOST}/checkout`, origin: HOST });
    page.document.title = 'Checkout';
    page.history.pushState({}, '', '/checkout');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(frameWindow.postMessage).toHaveBeenLastCalledWith(
      { parley: 1, type: 'setContext', context: { pageUrl: `${HOST}/checkout`, pageTitle: 'Checkout' } },
      PARLEY,
    );
  });
});
