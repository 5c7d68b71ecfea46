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
    if (FastStatx.FUNCTION != 0) {
      return (int)
          FastStatx.INVOKER.invokeN5(
              FastStatx.CONTEXT, FastStatx.FUNCTION, dirfd, path, flags, mask, statxbuf);
    }
    return statx(dirfd, path, flags, mask, statxbuf);
  }

  /** True if {@link #statxNoErrno} calls through jffi (false: through JNA). */
  static boolean statxThroughJffi() {
    return FastStatx.FUNCTION != 0;
  }

  /** jffi's handle on libc's {@code statx} (FUNCTION 0: jffi unusable, JNA is used). */
  private static final class FastStatx {
    static final com.kenai.jffi.Invoker INVOKER;
    static final com.kenai.jffi.CallContext CONTEXT;
    static final long FUNCTION;

    static {
      com.kenai.jffi.Invoker invoker = null;
      com.kenai.jffi.CallContext context = null;
      long function = 0;
      if (AVAILABLE) {
        try {
          com.kenai.jffi.Type i = com.kenai.jffi.Type.SINT;
          com.kenai.jffi.Type p = com.kenai.jffi.Type.POINTER;
          context =
              com.kenai.jffi.CallContext.getCallContext(
                  i,
                  new com.kenai.jffi.Type[] {i, p, i, i, p},
                  com.kenai.jffi.CallingConvention.DEFAULT,
                  false);
          invoker = com.kenai.jffi.Invoker.getInstance();
          function =
              com.sun.jna.Pointer.nativeValue(
                  NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("statx"));
        } catch (LinkageError | RuntimeException e) {
          function = 0; // JNA's statx serves
        }
      }
      INVOKER = invoker;
      CONTEXT = context;
      FUNCTION = function;
    }
  }

  public static native int unlinkat(int dirfd, long path, int flags);

  public static native int renameat(int olddirfd, long oldpath, int newdirfd, long newpath);

  public static native int mkdirat(int dirfd, long path, int mode);

  public static native int fcntl(int fd, int cmd, long arg);

  public static native int flock(int fd, int operation);

  public static native int fsync(int fd);

  public static native int syncfs(int fd);

  public static native int statvfs(long path, long buf);

  public static native String strerror(int errnum);

  /** linux/time.h: the clock inode timestamps are taken from (current_time()). */
  public static final int CLOCK_REALTIME_COARSE = 5;

  public static native int clock_gettime(int clockId, long timespec);
}
