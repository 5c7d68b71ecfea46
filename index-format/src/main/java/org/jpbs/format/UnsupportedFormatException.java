package org.jpbs.format;

import java.io.IOException;
import java.util.Objects;

/**
 * A file starts with a magic number that is not one this reader accepts (unknown format, other
 * version, or another PBS format in the wrong place, e.g. a blob where an index was expected).
 */
public class UnsupportedFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String resource;
  private final String actualMagicHex;

  /**
   * @param resource the file (path or description)
   * @param actualMagicHex hex of the magic bytes found (may be shorter than 8 bytes)
   * @param acceptedDescription what would have been accepted, e.g. "fixed index magic
   *     2f7f41ed91fd0fcd"
   */
  public UnsupportedFormatException(
      String resource, String actualMagicHex, String acceptedDescription) {
    super(
        "unsupported format: magic "
            + actualMagicHex
            + " is not "
            + acceptedDescription
            + " (resource="
            + resource
            + ", offset=0)");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.actualMagicHex = actualMagicHex;
  }

  /** The file or description. */
  public String resource() {
    return resource;
  }

  /** Hex of the magic bytes that were found. */
  public String actualMagicHex() {
    return actualMagicHex;
  }
}
