package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.format.BackupManifest;
import org.jpbs.testkit.ReferencedChunks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpbs sync} on the demo's store plus a namespaced group: filesystem to filesystem, and
 * filesystem to Ceph RGW to filesystem (skipped without an endpoint, failed then when {@code
 * JPBS_S3_REQUIRED=1}). Every target verifies, every archive restores byte-identically, a second
 * run copies 0 snapshots and 0 chunks, and the invariant holds on every filesystem store.
 */
class SyncCommandIT {
  @TempDir static Path shared;
  private static Path source;

  @TempDir Path tmp;

  @BeforeAll
  static void demoStore() throws Exception {
    source = shared.resolve("demo");
    Result demo = JpbsInProcess.run("demo", source.toString(), "--keep", "--no-progress");
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    ok(JpbsInProcess.run("ns", "create", source.toString(), "site"));
    Path conf = Files.writeString(shared.resolve("app.conf"), "x=1\n");
    Path data = shared.resolve("data.bin");
    byte[] b = new byte[2 << 20];
    new java.util.Random(5).nextBytes(b);
    Files.write(data, b);
    ok(
        JpbsInProcess.run(
            "backup",
            source.toString(),
            "ct/7",
            "--ns",
            "site",
            "app.conf:" + conf,
            "root.pxar:" + data,
            "--chunk-size",
            "64",
            "--no-progress"));
  }

  private static Result ok(Result r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    return r;
  }

  private static JsonNode sync(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("sync"));
    a.addAll(List.of(args));
    a.addAll(List.of("--json", "--no-progress"));
    return DatastoreCommandsIT.json(JpbsInProcess.run(a.toArray(String[]::new)));
  }

  /** Every finished snapshot path relative to the base ({@code ns/a/ct/7/TIME}). */
  static List<String> snapshots(Path base) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(base)) {
      s.filter(p -> p.getFileName().toString().equals(BackupManifest.BLOB_NAME))
          .map(p -> base.relativize(p.getParent()).toString())
          .filter(p -> !p.startsWith("."))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  /** The target has the source's snapshots, verifies, and restores every archive identically. */
  private void assertFaithfulCopy(Path src, Path dst) throws Exception {
    List<String> snaps = snapshots(src);
    assertThat(snaps).hasSizeGreaterThanOrEqualTo(3);
    assertThat(snapshots(dst)).isEqualTo(snaps);
    ok(JpbsInProcess.run("verify", dst.toString(), "--no-progress"));
    int n = 0;
    for (String snap : snaps) {
      for (BackupManifest.FileInfo f :
          BackupManifest.load(src.resolve(snap).resolve(BackupManifest.BLOB_NAME)).files()) {
        if (f.filename().endsWith(".blob")) {
          assertThat(Files.readAllBytes(dst.resolve(snap).resolve(f.filename())))
              .isEqualTo(Files.readAllBytes(src.resolve(snap).resolve(f.filename())));
          continue;
        }
        Path a = tmp.resolve("a" + n);
        Path b = tmp.resolve("b" + n++);
        ok(
            JpbsInProcess.run(
                "restore", src.toString(), snap, f.filename(), a.toString(), "--no-progress"));
        ok(
            JpbsInProcess.run(
                "restore", dst.toString(), snap, f.filename(), b.toString(), "--no-progress"));
        assertThat(Files.mismatch(a, b)).as(snap + "/" + f.filename()).isEqualTo(-1L);
        Files.delete(a);
        Files.delete(b);
      }
    }
  }

  @org.junit.jupiter.api.Tag("slow") // -Djpbs.tags.exclude= runs it; CI budget
  @Test
  void filesystemToFilesystem_verifiesRestoresIdentically_rerunCopiesNothing() throws Exception {
    Path target = tmp.resolve("target");
    ok(JpbsInProcess.run("init", target.toString()));
    JsonNode dry = sync(source.toString(), target.toString(), "--dry-run");
    int expected = snapshots(source).size();
    assertThat(dry.get("snapshots-copied").asInt()).isEqualTo(expected);
    assertThat(dry.get("dry-run").asBoolean()).isTrue();
    assertThat(snapshots(target)).isEmpty();

    JsonNode first = sync(source.toString(), target.toString(), "--workers", "2");
    assertThat(first.get("snapshots-copied").asInt()).isEqualTo(expected);
    assertThat(first.get("chunks-copied").asLong()).isPositive();
    assertThat(first.get("failures")).isEmpty();
    assertFaithfulCopy(source, target);

    JsonNode again = sync(source.toString(), target.toString());
    assertThat(again.get("snapshots-copied").asInt()).isZero();
    assertThat(again.get("chunks-copied").asLong()).isZero();
    assertThat(again.get("snapshots-skipped").asInt()).isEqualTo(expected);
    ReferencedChunks.assertAllExist(source);
    ReferencedChunks.assertAllExist(target);

    Result bad =
        JpbsInProcess.run(
            "sync", source.toString(), target.toString(), "--group-filter", "owner:x");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void filesystemToRgwAndBack_verifiesRestoresIdentically_rerunCopiesNothing() throws Exception {
    String endpoint = setting("jpbs.s3.endpoint", "JPBS_S3_ENDPOINT");
    if (endpoint == null) {
      String why =
          "no S3 endpoint: scripts/ceph-rgw start DIR; eval \"$(scripts/ceph-rgw env DIR)\"";
      if ("1".equals(setting("jpbs.s3.required", "JPBS_S3_REQUIRED"))) {
        fail(why + " (JPBS_S3_REQUIRED=1)");
      }
      Assumptions.abort(why);
    }
    String region = setting("jpbs.s3.region", "JPBS_S3_REGION");
    Path s3 = tmp.resolve("s3cache");
    ok(
        JpbsInProcess.run(
            "init",
            s3.toString(),
            "--s3-endpoint",
            endpoint,
            "--s3-bucket",
            "jpbs-sync-" + UUID.randomUUID().toString().substring(0, 13),
            "--s3-store",
            "store1",
            "--s3-region",
            region == null ? "us-east-1" : region,
            "--s3-path-style",
            "--s3-create-bucket"));
    int expected = snapshots(source).size();
    JsonNode dry = sync(source.toString(), s3.toString(), "--dry-run");
    assertThat(dry.get("snapshots-copied").asInt()).isEqualTo(expected);
    assertThat(dry.get("dry-run").asBoolean()).isTrue();
    assertThat(snapshots(s3)).isEmpty();
    Result bad =
        JpbsInProcess.run("sync", source.toString(), s3.toString(), "--group-filter", "owner:x");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode up = sync(source.toString(), s3.toString(), "--workers", "2");
    assertThat(up.get("snapshots-copied").asInt()).isEqualTo(expected);
    assertThat(dry.get("chunks-copied").asLong()) // the dry run predicted the chunks too
        .isPositive()
        .isEqualTo(up.get("chunks-copied").asLong());
    assertThat(up.get("failures")).isEmpty();
    assertFaithfulCopy(source, s3);
    JsonNode again = sync(source.toString(), s3.toString());
    assertThat(again.get("snapshots-copied").asInt()).isZero();
    assertThat(again.get("chunks-copied").asLong()).isZero();

    Path back = tmp.resolve("back");
    ok(JpbsInProcess.run("init", back.toString()));
    JsonNode down = sync(s3.toString(), back.toString());
    assertThat(down.get("snapshots-copied").asInt()).isEqualTo(expected);
    assertFaithfulCopy(source, back);
    assertThat(sync(s3.toString(), back.toString()).get("chunks-copied").asLong()).isZero();
    ReferencedChunks.assertAllExist(back);
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }
}
