package org.jpbs.posix;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * NUL-terminated path strings in native memory, for the calls of {@link LibC} that are not on a hot
 * path (lock files, mount checks). Hot paths keep per-thread buffers instead.
 */
public final class CString {
  private CString() {}

  /**
   * {@code path} as UTF-8 plus a terminating NUL, in fresh native memory.
   *
   * @throws IllegalArgumentException if the path contains a NUL byte
   */
  public static Memory of(Path path) {
    byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
    for (byte b : name) {
      if (b == 0) {
        throw new IllegalArgumentException("NUL byte in path " + path);
      }
    }
    Memory m = new Memory(name.length + 1L);
    m.write(0, name, 0, name.length);
    m.setByte(name.length, (byte) 0);
    return m;
  }

  /** The raw address of {@code memory}, as the {@link LibC} functions take it. */
  public static long address(Memory memory) {
    return Pointer.nativeValue(memory);
  }
}
