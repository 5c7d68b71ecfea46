package org.jpbs.chunkstore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process of {@link StoreLockIT}, standing in for a PBS daemon: tries a whole-file fcntl lock
 * on {@code args[0]} ({@code args[1]} = "exclusive" or "shared"), prints {@code LOCKED} or {@code
 * BUSY}, then waits for a line on stdin before exiting.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    boolean shared = args[1].equals("shared");
    try (FileChannel ch =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock(0, Long.MAX_VALUE, shared);
      System.out.println(lock != null ? "LOCKED" : "BUSY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    }
  }
}
