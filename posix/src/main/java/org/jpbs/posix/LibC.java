package org.jpbs.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.ByteOrder;

/**
 * The one native binding of jpbs: glibc functions, JNA direct-mapped, taking {@code int}/{@code
 * long} only (pointers are raw addresses into caller-owned native buffers). No other class of the
 * project declares a {@code native} method or calls {@code Native.register} ({@code
 * OneNativeBindingTest} scans the source tree).
 *
 * <p>Errno: a call's errno is only meaningful when it returned -1; read it with {@link #errno()}
 * immediately after the call, on the same thread. {@link #AVAILABLE} is false when the platform is
 * not Linux on x86_64/aarch64 or binding failed; callers then use the NIO fallbacks.
 *
 * <p>Constants are from the Linux uapi headers ({@code asm-generic/fcntl.h}, {@code linux/fcntl.h},
 * {@code linux/stat.h}, {@code asm-generic/errno-base.h}) and glibc {@code dirent.h}; the few that
 * differ per architecture are chosen by {@link Platform#isARM()}.
 */
public final class LibC {
  private LibC() {}

  /** True if the natives below are bound and the struct offsets below are valid. */
  public static final boolean AVAILABLE;

  /** Why {@link #AVAILABLE} is false (null when available). */
  public static final String UNAVAILABLE_REASON;

  // --- fcntl.h / linux/fcntl.h
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_STATX_SYNC_AS_STAT = 0x0000;
  public static final int O_RDONLY = 0;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_CLOEXEC = 02000000;

  /** O_APPEND = 02000 (PBS opens lock files append-only). */
  public static final int O_APPEND = 02000;

  /** AT_EMPTY_PATH: statx on the descriptor itself, with path "". */
  public static final int AT_EMPTY_PATH = 0x1000;

  /** x86_64: 0200000 (asm-generic); aarch64: 040000 (arch/arm64 uapi fcntl.h). */
  public static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000;

  public static final int F_OFD_GETLK = 36;
  public static final int F_OFD_SETLK = 37;
  public static final int F_OFD_SETLKW = 38;
  public static final short F_RDLCK = 0;
  public static final short F_WRLCK = 1;
  public static final short F_UNLCK = 2;
  public static final short SEEK_SET = 0;

  // --- sys/file.h: flock(2) operations
  public static final int LOCK_SH = 1;
  public static final int LOCK_EX = 2;
  public static final int LOCK_NB = 4;

  // --- struct flock (asm-generic/fcntl.h, 64-bit): l_type s16 @0, l_whence s16 @2,
  //     l_start s64 @8, l_len s64 @16, l_pid s32 @24; size 32
  public static final int FLOCK_SIZE = 32;
  public static final int FLOCK_TYPE = 0;
  public static final int FLOCK_WHENCE = 2;
  public static final int FLOCK_START = 8;
  public static final int FLOCK_LEN = 16;
  public static final int FLOCK_PID = 24;

  // --- linux/stat.h: statx (same layout on every architecture)
  public static final int STATX_TYPE = 0x1;
  public static final int STATX_MODE = 0x2;
  public static final int STATX_ATIME = 0x20;
  public static final int STATX_INO = 0x100;
  public static final int STATX_SIZE = 0x200;
  public static final int STATX_BUF_SIZE = 256;
  public static final int STX_MASK = 0x00; // u32
  public static final int STX_MODE = 0x1c; // u16
  public static final int STX_INO = 0x20; // u64
  public static final int STX_SIZE = 0x28; // u64
  public static final int STX_ATIME_SEC = 0x40; // s64
  public static final int STX_ATIME_NSEC = 0x48; // u32
  public static final int STX_DEV_MAJOR = 0x88; // u32
  public static final int STX_DEV_MINOR = 0x8c; // u32
  public static final int S_IFMT = 0170000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFDIR = 0040000;

  // --- linux_dirent64 (getdents64(2)): d_ino u64 @0, d_off s64 @8, d_reclen u16 @16,
  //     d_type u8 @18, d_name @19 (NUL-terminated)
  public static final int DIRENT_RECLEN = 16;
  public static final int DIRENT_TYPE = 18;
  public static final int DIRENT_NAME = 19;
  public static final int DT_UNKNOWN = 0;
  public static final int DT_REG = 8;

