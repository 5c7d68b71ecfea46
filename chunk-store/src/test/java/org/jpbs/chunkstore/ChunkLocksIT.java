package org.jpbs.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
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
      Thread writer = new Thread(() -> {
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
      Thread t = new Thread(() -> {
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
      Thread reader = new Thread(() -> {
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
      Thread sweeper = new Thread(() -> {
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
}
