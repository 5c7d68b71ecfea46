package org.jpbs.gc.markset;

import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Digests as records of four {@code long}s (the big-endian words of {@code ChunkDigest.word(i)})
 * packed in a {@link LongBuffer} (off-heap for the group buffers, a wrapped {@code long[]}
 * elsewhere): record {@code i} is {@code a.get(4i..4i+3)}. Records order as the digests' bytes do
 * (unsigned word by word), so a sorted group is also sorted by directory prefix. A sort of up to
 * {@value #KEY_SORT_MAX} records works in its thread's scratch arrays (72 bytes per record, kept
 * for the thread's next sort); there is no other state.
 */
final class DigestRecords {
  static final int WORDS = 4;

  private static final int INSERTION_SORT_MAX = 12;

  /**
   * Most records sorted by key ({@link #keySort}); larger ranges are sorted in place, so the
   * scratch arrays stay below ~19 MiB per sorting thread whatever {@code --mark-memory} is.
   */
  static final int KEY_SORT_MAX = 1 << 18;

  private DigestRecords() {}

  /** Sorts records {@code [from, to)} and removes duplicates; returns the new end (exclusive). */
  static int sortUnique(LongBuffer a, int from, int to) {
    sort(a, from, to);
    return unique(a, from, to);
  }

  /** Sorts records {@code [from, to)} in place. */
  static void sort(LongBuffer a, int from, int to) {
    if (to - from < 2) {
      return;
    }
    if (to - from <= KEY_SORT_MAX) {
      keySort(a, from, to);
    } else {
      quicksort(a, from, to);
    }
  }

  /**
   * Sorts by a primitive key per record, then puts the records in that order: the key is the first
   * word (sign bit flipped, so signed order is unsigned order) with its low bits replaced by the
   * record's position, and {@link Arrays#sort(long[])} orders those {@code long}s far faster than
   * comparisons of four-word records read through a buffer. Records whose first words agree above
   * the position bits (duplicates, mostly: digests are uniform) end up adjacent in input order and
   * are then ordered by all four words.
   */
  private static void keySort(LongBuffer a, int from, int to) {
    int n = to - from;
    Scratch scratch = SCRATCH.get().ensure(n);
    long[] src = scratch.src;
    long[] keys = scratch.keys;
    long[] dst = scratch.dst;
    a.get(from * WORDS, src, 0, n * WORDS);
    int bits = 64 - Long.numberOfLeadingZeros(n - 1L);
    long position = (1L << bits) - 1;
    for (int i = 0; i < n; i++) {
      keys[i] = ((src[i * WORDS] ^ Long.MIN_VALUE) & ~position) | i;
    }
    Arrays.sort(keys, 0, n);
    for (int r = 0; r < n; r++) {
      System.arraycopy(src, (int) (keys[r] & position) * WORDS, dst, r * WORDS, WORDS);
    }
    LongBuffer sorted = LongBuffer.wrap(dst);
    int r = 0;
    while (r < n) {
      long high = keys[r] & ~position;
      int e = r + 1;
      while (e < n && (keys[e] & ~position) == high) {
        e++;
      }
      if (e - r > 1) {
        quicksort(sorted, r, e);
      }
      r = e;
    }
    a.put(from * WORDS, dst, 0, n * WORDS);
  }

  /**
   * A sorting thread's arrays, reused across sorts (a GC sorts its 256 groups and, in the sweep,
   * every loaded span): allocating them per sort grew the young generation, and with it the
   * resident set, by ~15 MiB at 1M chunks. At most {@value #KEY_SORT_MAX} records, ~19 MiB.
   */
  private static final class Scratch {
    long[] src = new long[0];
    long[] dst = new long[0];
    long[] keys = new long[0];

    Scratch ensure(int n) {
      if (keys.length < n) {
        int capacity = Math.min(KEY_SORT_MAX, Math.max(n, 2 * keys.length));
        src = new long[capacity * WORDS];
        dst = new long[capacity * WORDS];
        keys = new long[capacity];
      }
      return this;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Sorts records {@code [from, to)} in place (quicksort, median of three, insertion sort). */
  private static void quicksort(LongBuffer a, int from, int to) {
    while (to - from > INSERTION_SORT_MAX) {
      int mid = (from + to) >>> 1;
      medianToFrom(a, from, mid, to - 1);
      // Hoare partition around the pivot kept at record 'from'
      int i = from;
      int j = to;
      while (true) {
        do {
          i++;
        } while (i < to && compare(a, i, from) < 0);
        do {
          j--;
        } while (compare(a, j, from) > 0);
        if (i >= j) {
          break;
        }
        swap(a, i, j);
      }
      swap(a, from, j);
      // recurse into the smaller side, loop on the larger (bounded stack depth)
      if (j - from < to - j - 1) {
        quicksort(a, from, j);
        from = j + 1;
      } else {
        quicksort(a, j + 1, to);
        to = j;
      }
    }
    insertionSort(a, from, to);
  }

  /** Moves the median of records {@code x, y, z} to {@code x}. */
  private static void medianToFrom(LongBuffer a, int x, int y, int z) {
    if (compare(a, y, z) > 0) {
      swap(a, y, z);
    }
    // now y <= z; the median is max(x, y) bounded by z
    if (compare(a, x, y) < 0) {
      swap(a, x, y);
    } else if (compare(a, x, z) > 0) {
      swap(a, x, z);
    }
  }

  private static void insertionSort(LongBuffer a, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      for (int j = i; j > from && compare(a, j - 1, j) > 0; j--) {
        swap(a, j - 1, j);
      }
    }
  }

  /**
   * Removes adjacent duplicates from the sorted records {@code [from, to)}; returns the new end.
   */
  static int unique(LongBuffer a, int from, int to) {
    if (to - from < 2) {
      return to;
    }
    int w = from + 1;
    for (int r = from + 1; r < to; r++) {
      if (compare(a, r, w - 1) != 0) {
        if (r != w) {
          for (int k = 0; k < WORDS; k++) {
            a.put(w * WORDS + k, a.get(r * WORDS + k));
          }
        }
        w++;
      }
    }
    return w;
  }

  /** First record in sorted {@code [from, to)} whose digest is {@code >= } the given prefix. */
  static int lowerBoundPrefix(LongBuffer a, int from, int to, int prefix) {
    long key = (long) prefix << 48;
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(a.get(mid * WORDS), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** True if the sorted records {@code [from, to)} contain the digest (binary search). */
  static boolean contains(LongBuffer a, int from, int to, long w0, long w1, long w2, long w3) {
    int lo = from;
    int hi = to - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(a, mid, w0, w1, w2, w3);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  static int compare(LongBuffer a, int i, int j) {
    int q = j * WORDS;
    return compare(a, i, a.get(q), a.get(q + 1), a.get(q + 2), a.get(q + 3));
  }

  private static int compare(LongBuffer a, int i, long w0, long w1, long w2, long w3) {
    int p = i * WORDS;
    int c = Long.compareUnsigned(a.get(p), w0);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.get(p + 1), w1);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.get(p + 2), w2);
    return c != 0 ? c : Long.compareUnsigned(a.get(p + 3), w3);
  }

  private static void swap(LongBuffer a, int i, int j) {
    int p = i * WORDS;
    int q = j * WORDS;
    for (int k = 0; k < WORDS; k++) {
      long t = a.get(p + k);
      a.put(p + k, a.get(q + k));
      a.put(q + k, t);
    }
  }
}
