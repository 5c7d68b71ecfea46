package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Thread-level exclusion of the chunk locks (OFD locks need one descriptor per thread). */
class ChunkLocksIT {
  @TempDir Path dir;

  static Stream<String> impls() {
    return Stream.of("ofd", "striped");
  }

  private ChunkLocks locks(String impl) throws Exception {
    Path f = Files.createFile(dir.resolve(".jpbs-chunk-locks"));
    return impl.equals("ofd") ? new OfdChunkLocks(f) : new StripedChunkLocks();
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockShared_whileOtherThreadHoldsExclusive_waitsForRelease(String impl) throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      locks.lockExclusive(42);
      AtomicBoolean acquired = new AtomicBoolean();
      CountDownLatch otherPrefixDone = new CountDownLatch(1);
      Thread writer =
          new Thread(
              () -> {
                try {
                  locks.lockShared(43); // other directory: no wait
                  locks.unlockShared(43);
                  otherPrefixDone.countDown();
                  locks.lockShared(42);
                  acquired.set(true);
                  locks.unlockShared(42);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      assertThat(otherPrefixDone.await(30, TimeUnit.SECONDS)).isTrue();
      writer.join(300);
      assertThat(acquired).as("shared lock granted while exclusive held").isFalse();
      locks.unlockExclusive(42);
      writer.join(30_000);
      assertThat(acquired).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockShared_twoThreads_bothHoldAtOnce(String impl) throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      locks.lockShared(7);
      CountDownLatch other = new CountDownLatch(1);
      Thread t =
          new Thread(
              () -> {
                try {
                  locks.lockShared(7);
                  other.countDown();
                  locks.unlockShared(7);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      t.start();
      assertThat(other.await(30, TimeUnit.SECONDS)).as("second reader admitted").isTrue();
      locks.unlockShared(7);
      t.join();
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void unlockShared_ofOneThread_keepsOtherThreadsHold(String impl) throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                try {
                  locks.lockShared(9);
                  held.countDown();
                  release.await();
                  locks.unlockShared(9);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      reader.start();
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
      locks.lockShared(9);
      locks.unlockShared(9); // must not drop the reader thread's lock
      AtomicBoolean exclusive = new AtomicBoolean();
      Thread sweeper =
          new Thread(
              () -> {
                try {
                  locks.lockExclusive(9);
                  exclusive.set(true);
                  locks.unlockExclusive(9);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      sweeper.start();
      sweeper.join(300);
      assertThat(exclusive).as("exclusive granted while a reader still holds").isFalse();
      release.countDown();
      sweeper.join(30_000);
      reader.join();
      assertThat(exclusive).isTrue();
    }
  }

  /**
   * Range [100, 164) held: shared locks of other threads on its first, a middle and its last byte
   * wait for the release; the bytes just outside (99, 164) are granted at once.
   */
  @ParameterizedTest
  @MethodSource("impls")
  void lockExclusiveRange_held_blocksSharedInsideButNotOutside(String impl) throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      locks.lockExclusiveRange(100, 64);
      CountDownLatch outsideDone = new CountDownLatch(2);
      List<Thread> threads = new ArrayList<>();
      for (int p : new int[] {99, 164}) {
        threads.add(
            start(
                () -> {
                  locks.lockShared(p);
                  locks.unlockShared(p);
                  outsideDone.countDown();
                }));
      }
      int[] inside = {100, 131, 163};
      AtomicBoolean[] acquired = new AtomicBoolean[inside.length];
      for (int i = 0; i < inside.length; i++) {
        int p = inside[i];
        AtomicBoolean a = acquired[i] = new AtomicBoolean();
        threads.add(
            start(
                () -> {
                  locks.lockShared(p);
                  a.set(true);
                  locks.unlockShared(p);
                }));
      }
      assertThat(outsideDone.await(30, TimeUnit.SECONDS))
          .as("bytes outside the range granted")
          .isTrue();
      Thread.sleep(300);
      for (int i = 0; i < inside.length; i++) {
        assertThat(acquired[i])
            .as("shared lock on %d granted while the range is held", inside[i])
            .isFalse();
      }
      locks.unlockExclusiveRange(100, 64);
      for (Thread t : threads) {
        t.join(30_000);
      }
      for (int i = 0; i < inside.length; i++) {
        assertThat(acquired[i]).as("shared lock on %d after release", inside[i]).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockExclusiveRange_whileOtherThreadHoldsSharedInside_waitsForRelease(String impl)
      throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread reader =
          start(
              () -> {
                locks.lockShared(200);
                held.countDown();
                release.await();
                locks.unlockShared(200);
              });
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
      AtomicBoolean exclusive = new AtomicBoolean();
      Thread sweeper =
          start(
              () -> {
                locks.lockExclusiveRange(192, 16);
                exclusive.set(true);
                locks.unlockExclusiveRange(192, 16);
              });
      sweeper.join(300);
      assertThat(exclusive).as("range granted while a reader holds a byte in it").isFalse();
      release.countDown();
      sweeper.join(30_000);
      reader.join();
      assertThat(exclusive).isTrue();
    }
  }

  /**
   * Byte-exact probe with F_OFD_GETLK from a second open file description: a range lock covers
   * exactly its bytes, and its release frees all of them (no partial unlock).
   */
  @Test
  void lockExclusiveRange_ofd_coversExactlyItsBytes() throws Exception {
    try (ChunkLocks locks = locks("ofd")) {
      Path f = dir.resolve(".jpbs-chunk-locks");
      locks.lockExclusiveRange(64, 64);
      try (OfdProbe probe = new OfdProbe(f)) {
        for (int p = 0; p < 256; p++) {
          boolean inside = p >= 64 && p < 128;
          assertThat(probe.writeLocked(p, 1)).as("byte %d", p).isEqualTo(inside);
        }
        assertThat(probe.writeLocked(65_535, 1)).isFalse();
        locks.unlockExclusiveRange(64, 64);
        for (int p = 0; p < 256; p++) {
          assertThat(probe.writeLocked(p, 1)).as("byte %d after release", p).isFalse();
        }
        locks.lockExclusiveRange(65_535 - 9, 10); // the last bytes
        assertThat(probe.writeLocked(65_535, 1)).isTrue();
        assertThat(probe.writeLocked(65_535 - 10, 1)).isFalse();
        locks.unlockExclusiveRange(65_535 - 9, 10);
        assertThat(probe.writeLocked(65_535, 1)).isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void lockExclusiveRange_outsidePrefixSpace_throws(String impl) throws Exception {
    try (ChunkLocks locks = locks(impl)) {
      assertThatThrownBy(() -> locks.lockExclusiveRange(0, 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> locks.lockExclusiveRange(-1, 2))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> locks.lockExclusiveRange(65_500, 37))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> locks.unlockExclusiveRange(65_536, 1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      locks.lockExclusiveRange(65_500, 36); // up to the last prefix is fine
      locks.unlockExclusiveRange(65_500, 36);
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Thread start(Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    t.start();
    return t;
  }
}
