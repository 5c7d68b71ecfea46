package org.jpbs.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.jpbs.format.CorruptFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persisted counters: PBS 4.1.7's 4096-byte layout, counts added across closes. */
class S3CounterFileTest {
  @TempDir Path base;

  private static S3Counters counts(long gets, long lists, long puts, long up, long down) {
    S3Counters c = new S3Counters();
    for (int i = 0; i < gets; i++) {
      c.countRequest(S3Method.GET, 0);
    }
    for (int i = 0; i < lists; i++) {
      c.countList();
    }
    for (int i = 0; i < puts; i++) {
      c.countRequest(S3Method.PUT, 0);
    }
    c.countRequest(S3Method.HEAD, up);
    c.countRequest(S3Method.POST, 0);
    c.countRequest(S3Method.DELETE, 0);
    c.countDownload(down);
    return c;
  }

  @Test
  void addsEveryCloseToTheTotalsInPbsLayout() throws Exception {
    Files.createDirectories(base.resolve(".jpbs"));
    assertThat(S3CounterFile.read(base)).isEqualTo(S3CounterFile.Totals.ZERO);

    S3CounterFile.add(base, counts(3, 1, 5, 100, 7));
    S3CounterFile.add(base, counts(2, 2, 1, 10, 3));

    S3CounterFile.Totals t = S3CounterFile.read(base);
    assertThat(t.stats()).isEqualTo(new S3Statistics(5, 6, 2, 2, 2, 110, 10));
    assertThat(t.list()).isEqualTo(3);

    byte[] raw = Files.readAllBytes(base.resolve(S3CounterFile.FILE));
    assertThat(raw).hasSize(4096);
    assertThat(HexFormat.of().formatHex(raw, 0, 8)).isEqualTo("e06e58fc1a4db405");
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    // PBS's slot order from offset 32: get, delete, put, head, post, upload, download
    assertThat(new long[] {b.getLong(32), b.getLong(64), b.getLong(96), b.getLong(128)})
        .containsExactly(5, 2, 6, 2);
    assertThat(new long[] {b.getLong(160), b.getLong(192), b.getLong(224)})
        .containsExactly(2, 110, 10);
    assertThat(b.getLong(480)).isEqualTo(3); // jpbs's LIST slot, zero padding for PBS
  }

  @Test
  void keepsPbsThresholdsAndRefusesAForeignFile() throws Exception {
    Files.createDirectories(base.resolve(".jpbs"));
    S3CounterFile.add(base, counts(1, 0, 0, 0, 0));
    Path file = base.resolve(S3CounterFile.FILE);
    byte[] raw = Files.readAllBytes(file);
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putLong(32 + 7 * 32, 1000); // get_threshold
    Files.write(file, raw);
    S3CounterFile.add(base, counts(1, 0, 0, 0, 0));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getLong(32)).isEqualTo(2);
    assertThat(b.getLong(32 + 7 * 32)).isEqualTo(1000);

    raw[0] ^= 1;
    Files.write(file, raw);
    assertThatThrownBy(() -> S3CounterFile.read(base))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining(file.toString());
    Files.write(file, new byte[100]);
    assertThatThrownBy(() -> S3CounterFile.add(base, counts(1, 0, 0, 0, 0)))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("4096");
  }

  @Test
  void nothingIsWrittenWithoutCountsOrOutsideACache() throws Exception {
    S3CounterFile.add(base, counts(1, 0, 0, 0, 0)); // no .jpbs directory: not a cache
    assertThat(base.resolve(".jpbs")).doesNotExist();
    Files.createDirectories(base.resolve(".jpbs"));
    S3CounterFile.add(base, new S3Counters());
    assertThat(base.resolve(S3CounterFile.FILE)).doesNotExist();
  }
}
