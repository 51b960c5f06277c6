import { useEffect, useState } from 'react';
import { toast } from 'sonner';

/**
 * Copies text to the clipboard on demand; `isCopied` stays true for two
 * seconds so the button can say so. Clipboard access needs a secure context
 * (https or localhost) and permission: when refused, the person is told to
 * copy by hand.
 */
export function useCopy(text: string, messages: { copied?: string; refused: string }) {
  const [isCopied, setIsCopied] = useState(false);

  useEffect(() => {
    if (!isCopied) return;
    const timer = setTimeout(() => setIsCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [isCopied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setIsCopied(true);
      if (messages.copied) toast.success(messages.copied);
    } catch {
      toast.error(messages.refused);
    }
  };
  return { isCopied, copy };
}