  // --- utimensat(2): tv_nsec special values (linux/stat.h)
  public static final long UTIME_NOW = (1L << 30) - 1;
  public static final long UTIME_OMIT = (1L << 30) - 2;

  /** struct timespec[2]: {tv_sec s64, tv_nsec s64} x 2. */
  public static final int TIMESPEC2_SIZE = 32;

  // --- struct statvfs (glibc, 64-bit: no __f_unused): f_flag unsigned long @72; size 112
  public static final int STATVFS_SIZE = 112;
  public static final int STATVFS_FLAG = 72;

  /** {@code sys/statvfs.h}: the filesystem (this mount) is read-only. */
  public static final long ST_RDONLY = 1;

  // --- madvise(2) advice (asm-generic/mman-common.h)
  /** Drop this process's page-table entries; a shared file mapping re-reads the page cache. */
  public static final int MADV_DONTNEED = 4;

  // --- asm-generic/errno-base.h
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EEXIST = 17;

  /** EAGAIN == EWOULDBLOCK on Linux. */
  public static final int EWOULDBLOCK = 11;

  public static final int EACCES = 13;
  public static final int EROFS = 30;

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
  public static int errno() {
    return Native.getLastError();
  }

  public static native int utimensat(int dirfd, long path, long times, int flags);

  public static native int openat(int dirfd, long path, int flags, int mode);

  public static native int close(int fd);

  public static native long getdents64(int fd, long buf, long count);

  public static native int statx(int dirfd, long path, int flags, int mask, long statxbuf);

  /**
   * {@link #statx} for hot loops that never read errno after it (a failure only means "skip this
   * name"): the same libc function, called through jffi's fast-numeric invoker when jffi loads (it
   * is in the distribution already, for lmdbjava), else through the JNA binding above. jffi calls
   * the function pointer straight from its JNI stub; JNA's direct mapping goes through a libffi
   * closure and {@code ffi_call} and saves errno per call, which made up most of the sweep's user
   * time (one call per chunk file). {@link #errno()} is not valid after this call.
   */
  public static int statxNoErrno(int dirfd, long path, int flags, int mask, long statxbuf) {
    if (Jffi.STATX != 0) {
      return (int)
          Jffi.INVOKER.invokeN5(
              Jffi.STATX_NO_ERRNO, Jffi.STATX, dirfd, path, flags, mask, statxbuf);
    }
    return statx(dirfd, path, flags, mask, statxbuf);
  }

  /**
   * {@link #openat} through jffi when it loads (as {@link #statxNoErrno}), for the sweep's
   * per-directory calls; after a -1 return {@link #errno()} is valid as after {@link #openat}.
   */
  public static int fastOpenat(int dirfd, long path, int flags, int mode) {
    if (Jffi.OPENAT != 0) {
      int rc = (int) Jffi.INVOKER.invokeN4(Jffi.INT4, Jffi.OPENAT, dirfd, path, flags, mode);
      return rc < 0 ? Jffi.failed(rc) : rc;
    }
    return openat(dirfd, path, flags, mode);
  }

  /** {@link #getdents64} through jffi when it loads; errno as {@link #fastOpenat}. */
  public static long fastGetdents64(int fd, long buf, long count) {
    if (Jffi.GETDENTS64 != 0) {
      long n = Jffi.INVOKER.invokeN3(Jffi.GETDENTS, Jffi.GETDENTS64, fd, buf, count);
      return n < 0 ? Jffi.failed((int) n) : n;
    }
    return getdents64(fd, buf, count);
  }

  /** {@link #close} through jffi when it loads; errno as {@link #fastOpenat}. */
  public static int fastClose(int fd) {
    if (Jffi.CLOSE != 0) {
      int rc = (int) Jffi.INVOKER.invokeN1(Jffi.INT1, Jffi.CLOSE, fd);
      return rc < 0 ? Jffi.failed(rc) : rc;
    }
    return close(fd);
  }

  /** {@link #unlinkat} through jffi when it loads; errno as {@link #fastOpenat}. */
  public static int fastUnlinkat(int dirfd, long path, int flags) {
    if (Jffi.UNLINKAT != 0) {
      int rc = (int) Jffi.INVOKER.invokeN3(Jffi.INT3, Jffi.UNLINKAT, dirfd, path, flags);
      return rc < 0 ? Jffi.failed(rc) : rc;
    }
    return unlinkat(dirfd, path, flags);
  }

