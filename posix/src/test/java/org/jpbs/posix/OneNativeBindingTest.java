package org.jpbs.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The project binds libc in exactly one class: {@link LibC}. Scans every module's sources. */
class OneNativeBindingTest {
  /** A {@code native} method declaration or a {@code Native.register} call. */
  private static final Pattern BINDING =
      Pattern.compile(
          "(?m)^(?!\\s*(//|\\*|/\\*))[^\"\\n]*(\\bnative\\s+[\\w.<>\\[\\]]+\\s+\\w+\\s*\\(|Native\\s*\\.\\s*(register|load)\\s*\\()");

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("posix").resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("project root above %s", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private static List<Path> bindingSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .filter(OneNativeBindingTest::bindsNatives)
          .map(root::relativize)
          .collect(Collectors.toList());
    }
  }

  private static boolean bindsNatives(Path file) {
    try {
      return BINDING.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void onlyLibCDeclaresNativeMethodsOrRegisters() throws IOException {
    Path root = projectRoot();
    assertThat(bindingSources(root))
        .containsExactly(Path.of("posix/src/main/java/org/jpbs/posix/LibC.java"));
  }

  @Test
  void theScanRecognisesABinding(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path rogue = dir.resolve("Rogue.java");
    Files.writeString(
        rogue,
        "class Rogue {\n  static { Native.register(\"c\"); }\n"
            + "  static native int getpid();\n}\n");
    Path comment = dir.resolve("Comment.java");
    Files.writeString(
        comment, "/** the native seam */\nclass Comment {\n  // native int x();\n}\n");
    assertThat(bindsNatives(rogue)).isTrue();
    assertThat(bindsNatives(comment)).isFalse();
    assertThat(bindsNatives(Path.of("src/main/java/org/jpbs/posix/LibC.java"))).isTrue();
  }

  @Test
  void libcIsBoundOnThisPlatform() {
    assertThat(LibC.AVAILABLE).as(LibC.UNAVAILABLE_REASON).isTrue();
    assertThat(NativeError.describe(LibC.ENOENT)).isEqualTo("No such file or directory");
  }
}
