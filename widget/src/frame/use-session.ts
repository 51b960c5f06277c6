import { useRef, useState } from 'preact/hooks';
import type { TConnection } from './connection';
import { errorSentence } from './errors';
import type { TStrings } from './i18n';
import type { TOutbox } from './outbox';
import type { TFrameBoot } from './types';
import type { TUpdateChat } from './use-chat';
import type { useStream } from './use-stream';

/** The visitor's session: started (or resumed) once, on demand; everything else waits for it. */
export const useSession = (options: {
  boot: TFrameBoot;
  locale: string;
  t: TStrings;
  conn: TConnection;
  outbox: TOutbox;
  update: TUpdateChat;
  stream: ReturnType<typeof useStream>;
  onStarted: () => void;
  /** Resolves once the host page has handed over the token it keeps (or has had its chance). */
  hostToken: Promise<void>;
  /** Hands the session's token to the host page to keep. */
  onToken: (token: string) => void;
}) => {
  const { boot, conn, outbox, update, stream, t } = options;
  const started = useRef<Promise<void> | null>(null);
  /** True once the session has started: until then the socket carries no visitor token a send could use. */
  const ready = useRef(false);
  const [isStarted, setIsStarted] = useState(false);
  const [hasTriedStart, setHasTriedStart] = useState(false);
  const [unavailable, setUnavailable] = useState<string | null>(null);

  const ensureStarted = () => {
    if (started.current) return started.current;
    setHasTriedStart(true);
    started.current = (async () => {
      await options.hostToken;
      const result = await conn.client.widget.start.mutate({
        publicKey: boot.publicKey,
        hostOrigin: boot.hostOrigin,
        preview: boot.preview,
        visitorToken: conn.token || null,
        locale: /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(navigator.language) ? navigator.language : options.locale,
      });
      await conn.adoptToken(result.visitorToken);
      options.onToken(result.visitorToken);
      update((state) => ({ ...state, conversation: result.conversation }));
      // History first, then the events since its cursor (replayed ones are deduped by id). Read even with
      // no conversation yet: its cursor makes the server replay what lands before the subscription is
      // set up there (the first message and its answer, sent right after this on the same socket).
      const page = await stream.loadHistory(null);
      stream.subscribe(page.cursor);
      ready.current = true;
      setIsStarted(true);
      options.onStarted();
      void outbox.flush();
    })();
    started.current.catch((error: unknown) => {
      started.current = null;
      const code = (error as { data?: { code?: string } }).data?.code;
      if (code === 'FORBIDDEN' || code === 'NOT_FOUND') setUnavailable(errorSentence(error, t) || t.unavailable);
    });
    return started.current;
  };

  return { ready, isStarted, hasTriedStart, unavailable, ensureStarted };
};
