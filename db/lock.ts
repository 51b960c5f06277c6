import fs from 'node:fs';
import path from 'node:path';

/**
 * Only one process may open a PGlite data folder: two would each keep their
 * own copy in memory and silently lose each other's writes. The lock is a file
 * created with O_EXCL that records who holds it, so the refusal can say which
 * process to stop. A lock left by a process that died is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data folder ${dataDir} is already in use by another Parley process (pid ${holderPid}). ` +
        `Only one process may open it at a time: stop that process, or set DATA_DIR to another folder ` +
        `(or DATABASE_URL to a Postgres server that several processes can share).`,
    );
    this.name = 'DataDirLockedError';
  }
}

type LockInfo = { pid: number; startedAt: string };

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readLock = (file: string): LockInfo | null => {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) ? info : null;
  } catch {
    return null;
  }
};

export type DataDirLock = { release: () => void };

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'parley.lock');
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder.pid);
      }
      if (holder?.pid === process.pid) throw new DataDirLockedError(dataDir, process.pid);
      // Stale: its process is gone (crash, kill -9). Take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}
