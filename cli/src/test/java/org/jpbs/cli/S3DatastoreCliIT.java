package org.jpbs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jpbs.cli.JpbsJar.Result;
import org.jpbs.s3.S3Credentials;
import org.jpbs.s3.S3DatastoreConfig;
import org.jpbs.s3.S3StoreClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Datastores on S3" commands against the real Ceph RGW: init, backup (twice), list,
 * restore byte-identical, protect/forget, verify, gc refused, cache loss and re-init with {@code
 * --reuse-datastore}. Skipped without an endpoint, failed then when {@code JPBS_S3_REQUIRED=1}.
 */
class S3DatastoreCliIT {
  @TempDir Path tmp;
  private String endpoint;
  private String region;
  private String bucket;

  @BeforeEach
  void endpoint() {
    endpoint = setting("jpbs.s3.endpoint", "JPBS_S3_ENDPOINT");
    if (endpoint == null) {
      String why =
          "no S3 endpoint: scripts/ceph-rgw start DIR; eval \"$(scripts/ceph-rgw env DIR)\"";
      if ("1".equals(setting("jpbs.s3.required", "JPBS_S3_REQUIRED"))) {
        fail(why + " (JPBS_S3_REQUIRED=1)");
      }
      Assumptions.abort(why);
    }
    String r = setting("jpbs.s3.region", "JPBS_S3_REGION");
    region = r == null ? "us-east-1" : r;
    bucket = "jpbs-cli-" + UUID.randomUUID().toString().substring(0, 13);
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  private Result init(Path dir, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "init",
                dir.toString(),
                "--s3-endpoint",
                endpoint,
                "--s3-bucket",
                bucket,
                "--s3-store",
                "store1",
                "--s3-region",
                region,
                "--s3-path-style",
                "--s3-create-bucket"));
    args.addAll(List.of(extra));
    return JpbsInProcess.run(args.toArray(String[]::new));
  }

  private List<String> bucketKeys() {
    List<String> keys = new ArrayList<>();
    try (S3StoreClient client = client()) {
      client.list("store1/", o -> keys.add(o.key()));
    }
    return keys;
  }

  @Test
  void theReadmeCommandsWorkOnS3() throws Exception {
    Path ds = tmp.resolve("cache");
    Result created = init(ds);
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    assertThat(created.stdout()).contains("created S3 datastore " + ds + " on bucket " + bucket);
    String cfg = Files.readString(ds.resolve(".jpbs/s3.cfg"));
    assertThat(cfg).contains("bucket " + bucket).contains("store store1");
    assertThat(cfg).doesNotContain(System.getenv("AWS_SECRET_ACCESS_KEY"));
    JsonNode c0 = requests(ds, "gc", "status"); // persisted S3 request counters
    assertThat(c0.path("put").asLong()).isPositive(); // .in-use, the zero chunk
    assertThat(c0.path("list").asLong()).isPositive(); // the "holds data" check
    assertThat(c0.path("get").asLong()).isGreaterThanOrEqualTo(c0.path("list").asLong());

    byte[] image = new byte[3 << 20];
    new Random(7).nextBytes(image);
    Path img = tmp.resolve("disk.img");
    Files.write(img, image);
    Result b1 =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/100",
            "disk.img:" + img,
            "--time",
            "1700000000",
            "--no-progress");
    assertThat(b1.exitCode()).as(b1.stderr()).isZero();
    JsonNode c1 = requests(ds, "gc", "status");
    // one chunk, then owner, index and manifest: four PUTs, the chunk's bytes among the uploaded
    assertThat(grew(c0, c1, "put")).isEqualTo(4);
    assertThat(grew(c0, c1, "uploaded")).isGreaterThan(image.length);
    assertThat(grew(c0, c1, "get") + grew(c0, c1, "post") + grew(c0, c1, "delete")).isZero();
    assertThat(requests(ds, "stats")).isEqualTo(c1); // reading commands add nothing
    image[10] ^= 1;
    Files.write(img, image);
    Result b2 =
        JpbsInProcess.run(
            "backup",
            ds.toString(),
            "vm/100",
            "disk.img:" + img,
            "--time",
            "1700000900",
            "--no-progress",
            "--json");
    assertThat(b2.exitCode()).as(b2.stderr()).isZero();
    String snap1 = "vm/100/2023-11-14T22:13:20Z";
    String snap2 = "vm/100/2023-11-14T22:28:20Z";

    Result list = JpbsInProcess.run("list", ds.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    assertThat(list.stdout()).contains("vm/100");

    Path restored = tmp.resolve("restored.img");
    Result rs = JpbsInProcess.run("restore", ds.toString(), snap2, "disk.img", restored.toString());
    assertThat(rs.exitCode()).as(rs.stderr()).isZero();
    assertThat(Files.mismatch(restored, img)).isEqualTo(-1);

    Result prot = JpbsInProcess.run("protect", ds.toString(), snap1);
    assertThat(prot.exitCode()).as(prot.stderr()).isZero();
    assertThat(bucketKeys()).contains("store1/.cnt/" + snap1 + "/.protected");
    Result forgetProtected = JpbsInProcess.run("forget", ds.toString(), snap1);
    assertThat(forgetProtected.exitCode()).isNotZero();
    assertThat(JpbsInProcess.run("unprotect", ds.toString(), snap1).exitCode()).isZero();
    Result forget = JpbsInProcess.run("forget", ds.toString(), snap1);
    assertThat(forget.exitCode()).as(forget.stderr()).isZero();
    assertThat(bucketKeys()).noneMatch(k -> k.startsWith("store1/.cnt/" + snap1 + "/"));

    Result verify = JpbsInProcess.run("verify", ds.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();

    // GC on S3 (issue 17): everything is younger than the cutoff, so nothing goes; one listing
    JsonNode beforeGc = requests(ds, "gc", "status");
    Result gc = JpbsInProcess.run("gc", ds.toString(), "--json");
    assertThat(gc.exitCode()).as(gc.stderr()).isZero();
    JsonNode gcJson = new ObjectMapper().readTree(gc.stdout());
    assertThat(gcJson.path("removed-chunks").asLong()).isZero();
    JsonNode requests = gcJson.path("s3").path("requests");
    assertThat(requests.path("list").asLong()).isEqualTo(1);
    assertThat(requests.path("get").asLong() + requests.path("head").asLong()).isZero();
    assertThat(requests.path("put").asLong()).isZero(); // init uploaded the zero chunk
    assertThat(requests.path("delete-objects").asLong()).isZero();
    assertThat(gcJson.path("s3").path("cleaned-cache-files").asLong()).isZero();
    JsonNode afterGc = requests(ds, "gc", "status"); // the GC's listing, persisted
    assertThat(grew(beforeGc, afterGc, "list")).isEqualTo(1);
    assertThat(grew(beforeGc, afterGc, "get")).isEqualTo(1);
    assertThat(JpbsInProcess.run("gc", "status", ds.toString()).stdout())
        .contains(
            "S3 requests since the cache was created: "
                + afterGc.path("get").asLong()
                + " GET ("
                + afterGc.path("list").asLong()
                + " of them LIST), "
                + afterGc.path("put").asLong()
                + " PUT");
    Result gcText = JpbsInProcess.run("gc", ds.toString(), "--dry-run");
    assertThat(gcText.exitCode()).as(gcText.stderr()).isZero();
    assertThat(gcText.stdout()).contains("1 LIST, 0 DeleteObjects, 0 GET, 0 PUT, 0 HEAD");
    Result atime = JpbsInProcess.run("gc", ds.toString(), "--mark-mode", "atime");
    assertThat(atime.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(atime.stderr()).contains("not available on an S3 datastore");

    // the cache is lost: a new cache adopts the bucket's datastore and everything restores
    Path ds2 = tmp.resolve("cache2");
    Result plain = init(ds2);
    assertThat(plain.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(plain.stderr()).contains("already holds datastore objects under store1/");
    Path ds3 = tmp.resolve("cache3");
    Result reused = init(ds3, "--reuse-datastore");
    assertThat(reused.exitCode()).as(reused.stderr()).isZero();
    Path again = tmp.resolve("again.img");
    JsonNode adopted = requests(ds3, "stats");
    Result rs2 = JpbsInProcess.run("restore", ds3.toString(), snap2, "disk.img", again.toString());
    assertThat(rs2.exitCode()).as(rs2.stderr()).isZero();
    assertThat(Files.mismatch(again, img)).isEqualTo(-1);
    JsonNode coldRestore = requests(ds3, "stats"); // the new cache had no chunk: one GET
    assertThat(grew(adopted, coldRestore, "get")).isEqualTo(1);
    assertThat(grew(adopted, coldRestore, "downloaded")).isGreaterThan(image.length);
  }

  @Test
  void namespacesPruneAndVerifyOfACorruptObject() throws Exception {
    Path ds = tmp.resolve("cache");
    assertThat(init(ds).exitCode()).isZero();
    assertThat(JpbsInProcess.run("ns", "create", ds.toString(), "a").exitCode()).isZero();
    assertThat(JpbsInProcess.run("ns", "create", ds.toString(), "a/b").exitCode()).isZero();
    assertThat(bucketKeys())
        .contains("store1/.cnt/ns/a/.namespace", "store1/.cnt/ns/a/ns/b/.namespace");

    byte[] image = new byte[1 << 20];
    new Random(8).nextBytes(image);
    Path img = tmp.resolve("disk.img");
    Files.write(img, image);
    for (String t : List.of("1700000000", "1700003600", "1700007200")) {
      Result b =
          JpbsInProcess.run(
              "backup",
              ds.toString(),
              "ct/1",
              "disk.img:" + img,
              "--ns",
              "a/b",
              "--time",
              t,
              "--no-progress");
      assertThat(b.exitCode()).as(b.stderr()).isZero();
    }
    Result prune = JpbsInProcess.run("prune", ds.toString(), "--ns", "a/b", "--keep-last", "1");
    assertThat(prune.exitCode()).as(prune.stderr()).isZero();
    List<String> left =
        bucketKeys().stream().filter(k -> k.startsWith("store1/.cnt/ns/a/ns/b/ct/1/")).toList();
    assertThat(left)
        .containsExactlyInAnyOrder(
            "store1/.cnt/ns/a/ns/b/ct/1/owner",
            "store1/.cnt/ns/a/ns/b/ct/1/2023-11-15T00:13:20Z/disk.img.fidx",
            "store1/.cnt/ns/a/ns/b/ct/1/2023-11-15T00:13:20Z/index.json.blob");

    // damage one chunk object: verify names it and moves it to <hex>.0.bad (right key, §5.6)
    String chunk =
        bucketKeys().stream()
            .filter(k -> k.startsWith("store1/.chunks/"))
            .findFirst()
            .orElseThrow();
    try (S3StoreClient client = client()) {
      byte[] raw = client.get(chunk).orElseThrow();
      raw[raw.length / 2] ^= 0x10;
      client.put(chunk, raw);
    }
    Result verify = JpbsInProcess.run("verify", ds.toString(), "--no-progress");
    assertThat(verify.exitCode()).as(verify.stderr()).isEqualTo(ExitCodes.CORRUPT_DATA);
    assertThat(verify.stdout() + verify.stderr()).contains(bucket + "/" + chunk);
    assertThat(bucketKeys()).contains(chunk + ".0.bad").doesNotContain(chunk);

    Result rm = JpbsInProcess.run("ns", "remove", ds.toString(), "a", "--delete-groups");
    assertThat(rm.exitCode()).as(rm.stderr()).isZero();
    assertThat(bucketKeys()).noneMatch(k -> k.startsWith("store1/.cnt/"));
  }

  private static JsonNode requests(Path ds, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(ds.toString(), "--json"));
    Result r = JpbsInProcess.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.stdout()).path("s3-requests");
    assertThat(n.isObject()).as(r.stdout()).isTrue();
    return n;
  }

  /** A persisted counter's growth between two {@code gc status} documents. */
  private static long grew(JsonNode before, JsonNode after, String field) {
    return after.path(field).asLong() - before.path(field).asLong();
  }

  private S3StoreClient client() {
    return S3StoreClient.open(
        S3DatastoreConfig.pathStyle(
            URI.create(endpoint),
            bucket,
            "store1",
            region,
            S3Credentials.fromEnvironment(System.getenv())));
  }

  @Test
  void missingCredentialsFileIsOneUsageLine() {
    Result r = init(tmp.resolve("c"), "--s3-credentials-file", tmp.resolve("nope").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("cannot read S3 credentials file " + tmp.resolve("nope"));
    assertThat(Files.exists(tmp.resolve("c"))).isFalse();
  }
}
