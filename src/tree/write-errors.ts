/**
 * File-system failures while writing a target, as messages instead of stack traces: which path, what the system
 * said, and what to do about it. The writer has rolled back by the time one is shown, so each says nothing changed.
 */

/** Writing failed for a reason outside the tool (disk full, read-only, permissions...). Exit status 1. */
export class WriteFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "WriteFailed";
  }
}

const ADVICE: Record<string, string> = {
  ENOSPC: "the disk is full; free some space and run the command again",
  EDQUOT: "the disk quota is used up; free some space and run the command again",
  EROFS: "the file system is read-only; give a folder on a writable file system (or remount it read-write)",
  EACCES: "permission denied; give a folder you may write to, or fix its owner and permissions",
  EPERM: "the operation is not permitted there (an immutable file or a protected folder?); give another folder",
  ENAMETOOLONG: "a file name is too long for this file system; give a shorter folder name",
  EXDEV: "the files could not be moved across file systems; give a folder on a single file system",
  EBUSY: "the folder is busy (a mount point in use?); give a folder inside it instead",
  EMFILE: "too many files are open; raise the limit (ulimit -n) and run the command again",
  ENFILE: "too many files are open on this system; run the command again later",
  EIO: "the disk reported an input/output error; check the disk and run the command again",
  ENOTDIR: "a path on the way is a file, not a folder; move it away and run the command again",
  EEXIST: "something appeared there while writing (another program?); run the command again",
  ENOTEMPTY: "a folder filled up while writing (another program?); run the command again",
};

/** A WriteFailed for an errno error, or the error itself when it is not one. */
export function fileSystemError(error: unknown, target: string, doing = "write"): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (!errno || typeof errno.code !== "string" || !(errno.code in ADVICE)) return error;
  const path = errno.path ?? (errno as { dest?: string }).dest ?? target;
  const what = doing === "lock" ? "could not take the lock for" : `could not ${doing}`;
  return new WriteFailed(
    `${what} ${target}: ${path}: ${ADVICE[errno.code]} (${errno.code}); nothing in ${target} was changed`,
  );
}
