package org.jpbs.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code backup} argument {@code NAME:PATH}: which archive kind the name selects (PBS-like
 * naming) and where the data comes from ({@code -} = stdin).
 *
 * <p>Rules, by the end of NAME: {@code .img} → fixed index {@code NAME.fidx} (--chunk-size; PATH
 * must be a file or block device, not stdin); {@code .conf} or {@code .log} → blob {@code
 * NAME.blob}; {@code .didx} → dynamic index {@code NAME}; anything else ({@code .pxar} or no
 * suffix) → dynamic index {@code NAME.didx} (content-defined chunks). NAME matches PBS's archive
 * name pattern {@code [A-Za-z0-9_][A-Za-z0-9._-]*}; the first {@code :} ends it.
 *
 * @param name the archive name as given
 * @param kind the archive kind
 * @param path the source path, or {@code "-"} for stdin
 */
record ArchiveSpec(String name, Kind kind, String path) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  /** Archive kinds. */
  enum Kind {
    /** Fixed index (4 MiB chunks unless --chunk-size). */
    IMAGE,
    /** Dynamic index, content-defined chunks. */
    STREAM,
    /** Small file stored as one DataBlob. */
    BLOB
  }

  /** True if the data comes from stdin. */
  boolean stdin() {
    return path.equals("-");
  }

  /** The file name the archive gets in the snapshot. */
  String filename() {
    return switch (kind) {
      case IMAGE -> name + ".fidx";
      case BLOB -> name + ".blob";
      case STREAM -> name.endsWith(".didx") ? name : name + ".didx";
    };
  }

  /** Parses {@code NAME:PATH} by the rules above. */
  static ArchiveSpec parse(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          "invalid archive '"
              + value
              + "': expected NAME:PATH, e.g. disk.img:/dev/sdb, root.pxar:-, vm.conf:/etc/vm.conf");
    }
    String name = value.substring(0, colon);
    String path = value.substring(colon + 1);
    if (!NAME.matcher(name).matches() || name.equals("index.json")) {
      throw new IllegalArgumentException(
          "invalid archive name '" + name + "': use letters, digits, '_', '-' and '.'");
    }
    Kind kind;
    if (name.endsWith(".img")) {
      kind = Kind.IMAGE;
    } else if (name.endsWith(".conf") || name.endsWith(".log")) {
      kind = Kind.BLOB;
    } else {
      kind = Kind.STREAM;
    }
    if (kind == Kind.IMAGE && path.equals("-")) {
      throw new IllegalArgumentException(
          "archive '"
              + name
              + "': an image needs its size up front; use NAME.pxar:- or NAME:- for stdin");
    }
    return new ArchiveSpec(name, kind, path);
  }

  /** picocli converter: a bad spec is a usage error. */
  static final class Converter implements ITypeConverter<ArchiveSpec> {
    @Override
    public ArchiveSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
