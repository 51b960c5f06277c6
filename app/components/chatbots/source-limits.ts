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
export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(Math.ceil((bytes / 1024 / 1024) * 10) / 10).toFixed(1)} MB`
    : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;

/** The sentences shown for a file the upload refuses, the same in the browser and on the server. */
export const fileProblem = (file: { name: string; size: number }) => {
  if (!hasAllowedExtension(file.name)) {
    return `${file.name} is not a file we can read: upload .txt, .md, .html or .pdf files.`;
  }
  if (file.size > MAX_FILE_BYTES) return `${file.name} is ${formatBytes(file.size)}; files can be at most 10 MB.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
};
