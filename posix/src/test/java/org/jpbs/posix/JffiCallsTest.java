package org.jpbs.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LibC#statxNoErrno} and the {@code fast*} functions are libc's: same answers and the same
 * errno (read through {@link LibC#errno()}) as the JNA binding, through jffi.
 */
class JffiCallsTest {
  private static final int MASK = LibC.STATX_TYPE | LibC.STATX_ATIME | LibC.STATX_SIZE;

  @Test
  void sameAnswersAsTheJnaBinding(@TempDir Path dir) throws IOException {
    assumeTrue(LibC.AVAILABLE, "no libc binding here");
    assertThat(LibC.throughJffi()).as("jffi loads where JNA does").isTrue();
    Files.write(dir.resolve("f"), new byte[1234]);
    Files.createDirectory(dir.resolve("d"));
    Memory dirPath = CString.of(dir);
    int dfd =
        LibC.openat(LibC.AT_FDCWD, CString.address(dirPath), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
    assertThat(dfd).isGreaterThanOrEqualTo(0);
    try {
      for (String name : new String[] {"f", "d", "missing"}) {
        Memory n = CString.of(Path.of(name));
        Memory a = new Memory(LibC.STATX_BUF_SIZE);
        Memory b = new Memory(LibC.STATX_BUF_SIZE);
        a.clear();
        b.clear();
        int ra =
            LibC.statx(dfd, CString.address(n), LibC.AT_SYMLINK_NOFOLLOW, MASK, CString.address(a));
        int rb =
            LibC.statxNoErrno(
                dfd, CString.address(n), LibC.AT_SYMLINK_NOFOLLOW, MASK, CString.address(b));
        assertThat(rb).as(name).isEqualTo(ra);
        ByteBuffer va = a.getByteBuffer(0, LibC.STATX_BUF_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer vb = b.getByteBuffer(0, LibC.STATX_BUF_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(vb.getShort(LibC.STX_MODE)).as(name).isEqualTo(va.getShort(LibC.STX_MODE));
        assertThat(vb.getLong(LibC.STX_SIZE)).as(name).isEqualTo(va.getLong(LibC.STX_SIZE));
        assertThat(vb.getLong(LibC.STX_INO)).as(name).isEqualTo(va.getLong(LibC.STX_INO));
        assertThat(vb.getLong(LibC.STX_ATIME_SEC))
            .as(name)
            .isEqualTo(va.getLong(LibC.STX_ATIME_SEC));
      }
      Memory f = CString.of(Path.of("f"));
      Memory s = new Memory(LibC.STATX_BUF_SIZE);
      assertThat(LibC.statxNoErrno(dfd, CString.address(f), 0, MASK, CString.address(s))).isZero();
      assertThat(s.getLong(LibC.STX_SIZE)).isEqualTo(1234);
      assertThat(s.getShort(LibC.STX_MODE) & LibC.S_IFMT).isEqualTo(LibC.S_IFREG);
      Memory none = CString.of(Path.of("missing"));
      assertThat(LibC.statxNoErrno(dfd, CString.address(none), 0, MASK, CString.address(s)))
          .isEqualTo(-1);
    } finally {
      LibC.close(dfd);
    }
  }

  @Test
  void fastCallsAnswerAndSetErrnoAsTheJnaBinding(@TempDir Path dir) throws IOException {
    assumeTrue(LibC.AVAILABLE, "no libc binding here");
    assertThat(LibC.throughJffi()).isTrue();
    fastCalls(dir);
  }

  /** With {@code -Djpbs.posix.jffi=false} the same calls go through JNA, in a child JVM. */
  @Test
  void withJffiDisabled_fastCallsFallBackToJna(@TempDir Path dir) throws Exception {
    assumeTrue(LibC.AVAILABLE, "no libc binding here");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + LibC.JFFI_PROPERTY + "=false",
                "-cp",
                System.getProperty("java.class.path"),
                JnaFallbackMain.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("through JNA: ok");
  }

  /** The child of {@link #withJffiDisabled_fastCallsFallBackToJna}. */
  static final class JnaFallbackMain {
    public static void main(String[] args) throws IOException {
      assertThat(LibC.throughJffi()).isFalse();
      fastCalls(Path.of(args[0]));
      System.out.println("through JNA: ok");
    }
  }

  private static void fastCalls(Path dir) throws IOException {
    Files.write(dir.resolve("a"), new byte[1]);
    Files.write(dir.resolve("b"), new byte[1]);
    Memory dirPath = CString.of(dir);
    int flags = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC;
    int dfd = LibC.fastOpenat(LibC.AT_FDCWD, CString.address(dirPath), flags, 0);
    assertThat(dfd).isGreaterThanOrEqualTo(0);
    try {
      Memory missing = CString.of(Path.of("missing"));
      // a JNA failure first, so that a stale errno would show
      assertThat(LibC.close(-1)).isEqualTo(-1);
      assertThat(LibC.errno()).isEqualTo(9); // EBADF
      assertThat(LibC.fastOpenat(dfd, CString.address(missing), flags, 0)).isEqualTo(-1);
      assertThat(LibC.errno()).isEqualTo(LibC.ENOENT);
      assertThat(LibC.fastClose(-1)).isEqualTo(-1);
      assertThat(LibC.errno()).isEqualTo(9);
      assertThat(LibC.fastUnlinkat(dfd, CString.address(missing), 0)).isEqualTo(-1);
      assertThat(LibC.errno()).isEqualTo(LibC.ENOENT);
      assertThat(LibC.fastGetdents64(-1, 0, 0)).isEqualTo(-1);
      assertThat(LibC.errno()).isEqualTo(9);

      Memory buf = new Memory(4096);
      long n = LibC.fastGetdents64(dfd, CString.address(buf), 4096);
      assertThat(n).isPositive();
      int names = 0;
      for (int off = 0; off < n; ) {
        int reclen = buf.getShort(off + LibC.DIRENT_RECLEN) & 0xFFFF;
        String name = buf.getString(off + LibC.DIRENT_NAME);
        names += name.equals("a") || name.equals("b") ? 1 : 0;
        off += reclen;
      }
      assertThat(names).isEqualTo(2);
      assertThat(LibC.fastGetdents64(dfd, CString.address(buf), 4096)).isZero();

      Memory a = CString.of(Path.of("a"));
      assertThat(LibC.fastUnlinkat(dfd, CString.address(a), 0)).isZero();
      assertThat(dir.resolve("a")).doesNotExist();
      assertThat(dir.resolve("b")).exists();
    } finally {
      assertThat(LibC.fastClose(dfd)).isZero();
    }
  }
}
