import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createConnection, type TConnectionState } from './connection';
import type { TStorage } from './outbox';
import type { TFrameBoot } from './types';

/** One WebSocket connection for the frame's life, its state, and whether the browser is online. */
export const useConnection = (options: { boot: TFrameBoot; storage: TStorage | null; onOpen: () => void }) => {
  const [state, setState] = useState<TConnectionState>('connecting');
  const [wasOpen, setWasOpen] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);
  // The connection outlives every render; it calls the newest `onOpen`.
  const onOpen = useRef(options.onOpen);
  onOpen.current = options.onOpen;

  const conn = useMemo(
    () =>
      createConnection({
        url: options.boot.wsUrl,
        publicKey: options.boot.publicKey,
        storage: options.storage,
        onState: (next) => {
          setState(next);
          if (next === 'open') {
            setWasOpen(true);
            onOpen.current();
          }
        },
      }),
    // One connection for the frame's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    const goOnline = () => setOnline(true);
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, []);

  return { conn, state, wasOpen, online };
};
