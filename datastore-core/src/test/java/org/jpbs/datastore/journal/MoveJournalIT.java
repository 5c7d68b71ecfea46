package org.jpbs.datastore.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpbs.datastore.Datastore;
import org.jpbs.testkit.LockHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The move journal's format, drain semantics and cross-process exclusion. */
class MoveJournalIT {
  @TempDir Path tmp;
  Datastore store;
  MoveJournal journal;
  LockHolder child;

  @BeforeEach
  void open() throws IOException {
    store = Datastore.create(tmp.resolve("store"));
    journal = MoveJournal.of(store);
  }

  @AfterEach
  void stopChild() throws InterruptedException {
    if (child != null) {
      child.close();
    }
  }

  @Test
  void journal_livesAtTheRootOfTheLockTree() {
    assertThat(journal.file()).isEqualTo(store.lockDir().resolve("move-journal"));
  }

  @Test
  void append_writesOneAbsolutePathPerLine_drainTruncates() throws Exception {
    journal.append(List.of(Path.of("/a/x.fidx"), Path.of("/b/y.didx")));
    journal.append(List.of());
    journal.append(List.of(Path.of("/c/z.didx")));
    assertThat(Files.readString(journal.file())).isEqualTo("/a/x.fidx\n/b/y.didx\n/c/z.didx\n");

    List<Path> seen = new ArrayList<>();
    List<Path> drained = journal.drain(true, seen::addAll);

    assertThat(seen)
        .containsExactly(Path.of("/a/x.fidx"), Path.of("/b/y.didx"), Path.of("/c/z.didx"));
    assertThat(drained).isEqualTo(seen);
    assertThat(Files.size(journal.file())).isZero();
  }

  @Test
  void drain_consumerFails_keepsEveryEntry() throws Exception {
    journal.append(List.of(Path.of("/a/x.fidx")));
    assertThatThrownBy(
            () ->
                journal.drain(
                    true,
                    e -> {
                      throw new IOException("marking failed");
                    }))
        .hasMessage("marking failed");
    assertThat(journal.read()).containsExactly(Path.of("/a/x.fidx"));
  }

  @Test
  void drain_withoutTruncate_keepsEntries() throws Exception {
    journal.append(List.of(Path.of("/a/x.fidx")));
    journal.drain(false, e -> {});
    assertThat(journal.read()).containsExactly(Path.of("/a/x.fidx"));
  }

  @Test
  void append_relativeOrNewline_refusedBeforeWriting() throws Exception {
    assertThatThrownBy(() -> journal.append(List.of(Path.of("rel/x.fidx"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rel/x.fidx");
    assertThatThrownBy(() -> journal.append(List.of(Path.of("/a/b\nc.fidx"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(journal.read()).isEmpty();
  }

  @Test
  void read_relativeLine_isFormatErrorNamingFileAndLine_drainKeepsJournal() throws Exception {
    Files.createDirectories(journal.file().getParent());
    Files.writeString(journal.file(), "/a/x.fidx\nrelative.fidx\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> journal.drain(true, e -> {}))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageContaining(journal.file().toString())
        .hasMessageContaining("line 2");
    assertThat(Files.readString(journal.file())).isEqualTo("/a/x.fidx\nrelative.fidx\n");
  }

  @Test
  void read_tornLastLine_isIgnored() throws Exception {
    Files.createDirectories(journal.file().getParent());
    Files.writeString(journal.file(), "/a/x.fidx\n/b/torn", StandardCharsets.UTF_8);
    assertThat(journal.read()).containsExactly(Path.of("/a/x.fidx"));
  }

  @Test
  void disabledJournal_appendsNothing() throws Exception {
    MoveJournal.disabledForTests(store).append(List.of(Path.of("/a/x.fidx")));
    assertThat(journal.read()).isEmpty();
  }

  @Test
  void append_fromAnotherProcess_isDrainedHere() throws Exception {
    child =
        LockHolder.with(
            JournalTaker.class, store.base().toString(), "append", "/p/one.fidx", "/p/two.didx");
    assertThat(child.line()).startsWith("LOCKED ");
    assertThat(journal.drain(true, e -> {}))
        .containsExactly(Path.of("/p/one.fidx"), Path.of("/p/two.didx"));
    assertThat(journal.read()).isEmpty();
  }

  @Test
  void append_whileAnotherProcessDrains_waitsForIt() throws Exception {
    child = LockHolder.with(JournalTaker.class, store.base().toString(), "hold");
    assertThat(child.line()).isEqualTo("LOCKED " + journal.file());

    CompletableFuture<Void> append =
        CompletableFuture.runAsync(
            () -> {
              try {
                journal.append(List.of(Path.of("/w/x.fidx")));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Thread.sleep(300); // the append is blocked on the other process's flock
    assertThat(append).isNotDone();
    assertThat(journal.read()).isEmpty();

    child.release();
    append.get(30, TimeUnit.SECONDS);
    assertThat(journal.read()).containsExactly(Path.of("/w/x.fidx"));
  }
}
