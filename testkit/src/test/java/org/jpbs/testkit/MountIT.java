package org.jpbs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountIT {
  @TempDir Path tmp;

  @Test
  void readOnlyBind_showsTheSourceAndRefusesWrites_untilClosed() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "x");
    Path ro = tmp.resolve("ro");
    try (Mount m = Mount.readOnlyBind(src, ro)) {
      assertThat(m.path().resolve("a")).hasContent("x");
      assertThatThrownBy(() -> Files.writeString(ro.resolve("b"), "y"))
          .isInstanceOf(IOException.class);
      Files.writeString(src.resolve("b"), "y"); // the source stays writable
      assertThat(ro.resolve("b")).hasContent("y");
    }
    assertThat(ro.resolve("a")).doesNotExist();
  }

  @Test
  void tmpfs_fillsUpAtItsSize() throws Exception {
    try (Mount m = Mount.tmpfs(tmp.resolve("small"), 1)) {
      assertThatThrownBy(() -> Files.write(m.path().resolve("big"), new byte[2 << 20]))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("No space left");
    }
  }
}
