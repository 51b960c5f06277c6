/** A DOM-id-safe anchor for a citation of a message (`#c-<id>-S1`), shared by the text and the source list. */
export const anchorId = (messageId: string, ref: string) => `c-${messageId.replace(/[^\w-]/g, '')}-${ref}`;
