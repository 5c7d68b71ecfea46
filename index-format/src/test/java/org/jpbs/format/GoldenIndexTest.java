package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer output and reader input against hand-derived fixtures (see resources/golden/README.md).
 */
class GoldenIndexTest {
  static final UUID UUID_FIXED = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
  static final long CTIME = 1610612736L;
  static final ChunkDigest D1 = ChunkDigest.sha256("a".getBytes(StandardCharsets.US_ASCII));
  static final ChunkDigest D2 = ChunkDigest.sha256("b".getBytes(StandardCharsets.US_ASCII));
  static final String FIXED_CSUM =
      "e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a";
  static final String DYNAMIC_CSUM =
      "f7544ade862f9d310c0bd9e35879b53f0df575ae5c97b202f1859bbb9597f4dc";

  @TempDir Path dir;

  /** Parses the fixture notation: hex pairs, '#' comments, "zeros N". */
  static byte[] golden(String name) throws IOException {
    String text;
    try (InputStream in = GoldenIndexTest.class.getResourceAsStream("/golden/" + name)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("zeros ")) {
        out.write(new byte[Integer.parseInt(l.substring(6).trim())]);
      } else {
        out.write(HexFormat.of().parseHex(l.replaceAll("\\s+", "")));
      }
    }
    return out.toByteArray();
  }

  @Test
  void fixedWriter_twoEntries_equalsGoldenBytes() throws Exception {
    Path p = dir.resolve("disk.img.fidx");
    try (FixedIndexWriter w = FixedIndexWriter.create(p, 6L << 20, 4 << 20, UUID_FIXED, CTIME)) {
      w.setDigest(1, D2); // out of order on purpose
      w.setDigest(0, D1);
      assertThat(HexFormat.of().formatHex(w.commit(false))).isEqualTo(FIXED_CSUM);
    }
    assertThat(Files.readAllBytes(p)).isEqualTo(golden("fixed-2.fidx.hex"));
  }

  @Test
  void dynamicWriter_twoEntries_equalsGoldenBytes() throws Exception {
    Path p = dir.resolve("root.pxar.didx");
    try (DynamicIndexWriter w = DynamicIndexWriter.create(p, UUID_FIXED, CTIME)) {
      w.append(1, D1);
      w.append(2, D2);
      assertThat(HexFormat.of().formatHex(w.commit(false))).isEqualTo(DYNAMIC_CSUM);
    }
    assertThat(Files.readAllBytes(p)).isEqualTo(golden("dynamic-2.didx.hex"));
  }

  @Test
  void fixedReader_golden_readsEveryField() throws Exception {
    Path p = dir.resolve("g.fidx");
    Files.write(p, golden("fixed-2.fidx.hex"));
    try (FixedIndexReader r = FixedIndexReader.open(p)) {
      assertThat(r.count()).isEqualTo(2);
      assertThat(r.size()).isEqualTo(6L << 20);
      assertThat(r.indexBytes()).isEqualTo(6L << 20);
      assertThat(r.chunkSize()).isEqualTo(4 << 20);
      assertThat(r.uuid()).isEqualTo(UUID_FIXED);
      assertThat(r.ctime()).isEqualTo(CTIME);
      assertThat(r.digest(0)).isEqualTo(D1);
      assertThat(r.digest(1)).isEqualTo(D2);
      assertThat(HexFormat.of().formatHex(r.storedChecksum())).isEqualTo(FIXED_CSUM);
      assertThat(HexFormat.of().formatHex(r.computeChecksum())).isEqualTo(FIXED_CSUM);
      r.verify();
    }
  }

  @Test
  void dynamicReader_golden_readsEveryField() throws Exception {
    Path p = dir.resolve("g.didx");
    Files.write(p, golden("dynamic-2.didx.hex"));
    try (DynamicIndexReader r = DynamicIndexReader.open(p)) {
      assertThat(r.count()).isEqualTo(2);
      assertThat(r.chunkEnd(0)).isEqualTo(1);
      assertThat(r.chunkStart(1)).isEqualTo(1);
      assertThat(r.chunkEnd(1)).isEqualTo(2);
      assertThat(r.indexBytes()).isEqualTo(2);
      assertThat(r.uuid()).isEqualTo(UUID_FIXED);
      assertThat(r.ctime()).isEqualTo(CTIME);
      assertThat(r.digest(0)).isEqualTo(D1);
      assertThat(r.digest(1)).isEqualTo(D2);
      assertThat(HexFormat.of().formatHex(r.computeChecksum())).isEqualTo(DYNAMIC_CSUM);
      r.verify();
    }
  }

  @Test
  void specCsumVectors_recomputedFromDefinition() {
    // §2.5 "Test vectors", computed straight from the definitions, independent of the writers.
    var md = ChunkDigest.newSha256();
    md.update(D1.toBytes());
    md.update(D2.toBytes());
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(FIXED_CSUM);
    md.update(HexFormat.of().parseHex("0100000000000000"));
    md.update(D1.toBytes());
    md.update(HexFormat.of().parseHex("0200000000000000"));
    md.update(D2.toBytes());
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DYNAMIC_CSUM);
  }
}
