package org.jpbs.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Resident pages of read-only file mappings ({@code FileChannel.map(READ_ONLY, ...)}, which is
 * {@code MAP_SHARED}): {@link #release} lets the kernel drop this process's page-table entries for
 * a mapped buffer ({@code madvise(MADV_DONTNEED)}), so a long sequential pass over many mapped
 * files keeps only the files it is reading in its resident set. The data stays in the page cache
 * (or in tmpfs); the next access faults it back in. Only for read-only shared mappings: on a
 * private or written mapping the same call would discard data, so callers pass nothing else.
 */
public final class MappedPages {
  private static final long PAGE = LibC.AVAILABLE ? LibC.getpagesize() : 4096;

  private MappedPages() {}

  /**
   * Releases the resident pages of the direct, read-only mapped {@code buffer} (the whole buffer,
   * widened to page boundaries). Best effort: does nothing for a heap buffer, without the libc
   * binding, or when {@code madvise} fails (the pages then simply stay resident). Safe while other
   * threads read the buffer: they fault the pages in again.
   */
  public static void release(ByteBuffer buffer) {
    if (!LibC.AVAILABLE || !buffer.isDirect() || !buffer.isReadOnly() || buffer.capacity() == 0) {
      return;
    }
    Pointer p = Native.getDirectBufferPointer(buffer);
    if (p == null) {
      return;
    }
    long start = Pointer.nativeValue(p);
    long from = start & -PAGE;
    long to = start + buffer.capacity();
    LibC.madvise(from, to - from, LibC.MADV_DONTNEED); // a failure only keeps the pages resident
  }
}
