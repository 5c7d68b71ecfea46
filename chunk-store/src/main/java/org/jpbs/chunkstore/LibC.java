package org.jpbs.chunkstore;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.ByteOrder;

/**
 * The one native binding of jpbs: glibc functions, JNA direct-mapped, taking {@code int}/{@code
 * long} only (pointers are raw addresses into caller-owned native buffers).
 *
 * <p>Errno: a call's errno is only meaningful when it returned -1; read it with {@link #errno()}
 * immediately after the call, on the same thread. {@link #AVAILABLE} is false when the platform is
 * not Linux on x86_64/aarch64 or binding failed; callers then use the NIO fallbacks.
 *
 * <p>Constants are from the Linux uapi headers ({@code asm-generic/fcntl.h}, {@code linux/fcntl.h},
 * {@code linux/stat.h}, {@code asm-generic/errno-base.h}) and glibc {@code dirent.h}; the few that
 * differ per architecture are chosen by {@link Platform#isARM()}.
 */
final class LibC {
  private LibC() {}

  /** True if the natives below are bound and the struct offsets below are valid. */
  static final boolean AVAILABLE;

  /** Why {@link #AVAILABLE} is false (null when available). */
  static final String UNAVAILABLE_REASON;

  // --- fcntl.h / linux/fcntl.h
  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_STATX_SYNC_AS_STAT = 0x0000;
  static final int O_RDONLY = 0;
  static final int O_RDWR = 2;
  static final int O_CREAT = 0100;
  static final int O_CLOEXEC = 02000000;

  /** x86_64: 0200000 (asm-generic); aarch64: 040000 (arch/arm64 uapi fcntl.h). */
  static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000;

  static final int F_OFD_GETLK = 36;
  static final int F_OFD_SETLK = 37;
  static final int F_OFD_SETLKW = 38;
  static final short F_RDLCK = 0;
  static final short F_WRLCK = 1;
  static final short F_UNLCK = 2;
  static final short SEEK_SET = 0;

  // --- struct flock (asm-generic/fcntl.h, 64-bit): l_type s16 @0, l_whence s16 @2,
  //     l_start s64 @8, l_len s64 @16, l_pid s32 @24; size 32
  static final int FLOCK_SIZE = 32;
  static final int FLOCK_TYPE = 0;
  static final int FLOCK_WHENCE = 2;
  static final int FLOCK_START = 8;
  static final int FLOCK_LEN = 16;
  static final int FLOCK_PID = 24;

  // --- linux/stat.h: statx (same layout on every architecture)
  static final int STATX_TYPE = 0x1;
  static final int STATX_MODE = 0x2;
  static final int STATX_ATIME = 0x20;
  static final int STATX_INO = 0x100;
  static final int STATX_SIZE = 0x200;
  static final int STATX_BUF_SIZE = 256;
  static final int STX_MASK = 0x00; // u32
  static final int STX_MODE = 0x1c; // u16
  static final int STX_INO = 0x20; // u64
  static final int STX_SIZE = 0x28; // u64
  static final int STX_ATIME_SEC = 0x40; // s64
  static final int STX_ATIME_NSEC = 0x48; // u32
  static final int S_IFMT = 0170000;
  static final int S_IFREG = 0100000;

  // --- linux_dirent64 (getdents64(2)): d_ino u64 @0, d_off s64 @8, d_reclen u16 @16,
  //     d_type u8 @18, d_name @19 (NUL-terminated)
  static final int DIRENT_RECLEN = 16;
  static final int DIRENT_TYPE = 18;
  static final int DIRENT_NAME = 19;
  static final int DT_UNKNOWN = 0;
  static final int DT_REG = 8;

  // --- utimensat(2): tv_nsec special values (linux/stat.h)
  static final long UTIME_NOW = (1L << 30) - 1;
  static final long UTIME_OMIT = (1L << 30) - 2;

  /** struct timespec[2]: {tv_sec s64, tv_nsec s64} x 2. */
  static final int TIMESPEC2_SIZE = 32;

  // --- struct statvfs (glibc, 64-bit: no __f_unused): f_flag unsigned long @72; size 112
  static final int STATVFS_SIZE = 112;
  static final int STATVFS_FLAG = 72;

  /** {@code sys/statvfs.h}: the filesystem (this mount) is read-only. */
  static final long ST_RDONLY = 1;

  // --- asm-generic/errno-base.h
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EEXIST = 17;
  static final int EACCES = 13;
  static final int EROFS = 30;

  static {
    String reason = null;
    if (!Platform.isLinux()) {
      reason = "not Linux";
    } else if (!(Platform.isIntel() && Platform.is64Bit())
        && !(Platform.isARM() && Platform.is64Bit())) {
      reason = "unsupported architecture " + Platform.ARCH;
    } else if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      reason = "big-endian platform";
    } else {
      try {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
      } catch (LinkageError | RuntimeException e) {
        reason = "cannot bind libc: " + e;
      }
    }
    AVAILABLE = reason == null;
    UNAVAILABLE_REASON = reason;
  }

  /** errno of the last native call on this thread (valid only after a -1 return). */
  static int errno() {
    return Native.getLastError();
  }

  static native int utimensat(int dirfd, long path, long times, int flags);

  static native int openat(int dirfd, long path, int flags, int mode);

  static native int close(int fd);

  static native long getdents64(int fd, long buf, long count);

  static native int statx(int dirfd, long path, int flags, int mask, long statxbuf);

  static native int unlinkat(int dirfd, long path, int flags);

  static native int renameat(int olddirfd, long oldpath, int newdirfd, long newpath);

  static native int mkdirat(int dirfd, long path, int mode);

  static native int fcntl(int fd, int cmd, long arg);

  static native int fsync(int fd);

  static native int syncfs(int fd);

  static native int statvfs(long path, long buf);

  static native String strerror(int errnum);

  /** linux/time.h: the clock inode timestamps are taken from (current_time()). */
  static final int CLOCK_REALTIME_COARSE = 5;

  static native int clock_gettime(int clockId, long timespec);
}
