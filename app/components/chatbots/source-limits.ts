import type { TFunction } from 'i18next';

/**
 * Upload limits shared by the file picker (which checks them before sending)
 * and the action (which enforces them): the same numbers the server's
 * `knowledge.source.createFile` accepts.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 10;
export const FILE_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf'] as const;
export const FILE_ACCEPT = FILE_EXTENSIONS.join(',');

export const hasAllowedExtension = (fileName: string) =>
  FILE_EXTENSIONS.some((extension) => fileName.toLowerCase().endsWith(extension));

/** Rounded up, so a file just over the limit never reads as "10.0 MB". */
export const formatBytes = (t: TFunction, bytes: number) =>
  bytes >= 1024 * 1024
    ? t('knowledge:files.megabytes', { size: Math.ceil((bytes / 1024 / 1024) * 10) / 10 })
    : t('knowledge:files.kilobytes', { size: Math.max(1, Math.ceil(bytes / 1024)) });

/** The sentences shown for a file the upload refuses, the same in the browser and on the server. */
export const fileProblem = (t: TFunction, file: { name: string; size: number }) => {
  if (!hasAllowedExtension(file.name)) return t('knowledge:files.unreadable', { name: file.name });
  if (file.size > MAX_FILE_BYTES)
    return t('knowledge:files.tooLarge', { name: file.name, size: formatBytes(t, file.size) });
  if (file.size === 0) return t('knowledge:files.empty', { name: file.name });
  return null;
};
