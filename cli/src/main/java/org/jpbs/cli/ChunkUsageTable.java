package org.jpbs.cli;

import java.util.Arrays;

/**
 * Digest → usage of one chunk for {@code stats}: an open-addressing hash table over primitive
 * arrays (no object per chunk), holding for each distinct chunk of the scope its file size, the one
 * snapshot and group referencing it (or {@link #MULTI}), the last snapshot and group that counted
 * it, and whether a snapshot outside the scope references it.
 *
 * <p>Cost: {@value #SLOT_BYTES} bytes per slot; the table doubles at 3/4 load, so 71–142 bytes per
 * distinct chunk in the scope (1M chunks: at most ~136 MiB, plus the old table during one
 * doubling). Not thread-safe.
 */
final class ChunkUsageTable {
  /** Owner value of a chunk referenced by more than one snapshot (group). */
  static final int MULTI = -1;

  /** Bytes per slot: 4 digest words, size, 4 owner ints and the outside flag. */
  static final int SLOT_BYTES = 4 * 8 + 5 * 4 + 1;

  private static final int EMPTY = Integer.MIN_VALUE;

  private long[] words;
  private int[] size;
  private int[] ownerSnap;
  private int[] ownerGroup;
  private int[] lastSnap;
  private int[] lastGroup;
  private boolean[] outside;
  private int count;

  ChunkUsageTable() {
    allocate(1 << 12);
  }

  private void allocate(int slots) {
    words = new long[slots * 4];
    size = new int[slots];
    ownerSnap = new int[slots];
    ownerGroup = new int[slots];
    lastSnap = new int[slots];
    lastGroup = new int[slots];
    outside = new boolean[slots];
    Arrays.fill(ownerSnap, EMPTY);
  }

  /** Number of distinct chunks. */
  int count() {
    return count;
  }

  /** Bytes the table's arrays occupy now. */
  long tableBytes() {
    return (long) size.length * SLOT_BYTES;
  }

  /** The slot of the digest, or -1. */
  int find(long w0, long w1, long w2, long w3) {
    int mask = size.length - 1;
    for (int s = hash(w0, w1) & mask; ; s = (s + 1) & mask) {
      if (ownerSnap[s] == EMPTY) {
        return -1;
      }
      int b = s * 4;
      if (words[b] == w0 && words[b + 1] == w1 && words[b + 2] == w2 && words[b + 3] == w3) {
        return s;
      }
    }
  }

  /** Adds a digest not yet present, first referenced by {@code snap} of {@code group}; its slot. */
  int add(long w0, long w1, long w2, long w3, int chunkSize, int snap, int group) {
    if ((count + 1) * 4L > size.length * 3L) {
      grow();
    }
    int s = freeSlot(w0, w1);
    int b = s * 4;
    words[b] = w0;
    words[b + 1] = w1;
    words[b + 2] = w2;
    words[b + 3] = w3;
    size[s] = chunkSize;
    ownerSnap[s] = snap;
    ownerGroup[s] = group;
    lastSnap[s] = snap;
    lastGroup[s] = group;
    count++;
    return s;
  }

  /**
   * Records another reference from {@code snap} of {@code group}.
   *
   * @return bit 0: first reference from this snapshot, bit 1: first from this group (the caller
   *     adds the size to their referenced bytes)
   */
  int reference(int slot, int snap, int group) {
    int firsts = 0;
    if (lastSnap[slot] != snap) {
      lastSnap[slot] = snap;
      ownerSnap[slot] = MULTI;
      firsts |= 1;
    }
    if (lastGroup[slot] != group) {
      lastGroup[slot] = group;
      ownerGroup[slot] = MULTI;
      firsts |= 2;
    }
    return firsts;
  }

  /** Marks the chunk as referenced by a snapshot outside the scope. */
  void referenceOutside(int slot) {
    outside[slot] = true;
    ownerSnap[slot] = MULTI;
    ownerGroup[slot] = MULTI;
  }

  /** Calls {@code visitor} for every chunk. */
  void forEach(Visitor visitor) {
    for (int s = 0; s < size.length; s++) {
      if (ownerSnap[s] != EMPTY) {
        visitor.chunk(size[s], ownerSnap[s], ownerGroup[s], outside[s]);
      }
    }
  }

  /** Receives one chunk of {@link #forEach}. */
  @FunctionalInterface
  interface Visitor {
    /** {@code size} -1: chunk file missing; owners {@link #MULTI} when shared. */
    void chunk(int size, int ownerSnap, int ownerGroup, boolean referencedOutside);
  }

  int size(int slot) {
    return size[slot];
  }

  private int freeSlot(long w0, long w1) {
    int mask = size.length - 1;
    int s = hash(w0, w1) & mask;
    while (ownerSnap[s] != EMPTY) {
      s = (s + 1) & mask;
    }
    return s;
  }

  private void grow() {
    long[] w = words;
    int[] sz = size;
    int[] os = ownerSnap;
    int[] og = ownerGroup;
    int[] ls = lastSnap;
    int[] lg = lastGroup;
    boolean[] out = outside;
    allocate(sz.length * 2);
    for (int i = 0; i < sz.length; i++) {
      if (os[i] == EMPTY) {
        continue;
      }
      int s = freeSlot(w[i * 4], w[i * 4 + 1]);
      System.arraycopy(w, i * 4, words, s * 4, 4);
      size[s] = sz[i];
      ownerSnap[s] = os[i];
      ownerGroup[s] = og[i];
      lastSnap[s] = ls[i];
      lastGroup[s] = lg[i];
      outside[s] = out[i];
    }
  }

  /** SHA-256 words are uniform; mix two of them so the low bits are, too. */
  private static int hash(long w0, long w1) {
    long h = w1 ^ (w0 * 0x9E3779B97F4A7C15L);
    return (int) (h ^ (h >>> 32));
  }
}
