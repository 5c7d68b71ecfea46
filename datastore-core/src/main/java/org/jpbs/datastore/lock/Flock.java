package org.jpbs.datastore.lock;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The module's only native seam: glibc {@code open}, {@code flock}, {@code close}, {@code statx}
 * and {@code statvfs} through JNA direct mapping (no {@code String}/{@code Structure} conversion).
 *
 * <p>Constants are the Linux values shared by x86_64 and aarch64 (asm-generic). Callers check the
 * return code first and read {@link Native#getLastError()} only when it is -1 (errno is not cleared
 * on success, STACK.md §2a).
 */
final class Flock {
  /** {@code <asm-generic/fcntl.h>}: O_RDONLY = 0. */
  static final int O_RDONLY = 0x0;

  /** {@code <asm-generic/fcntl.h>}: O_RDWR = 02. */
  static final int O_RDWR = 0x2;

  /** {@code <asm-generic/fcntl.h>}: O_CREAT = 0100. */
  static final int O_CREAT = 0x40;

  /** {@code <asm-generic/fcntl.h>}: O_APPEND = 02000 (PBS opens lock files append-only). */
  static final int O_APPEND = 0x400;

  /** {@code <asm-generic/fcntl.h>}: O_CLOEXEC = 02000000. */
  static final int O_CLOEXEC = 0x80000;

  /** {@code <sys/file.h>}: shared lock. */
  static final int LOCK_SH = 1;

  /** {@code <sys/file.h>}: exclusive lock. */
  static final int LOCK_EX = 2;

  /** {@code <sys/file.h>}: do not block. */
  static final int LOCK_NB = 4;

  /** {@code <asm-generic/errno-base.h>}. */
  static final int ENOENT = 2;

  /** {@code <asm-generic/errno-base.h>}. */
  static final int EINTR = 4;

  /** {@code <asm-generic/errno-base.h>}: EAGAIN == EWOULDBLOCK on Linux. */
  static final int EWOULDBLOCK = 11;

  /** {@code <asm-generic/errno-base.h>}: read-only file system. */
  static final int EROFS = 30;

  /** {@code sizeof(struct statvfs)} = 112 with glibc on 64-bit Linux. */
  static final int STATVFS_SIZE = 112;

  /** {@code offsetof(struct statvfs, f_flag)} (unsigned long) on 64-bit Linux. */
  static final int STATVFS_FLAG = 72;

  /** {@code <sys/statvfs.h>}: ST_RDONLY, the mount is read-only. */
  static final long ST_RDONLY = 1;

  /** {@code <fcntl.h>}: AT_FDCWD. */
  static final int AT_FDCWD = -100;

  /** {@code <fcntl.h>}: AT_EMPTY_PATH (statx on the fd itself). */
  static final int AT_EMPTY_PATH = 0x1000;

  /** {@code <linux/stat.h>}: STATX_INO. */
  static final int STATX_INO = 0x100;

  /** {@code sizeof(struct statx)} = 256 on every architecture. */
  static final int STATX_SIZE = 256;

  /** {@code offsetof(struct statx, stx_ino)} (u64). */
  static final int STX_INO = 32;

  /** {@code offsetof(struct statx, stx_dev_major)} (u32). */
  static final int STX_DEV_MAJOR = 136;

  /** {@code offsetof(struct statx, stx_dev_minor)} (u32). */
  static final int STX_DEV_MINOR = 140;

  static final boolean SUPPORTED = Platform.isLinux();

  static {
    if (SUPPORTED) {
      Native.register(Platform.C_LIBRARY_NAME);
    }
  }

  private Flock() {}

  /** {@code int open(const char *path, int flags, mode_t mode)}; path NUL-terminated. */
  static native int open(byte[] path, int flags, int mode);

  /** {@code int flock(int fd, int operation)}. */
  static native int flock(int fd, int operation);

  /** {@code int close(int fd)}. */
  static native int close(int fd);

  /**
   * {@code int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)}.
   */
  static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf);

  /** {@code int statvfs(const char *path, struct statvfs *buf)}. */
  static native int statvfs(byte[] path, byte[] buf);

  static int errno() {
    return Native.getLastError();
  }
}