  /** {@code -Djpbs.posix.jffi=false} makes the {@code fast*} functions call through JNA. */
  public static final String JFFI_PROPERTY = "jpbs.posix.jffi";

  /** True if the {@code fast*} and {@code NoErrno} functions call through jffi (false: JNA). */
  static boolean throughJffi() {
    return Jffi.STATX != 0;
  }

  /**
   * jffi's handles on the libc functions above (all 0: jffi unusable, JNA serves). Calls that save
   * errno keep it in jffi's per-thread slot; {@link #failed} copies it into JNA's, which {@link
   * #errno()} reads, so callers read errno one way whichever binding made the call.
   */
  private static final class Jffi {
    static final com.kenai.jffi.Invoker INVOKER;
    static final com.kenai.jffi.CallContext STATX_NO_ERRNO;
    static final com.kenai.jffi.CallContext INT4;
    static final com.kenai.jffi.CallContext INT3;
    static final com.kenai.jffi.CallContext INT1;
    static final com.kenai.jffi.CallContext GETDENTS;
    static final long STATX;
    static final long OPENAT;
    static final long GETDENTS64;
    static final long CLOSE;
    static final long UNLINKAT;

    static {
      com.kenai.jffi.Invoker invoker = null;
      com.kenai.jffi.CallContext[] ctx = new com.kenai.jffi.CallContext[5];
      long[] fn = new long[5];
      if (AVAILABLE && !"false".equals(System.getProperty(JFFI_PROPERTY))) {
        try {
          com.kenai.jffi.Type i = com.kenai.jffi.Type.SINT;
          com.kenai.jffi.Type l = com.kenai.jffi.Type.SLONG;
          com.kenai.jffi.Type p = com.kenai.jffi.Type.POINTER;
          ctx[0] = context(i, false, i, p, i, i, p);
          ctx[1] = context(i, true, i, p, i, i);
          ctx[2] = context(i, true, i, p, i);
          ctx[3] = context(i, true, i);
          ctx[4] = context(l, true, i, p, l);
          invoker = com.kenai.jffi.Invoker.getInstance();
          NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
          String[] names = {"statx", "openat", "getdents64", "close", "unlinkat"};
          for (int k = 0; k < names.length; k++) {
            fn[k] = com.sun.jna.Pointer.nativeValue(c.getFunction(names[k]));
          }
          com.kenai.jffi.LastError.getInstance().get(); // loads the class now, not on a failure
        } catch (LinkageError | RuntimeException e) {
          java.util.Arrays.fill(fn, 0); // JNA serves
        }
      }
      INVOKER = invoker;
      STATX_NO_ERRNO = ctx[0];
      INT4 = ctx[1];
      INT3 = ctx[2];
      INT1 = ctx[3];
      GETDENTS = ctx[4];
      STATX = fn[0];
      OPENAT = fn[1];
      GETDENTS64 = fn[2];
      CLOSE = fn[3];
      UNLINKAT = fn[4];
    }

    private static com.kenai.jffi.CallContext context(
        com.kenai.jffi.Type result, boolean saveErrno, com.kenai.jffi.Type... params) {
      return com.kenai.jffi.CallContext.getCallContext(
          result, params, com.kenai.jffi.CallingConvention.DEFAULT, saveErrno);
    }

    /** A jffi call returned {@code rc} (-1): its errno into JNA's slot; returns {@code rc}. */
    static int failed(int rc) {
      Native.setLastError(com.kenai.jffi.LastError.getInstance().get());
      return rc;
    }
  }

  public static native int unlinkat(int dirfd, long path, int flags);

  public static native int renameat(int olddirfd, long oldpath, int newdirfd, long newpath);

  public static native int mkdirat(int dirfd, long path, int mode);

  public static native int fcntl(int fd, int cmd, long arg);

  public static native int flock(int fd, int operation);

  public static native int fsync(int fd);

  public static native int madvise(long addr, long length, int advice);

  public static native int getpagesize();

  public static native int syncfs(int fd);

  public static native int statvfs(long path, long buf);

  public static native String strerror(int errnum);

  /** linux/time.h: the clock inode timestamps are taken from (current_time()). */
  public static final int CLOCK_REALTIME_COARSE = 5;

  public static native int clock_gettime(int clockId, long timespec);
}
