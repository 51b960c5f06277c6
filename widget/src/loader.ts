/**
 * The embed loader, `widget.js`, on the host page:
 *   <script async src="https://parley.example/widget.js" data-chatbot="PUBLIC_KEY"></script>
 * It asks Parley whether this chatbot may show here, draws the launcher itself
 * (in a shadow root, so the host's CSS and ours never meet), and creates the
 * chat frame only when the visitor reaches for it or the browser is idle.
 * Host pages call `Parley('open')` etc.; calls made before this script ran are
 * queued by the snippet's stub and replayed. Nothing here may throw into the
 * host page or block its rendering, and it defines no global but `Parley`.
 * It checks the frame's messages by hand (protocol-core.ts): zod/mini would not fit its budget.
 */
import { readableTextOn, WIDGET_FONTS } from '../../shared/widget-look';
import {
  envelope,
  isFromPeer,
  parseToLoaderByHand as parseToLoader,
  type THostMessage,
  type TStylePatch,
  type TToFrameBody,
} from './protocol-core';

type TStyle = {
  primaryColor: string;
  position: 'bottom-right' | 'bottom-left';
  launcherLabel: string;
  theme: 'auto' | 'light' | 'dark';
  cornerRadius: number;
  font: keyof typeof WIDGET_FONTS;
};
type TEventName = 'message' | 'open' | 'close';
type TCommand = ArrayLike<unknown>;
type TApi = ((...args: unknown[]) => void) & { q?: TCommand[]; loaded?: boolean };

const win = window as Window & { Parley?: TApi };

/** Strings the launcher needs before the frame (which has its own) exists. */
const STRINGS: Record<string, [open: string, close: string, unread: string]> = {
  en: ['Open chat', 'Close chat', 'unread'],
  de: ['Chat öffnen', 'Chat schließen', 'ungelesen'],
  fr: ['Ouvrir le chat', 'Fermer le chat', 'non lus'],
  es: ['Abrir chat', 'Cerrar chat', 'sin leer'],
};

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"><path d="M6 6l12 12M18 6L6 18"/></svg>';

const safely = (fn: () => void) => {
  try {
    fn();
  } catch {
    // A broken host page, or a bug of ours, must never surface on the host page.
  }
};

