package org.jpbs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jpbs.datastore.BackupDir;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.journal.MoveJournal;
import org.jpbs.datastore.move.GroupMove;
import org.jpbs.datastore.move.GroupMoveResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Moves on S3 whose object requests keep failing (connection resets injected before the request
 * leaves, on every attempt), against the real RGW (issue 18, pbs-s3.md §7.3):
 *
 * <ul>
 *   <li>a CopyObject fails in the middle of the second snapshot: the move reports it in one line
 *       naming the object, the first snapshot is moved, the second stays whole at the source in the
 *       cache and in the bucket, nothing of it is left under the target, and after cache loss and
 *       refresh each snapshot is in exactly one place; a rerun completes the move;
 *   <li>the deletes of the source objects fail: the move succeeds with warnings, the snapshot is
 *       whole at the target, and a refresh shows the documented leftover, a whole finished copy at
 *       the source (never a partial one).
 * </ul>
 *
 * Every case ends with every snapshot restoring and every referenced chunk object present.
 */
class S3MoveFaultIT {
  @TempDir Path tmp;
  private volatile Predicate<SdkHttpRequest> fail = r -> false;
  private S3MoveStore s;

  private final ExecutionInterceptor faults =
      new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
          if (fail.test(c.httpRequest())) {
            throw SdkClientException.create(
                "injected", new SocketException("Connection reset (injected)"));
          }
        }
      };

  @BeforeEach
  void open() throws Exception {
    S3StoreClient.Options fast =
        new S3StoreClient.Options(
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)),
            d -> {},
            new Random(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    s = new S3MoveStore(tmp, fast, List.of(faults));
  }

  @AfterEach
  void close() {
    if (s != null) {
      s.close();
    }
  }

  /** The request's key, decoded (a snapshot time's colons are sent as {@code %3A}). */
  private static String path(SdkHttpRequest r) {
    return URLDecoder.decode(r.encodedPath().replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static boolean isCopy(SdkHttpRequest r) {
    return r.method().name().equals("PUT")
        && r.firstMatchingHeader("x-amz-copy-source").isPresent();
  }

  private static boolean isDelete(SdkHttpRequest r) {
    return r.method().name().equals("DELETE")
        || (r.method().name().equals("POST") && r.rawQueryParameters().containsKey("delete"));
  }

  @Test
  void aFailedCopyLeavesTheSnapshotWholeAtTheSourceAndDeleteFailuresOnlyWarn() throws Exception {
    s.store().createNamespace(BackupNamespace.parse("t"));
    BackupDir first = s.backup(s.group("", "100"));
    BackupDir second = s.backup(s.group("", "100"));
    BackupDir other = s.backup(s.group("", "200"));
    s.setNotes(s.group("", "100"), "notes");
    Set<String> before = s.contentKeys();
    String secondDir = "vm/100/" + second.backupTimeString() + "/";
    fail = r -> isCopy(r) && path(r).endsWith(secondDir + "qemu-server.conf.blob");
    MoveJournal journal = MoveJournal.of(s.store());

    GroupMoveResult m =
        GroupMove.run(s.group("", "100"), BackupNamespace.parse("t"), true, false, journal);
    assertFalse(m.ok());
    assertFalse(m.softFailure());
    String line = m.failure().getMessage();
    assertFalse(line.contains("\n"), line);
    assertTrue(line.startsWith("cannot copy the objects of snapshot " + S3MoveStore.name(second)));
    assertTrue(line.contains(secondDir + "qemu-server.conf.blob"), line);
    assertTrue(line.contains("Connection reset"), line);
    assertEquals(List.of(first.backupTimeString()), m.moved());
    assertEquals(List.of(second.backupTimeString()), m.remaining());
    assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    Map<String, String> expected = new TreeMap<>();
    expected.put("t:vm/100/" + first.backupTimeString(), S3MoveStore.name(first));
    expected.put(S3MoveStore.name(second), S3MoveStore.name(second));
    expected.put(S3MoveStore.name(other), S3MoveStore.name(other));
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "in the cache");
    Set<String> keys = s.contentKeys();
    S3MoveStore.assertSameKeys(before, keys, secondDir);
    assertFalse(
        keys.stream().anyMatch(k -> k.startsWith("ns/t/vm/100/" + second.backupTimeString())));
    assertFalse(keys.stream().anyMatch(k -> k.startsWith("vm/100/" + first.backupTimeString())));
    assertTrue(keys.contains("vm/100/notes"), "the source group keeps its notes");

    fail = r -> false;
    s.loseCacheAndRefresh();
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "rebuilt from the bucket");
    s.assertEveryReferencedObjectExists(); // the restores come at the end

    String otherDir = "vm/200/" + other.backupTimeString() + "/";
    // DELETE of its keys, and every DeleteObjects (whose keys are in the body)
    fail = r -> isDelete(r) && (path(r).contains(otherDir) || r.method().name().equals("POST"));
    GroupMoveResult d =
        GroupMove.run(s.group("", "200"), BackupNamespace.parse("t"), true, false, journal);
    assertNull(d.failure(), "delete failures do not fail the move");
    assertEquals(2, d.warnings().size(), d.warnings().toString());
    assertTrue(d.warnings().get(0).contains(otherDir + "index.json.blob"), d.warnings().get(0));
    fail = r -> false;
    assertTrue(
        GroupMove.run(s.group("", "100"), BackupNamespace.parse("t"), true, false, journal).ok(),
        "the rerun completes the first move");
    expected.clear();
    for (BackupDir b : List.of(first, second, other)) {
      expected.put("t:" + S3MoveStore.name(b), S3MoveStore.name(b));
    }
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "in the cache");
    s.loseCacheAndRefresh();
    expected.put(S3MoveStore.name(other), S3MoveStore.name(other)); // the documented leftover
    assertEquals(List.copyOf(expected.keySet()), s.allSnapshots(), "rebuilt from the bucket");
    assertFalse(s.contentKeys().stream().anyMatch(k -> k.startsWith("vm/100/")));
    s.assertRestores(expected);
    s.assertEveryReferencedObjectExists();
  }
}
