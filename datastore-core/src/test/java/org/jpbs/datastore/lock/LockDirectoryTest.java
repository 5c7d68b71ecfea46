package org.jpbs.datastore.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // lock guards and registrations are held for the scope of the try
class LockDirectoryTest {
  @TempDir Path tmp;
  LockDirectory locks;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    locks = LockDirectory.at(tmp.resolve("locks"));
    pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "lock-test"));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void escape_specExample_matchesSystemdEscaping() {
    assertThat(
            LockDirectory.escapeUnitPath(
                "vm/100/2022-05-02T08:11:33Z".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("vm-100-2022\\x2d05\\x2d02T08\\x3a11\\x3a33Z");
    assertThat(LockDirectory.escapeUnitPath("/.a/b.c d/ä".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("\\x2ea-b.c\\x20d-\\xc3\\xa4");
    assertThat(LockDirectory.escapeUnitPath("//".getBytes(StandardCharsets.UTF_8))).isEqualTo("-");
  }

  @Test
  void lockFile_rootAndNamespace_layoutAsPbs() {
    assertThat(locks.lockFile(List.of(), "vm/100")).isEqualTo(locks.base().resolve("vm-100"));
    assertThat(locks.lockFile(List.of("ns1", "ns2"), "vm/100/2022-05-02T08:11:33Z/.index.json.lck"))
        .isEqualTo(
            locks
                .base()
                .resolve("ns1:ns2")
                .resolve("vm-100-2022\\x2d05\\x2d02T08\\x3a11\\x3a33Z-.index.json.lck"));
  }

  @Test
  void lockFile_escapedNameOf255Bytes_isHashed() {
    String id = "a".repeat(240);
    String rpath = "host/" + id + "/2022-05-02T08:11:33Z";
    Path p = locks.lockFile(List.of("n"), rpath);
    String name = p.getFileName().toString();
    assertThat(p.getParent()).isEqualTo(locks.base().resolve("n").resolve("hashed"));
    String escaped = LockDirectory.escapeUnitPath(rpath.getBytes(StandardCharsets.UTF_8));
    assertThat(name)
        .startsWith(escaped.substring(0, 80) + "...")
        .contains("..." + escaped.substring(escaped.length() - 80) + "-");
    assertThat(name).hasSize(80 + 3 + 80 + 1 + 64);
    // 254 escaped bytes still use the plain name
    String shortId = "b".repeat(254 - "host-".length());
    assertThat(locks.lockFile(List.of(), "host/" + shortId).getFileName().toString()).hasSize(254);
    assertThat(
            locks.lockFile(List.of(), "host/" + shortId + "b").getParent().getFileName().toString())
        .isEqualTo("hashed");
  }

  @Test
  void lockFile_unsafeNamespaceComponent_rejected() {
    for (String bad : List.of("..", ".", "a/b", "a:b", "")) {
      assertThatThrownBy(() -> locks.lockFile(List.of(bad), "vm/1"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void exclusive_otherThread_getsLockedException() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/1");
    try (LockGuard held = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "group vm/1")) {
      assertThat(held.isHeld()).isTrue();
      Future<?> other =
          pool.submit(() -> locks.acquire(f, LockMode.SHARED, Duration.ZERO, "group vm/1"));
      assertThatThrownBy(other::get)
          .hasCauseInstanceOf(LockedException.class)
          .hasMessageContaining("locked by another operation")
          .hasMessageContaining("vm-1");
      // the same thread, a second acquisition: a new open file description, so it conflicts too
      assertThatThrownBy(() -> locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "group vm/1"))
          .isInstanceOf(LockedException.class)
          .satisfies(e -> assertThat(((LockedException) e).lockFile()).isEqualTo(f));
    }
    try (LockGuard again = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "group vm/1")) {
      assertThat(again.mode()).isEqualTo(LockMode.EXCLUSIVE);
    }
  }

  @Test
  void shared_twoHolders_compatible_exclusiveBlocked() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/1/2024-01-01T00:00:00Z");
    try (LockGuard a = locks.acquire(f, LockMode.SHARED, Duration.ZERO, "s");
        LockGuard b =
            pool.submit(() -> locks.acquire(f, LockMode.SHARED, Duration.ZERO, "s")).get()) {
      assertThatThrownBy(() -> locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "s"))
          .isInstanceOf(LockedException.class)
          .hasMessageContaining("exclusive");
      b.close();
      assertThatThrownBy(() -> locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "s"))
          .isInstanceOf(LockedException.class);
    }
  }

  @Test
  void wait_acquiresAfterHolderReleases() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/2");
    LockGuard held = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "g");
    CountDownLatch started = new CountDownLatch(1);
    Future<LockGuard> waiter =
        pool.submit(
            () -> {
              started.countDown();
              return locks.acquire(f, LockMode.EXCLUSIVE, Duration.ofSeconds(30), "g");
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    held.close();
    held.close(); // idempotent
    try (LockGuard got = waiter.get(30, TimeUnit.SECONDS)) {
      assertThat(got.isHeld()).isTrue();
    }
  }

  @Test
  void wait_timeoutExpires_lockedExceptionMentionsWait() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/3");
    try (LockGuard held = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "g")) {
      assertThatThrownBy(() -> locks.acquire(f, LockMode.EXCLUSIVE, Duration.ofMillis(30), "g"))
          .isInstanceOf(LockedException.class)
          .hasMessageContaining("waited");
    }
  }

  @Test
  void lockFileReplacedWhileWaiting_waiterLocksTheNewFile() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/4");
    LockGuard held = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "g");
    CountDownLatch started = new CountDownLatch(1);
    Future<LockGuard> waiter =
        pool.submit(
            () -> {
              started.countDown();
              return locks.acquire(f, LockMode.EXCLUSIVE, Duration.ofSeconds(30), "g");
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Object oldInode = Files.getAttribute(f, "unix:ino");
    locks.deleteLockFile(f); // what destroy does while holding the lock
    held.close();
    try (LockGuard got = waiter.get(30, TimeUnit.SECONDS)) {
      assertThat(f).exists();
      // whichever file the waiter ended up locking, it is the one now at the path
      try (LockGuard probe = locks.acquire(f, LockMode.SHARED, Duration.ZERO, "g")) {
        throw new AssertionError("lock at path not held: " + probe + " old inode " + oldInode);
      } catch (LockedException expected) {
        assertThat(expected.what()).isEqualTo("g");
      }
    }
  }

  @Test
  void acquire_outsideBase_rejected() {
    assertThatThrownBy(
            () -> locks.acquire(tmp.resolve("elsewhere"), LockMode.SHARED, Duration.ZERO, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interruptedWhileWaiting_interruptedIoExceptionAndFlagKept() throws Exception {
    Path f = locks.lockFile(List.of(), "vm/5");
    try (LockGuard held = locks.acquire(f, LockMode.EXCLUSIVE, Duration.ZERO, "g")) {
      Future<Boolean> waiter =
          pool.submit(
              () -> {
                Thread.currentThread().interrupt();
                try {
                  locks.acquire(f, LockMode.EXCLUSIVE, Duration.ofSeconds(30), "g");
                  return false;
                } catch (java.io.InterruptedIOException e) {
                  return Thread.currentThread().isInterrupted();
                }
              });
      assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    } catch (IOException e) {
      throw e;
    }
  }
}