const start = () => {
  const existing = win.Parley;
  if (existing && existing.loaded) return; // The snippet was pasted twice.

  const doc = document;
  const script = (doc.currentScript ||
    doc.querySelector('script[data-chatbot],script[data-parley-key]')) as HTMLScriptElement | null;
  if (!script) return;
  const key = script.getAttribute('data-chatbot') || script.getAttribute('data-parley-key');
  if (!key) return;
  const preview = script.getAttribute('data-preview');
  const parleyOrigin = new URL(script.src, location.href).origin;
  const lang = (navigator.language || 'en').slice(0, 2).toLowerCase();
  const [openLabel, closeLabel, unreadLabel] = STRINGS[lang] || STRINGS.en!;

  const handlers: Record<TEventName, ((payload?: THostMessage) => void)[]> = { message: [], open: [], close: [] };
  /** What identify/setContext said so far, merged: sent whenever a frame (re)starts. */
  let identity: Record<string, unknown> | null = null;
  let context: Record<string, unknown> | null = null;
  let style: TStyle | null = null;
  let name = '';
  let isOpen = false;
  let wantsOpen = false;
  let isReady = false;
  let unread = 0;
  let refused = false;

  /**
   * The visitor token lives in the host page's own (first-party) storage: a
   * cross-site frame often gets none (blocked or partitioned), and without
   * it every reload would start a new, unlinked visitor. Memory is the
   * fallback when the host page's storage is blocked too.
   */
  const tokenKey = `parley:visitor:${key}`;
  let memoryToken: string | null = null;
  const readToken = () => {
    try {
      return localStorage.getItem(tokenKey) || memoryToken;
    } catch {
      return memoryToken;
    }
  };
  const dropToken = () => {
    memoryToken = null;
    try {
      localStorage.removeItem(tokenKey);
    } catch {
      // Blocked: there was only the memory copy.
    }
  };
  /** `Parley('forget')` before the frame was ready: sent once it is. */
  let wantsForget = false;
  const keepToken = (token: string) => {
    memoryToken = token;
    try {
      localStorage.setItem(tokenKey, token);
    } catch {
      // Blocked: memory keeps it for this page view.
    }
  };

  let root: ShadowRoot | null = null;
  let button: HTMLButtonElement | null = null;
  let panel: HTMLDivElement | null = null;
  let frame: HTMLIFrameElement | null = null;
  let css: HTMLStyleElement | null = null;

  const post = (body: TToFrameBody) => {
    if (frame && frame.contentWindow && isReady) frame.contentWindow.postMessage(envelope(body), parleyOrigin);
  };

  const emit = (event: TEventName, payload?: THostMessage) => {
    for (const fn of handlers[event]) safely(() => fn(payload));
  };

  const paintButton = () => {
    if (!button || !style) return;
    const label = style.launcherLabel;
    button.setAttribute('aria-expanded', String(isOpen));
    button.setAttribute(
      'aria-label',
      (isOpen ? closeLabel : label || openLabel) + (unread && !isOpen ? ` (${unread} ${unreadLabel})` : ''),
    );
    button.className = 'l' + (label && !isOpen ? ' t' : '');
    button.innerHTML = isOpen ? CLOSE_ICON : CHAT_ICON;
    if (label && !isOpen) button.append(Object.assign(doc.createElement('span'), { textContent: label }));
    if (unread && !isOpen) {
      button.append(Object.assign(doc.createElement('b'), { textContent: unread > 9 ? '9+' : String(unread) }));
    }
  };

  const paintStyle = () => {
    if (!css || !style) return;
    const color = /^#[0-9a-f]{6}$/i.test(style.primaryColor) ? style.primaryColor : '#4f46e5';
    const side = style.position === 'bottom-left' ? 'left' : 'right';
    const radius = Math.max(0, Math.min(24, Number(style.cornerRadius) || 0));
    const font = (WIDGET_FONTS[style.font] || WIDGET_FONTS.system).stack;
    css.textContent =
      `:host{all:initial}` +
      `.l{position:fixed;${side}:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;` +
      `height:56px;min-width:56px;padding:0 16px;box-sizing:border-box;justify-content:center;border:0;cursor:pointer;` +
      `border-radius:${Math.max(radius, 8) * 2}px;background:${color};color:${readableTextOn(color)};` +
      `font:600 15px/1 ${font};box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s}` +
      `.l:hover{transform:scale(1.04)}.l:focus-visible{outline:3px solid ${color};outline-offset:3px}` +
      `.l b{position:absolute;top:-4px;${side === 'left' ? 'right' : 'left'}:-4px;min-width:20px;height:20px;` +
      `padding:0 5px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:700 12px/20px ${font}}` +
      `.p{position:fixed;${side}:20px;bottom:88px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 108px));` +
      `border-radius:${radius}px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.25);background:${style.theme === 'dark' ? '#0f172a' : '#fff'};display:none}` +
      `.p.o{display:block}iframe{border:0;width:100%;height:100%;display:block}` +
      // Narrow phones: the chat takes the whole screen; its header has the minimise button.
      `@media (max-width:480px){.p{inset:0;width:100%;height:100%;border-radius:0}.p.o~.l{display:none}}` +
      `@media (prefers-reduced-motion:reduce){.l{transition:none}}`;
  };

  const ensureFrame = () => {
    if (frame || !panel || refused) return;
    const params = new URLSearchParams({ key, origin: location.origin });
    if (preview) params.set('preview', preview);
    frame = doc.createElement('iframe');
    frame.src = `${parleyOrigin}/widget/frame?${params}`;
    frame.title = `Chat – ${name}`;
    frame.allow = 'clipboard-write';
    panel.append(frame);
  };

  const setOpen = (open: boolean) => {
    wantsOpen = open;
    if (!panel || open === isOpen) return;
    ensureFrame();
    isOpen = open;
    panel.className = open ? 'p o' : 'p';
    if (open) unread = 0;
    paintButton();
    post({ type: open ? 'open' : 'close' });
    if (open) {
      if (frame) frame.focus();
    } else if (root && root.activeElement !== button && panel.contains(root.activeElement)) {
      button!.focus();
    }
    emit(open ? 'open' : 'close');
  };

  const onFrameMessage = (event: MessageEvent) =>
    safely(() => {
      if (!frame || !isFromPeer(event, { origin: parleyOrigin, source: frame.contentWindow })) return;
      const message = parseToLoader(event.data);
      if (!message) return;
      if (message.type === 'ready') {
        isReady = true;
        // First, so the frame starts (or resumes) the session with it.
        post({ type: 'visitor', token: readToken() });
        if (identity) post({ type: 'identify', data: identity as never });
        if (context) post({ type: 'setContext', context: context as never });
        if (isOpen) post({ type: 'open' });
        if (wantsForget) post({ type: 'forget' });
        wantsForget = false;
      } else if (message.type === 'forgotten') {
        dropToken();
      } else if (message.type === 'unread') {
        unread = isOpen ? 0 : Math.max(0, message.count);
        paintButton();
      } else if (message.type === 'visitor') {
        keepToken(message.token);
      } else if (message.type === 'message') {
        emit('message', message.message);
      } else if (message.type === 'close') {
        setOpen(false);
        if (button) button.focus();
      } else {
        setOpen(true);
      }
    });

  /** A plain object of primitives, or null; anything else the host passes is dropped. */
  const primitives = (value: unknown) => {
    if (!value || typeof value !== 'object') return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
    }
    return out;
  };

  const run = (command: TCommand) =>
    safely(() => {
      const [verb, arg, fn] = Array.prototype.slice.call(command) as [string, unknown, unknown];
      if (verb === 'open' || verb === 'close') setOpen(verb === 'open');
      else if (verb === 'toggle') setOpen(!wantsOpen);
      else if (verb === 'forget') {
        // The frame holds the session that may erase it; without a token there is nothing on the server.
        if (isReady) post({ type: 'forget' });
        else if (readToken()) {
          wantsForget = true;
          ensureFrame();
        }
      } else if (verb === 'on' && typeof fn === 'function' && (arg as TEventName) in handlers) {
        handlers[arg as TEventName].push(fn as () => void);
      } else if (verb === 'identify') {
        const data = primitives(arg);
        if (!data) return;
        identity = { ...identity, ...data };
        post({ type: 'identify', data: identity as never });
      } else if (verb === 'setContext') {
        const data = primitives(arg);
        if (!data) return;
        context = { ...context, ...data };
        post({ type: 'setContext', context: context as never });
      } else if (verb === 'style' && preview && style && arg && typeof arg === 'object') {
        style = { ...style, ...(arg as TStylePatch) };
        paintStyle();
        paintButton();
        post({ type: 'style', style: arg as TStylePatch });
      }
    });

  /**
   * Where the visitor is, sent without the site calling setContext (as other
   * widgets do): the page's address and title, again whenever a single-page
   * app moves (history, hash, title changes).
   */
  let pageTimer: ReturnType<typeof setTimeout> | undefined;
  const sendPage = () =>
    safely(() => {
      const page = { pageUrl: location.href.slice(0, 1000), pageTitle: doc.title.slice(0, 300) };
      if (context && context.pageUrl === page.pageUrl && context.pageTitle === page.pageTitle) return;
      context = { ...context, ...page };
      post({ type: 'setContext', context: context as never });
    });
  // Several changes of one navigation (URL, then title) go out once.
  const pageChanged = () => {
    clearTimeout(pageTimer);
    pageTimer = setTimeout(sendPage, 300);
  };
  const watchPage = () =>
    safely(() => {
      for (const name of ['pushState', 'replaceState'] as const) {
        const original = history[name];
        history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
          const result = original.apply(this, args);
          pageChanged();
          return result;
        };
      }
      win.addEventListener('popstate', pageChanged);
      win.addEventListener('hashchange', pageChanged);
      const head = doc.head || doc.documentElement;
      new MutationObserver(pageChanged).observe(head, { subtree: true, childList: true, characterData: true });
    });

  const api: TApi = function () {
    // eslint-disable-next-line prefer-rest-params
    run(arguments);
  };
  api.loaded = true;
  api.q = [];
  const queued = (existing && existing.q) || [];
  win.Parley = api;
  queued.forEach(run);
  sendPage();
  watchPage();

  const draw = () =>
    safely(() => {
      const host = doc.createElement('div');
      host.setAttribute('data-parley', '');
      // Open: tests and assistive tools can reach in; a closed root would protect nothing from the host page's own scripts.
      root = host.attachShadow({ mode: 'open' });
      css = doc.createElement('style');
      panel = doc.createElement('div');
      panel.className = 'p';
      panel.id = 'parley-panel';
      button = doc.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-controls', panel.id);
      button.addEventListener('click', () => safely(() => setOpen(!isOpen)));
      // Reaching for the launcher is enough to start loading the chat.
      button.addEventListener('pointerenter', () => safely(ensureFrame));
      button.addEventListener('focus', () => safely(ensureFrame));
      panel.addEventListener('keydown', (event) =>
        safely(() => {
          if (event.key === 'Escape') setOpen(false);
        }),
      );
      root.append(css, panel, button);
      paintStyle();
      paintButton();
      doc.body.append(host);
      win.addEventListener('message', onFrameMessage);
      if (wantsOpen) setOpen(true);
      if (wantsForget) ensureFrame();
      const idle = (win as { requestIdleCallback?: (fn: () => void, opts: object) => void }).requestIdleCallback;
      const later = () => safely(ensureFrame);
      if (idle) idle(later, { timeout: 5000 });
      else setTimeout(later, 2500);
    });

  const query = new URLSearchParams({ key });
  if (preview) query.set('preview', preview);
  fetch(`${parleyOrigin}/api/widget/config?${query}`, { credentials: 'omit' })
    .then(async (response) => {
      const body = (await response.json().catch(() => ({}))) as {
        chatbot?: { name: string; style: TStyle };
        error?: string;
      };
      if (!response.ok || !body.chatbot) {
        refused = true;
        console.info(`Parley: ${body.error || 'this chat is not available here.'}`);
        return;
      }
      name = body.chatbot.name;
      style = body.chatbot.style;
      if (doc.body) draw();
      else doc.addEventListener('DOMContentLoaded', draw);
    })
    .catch(() => console.info('Parley: the chat could not be loaded.'));
};

safely(start);
