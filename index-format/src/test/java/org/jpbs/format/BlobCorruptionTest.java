package org.jpbs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Corruption matrix for DataBlob (STYLE rule 15). Every flip and truncation must give {@link
 * CorruptFileException} (or {@link UnsupportedFormatException} for the magic), except: in encrypted
 * blobs the IV (12..28) and GCM tag (28..44) are not covered by the CRC (spec §2.2); jpbs cannot
 * check them without the key, so those flips go undetected here.
 */
class BlobCorruptionTest {
  @TempDir Path dir;

  static DataBlob sample(BlobKind kind) {
    byte[] text =
        "The quick brown fox jumps over the lazy dog, again and again and again."
            .getBytes(StandardCharsets.US_ASCII);
    switch (kind) {
      case UNCOMPRESSED:
        return DataBlob.encode(text, false);
      case COMPRESSED:
        return DataBlob.encode(new byte[300], true);
      default:
        byte[] iv = new byte[16];
        byte[] tag = new byte[16];
        iv[3] = 5;
        tag[7] = 9;
        return DataBlob.assembleEncrypted(kind.isCompressed(), iv, tag, text);
    }
  }

  private static boolean detected(byte[] raw) {
    try {
      DataBlob.parse(raw, "blob-under-test");
      return false;
    } catch (UnsupportedFormatException e) {
      assertThat(e.resource()).isEqualTo("blob-under-test");
      return true;
    } catch (CorruptFileException e) {
      assertThat(e.resource()).isEqualTo("blob-under-test");
      return true;
    }
  }

  @ParameterizedTest
  @EnumSource(BlobKind.class)
  void flipEveryByte_detectedOrListedUncovered(BlobKind kind) {
    byte[] raw = sample(kind).rawData();
    assertThat(sample(kind).kind()).isEqualTo(kind);
    assertThat(detected(raw)).isFalse();
    List<String> mismatches = new ArrayList<>();
    for (int mask : new int[] {0x01, 0xFF}) {
      for (int off = 0; off < raw.length; off++) {
        boolean uncovered =
            kind.isEncrypted()
                && off >= BlobFormat.IV_OFFSET
                && off < BlobFormat.ENCRYPTED_HEADER_SIZE;
        if (detected(CorruptFiles.flipByte(raw, off, mask)) == uncovered) {
          mismatches.add("offset " + off + " mask " + mask);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(BlobKind.class)
  void truncateEveryLength_throwsCorrupt(BlobKind kind) {
    byte[] raw = sample(kind).rawData();
    for (int len = 0; len < raw.length; len++) {
      byte[] cut = CorruptFiles.truncate(raw, len);
      int l = len;
      assertThatThrownBy(() -> DataBlob.parse(cut, "t"))
          .as("length %d", l)
          .isInstanceOf(CorruptFileException.class);
    }
  }

  @Test
  void load_flippedPayload_namesFileAndCrcOffset() throws Exception {
    Path p = dir.resolve("x.blob");
    Files.write(p, CorruptFiles.flipByte(sample(BlobKind.COMPRESSED).rawData(), 20, 0x10));
    assertThatThrownBy(() -> DataBlob.load(p))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.resource()).isEqualTo(p.toString());
              assertThat(e.offset()).isEqualTo(BlobFormat.CRC_OFFSET);
              assertThat(e.expected()).isNotEqualTo(e.actual());
            });
  }
}
