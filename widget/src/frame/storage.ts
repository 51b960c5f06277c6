import type { TStorage } from './outbox';

export const safeStorage = (): TStorage | null => {
  try {
    const storage = window.localStorage;
    storage.getItem('parley:probe');
    return storage;
  } catch {
    return null; // Third-party storage blocked: everything still works for this page view.
  }
};
