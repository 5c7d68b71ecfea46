package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamageTest {
  @TempDir Path dir;

  @Test
  void eachDamageChangesTheFileInPlace() throws Exception {
    Path f = dir.resolve("f");
    Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Damage.flipByte(f, 0);
    Damage.flip(f, -1, 0x01);
    assertThat(Files.readAllBytes(f)).containsExactly(1 ^ 0x55, 2, 3, 4, 5, 6, 7, 9);
    Damage.zero(f, 1, 2);
    assertThat(Files.readAllBytes(f)).containsExactly(1 ^ 0x55, 0, 0, 4, 5, 6, 7, 9);
    Damage.truncate(f, 3);
    assertThat(Files.size(f)).isEqualTo(3);
    Damage.named(f, "empty");
    assertThat(f).exists();
    assertThat(Files.size(f)).isZero();
    Files.write(f, new byte[80]);
    Damage.named(f, "header-size");
    assertThat(Files.readAllBytes(f)[64 + 5]).isEqualTo((byte) 1);
  }
}
