package org.jpbs.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpbs.cli.progress.ProgressOptions;
import org.jpbs.datastore.BackupNamespace;
import org.jpbs.datastore.SnapshotPath;
import org.jpbs.datastore.prune.KeepWithin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the domain values on the command line; a bad value is a usage error (exit
 * 2) naming the option.
 */
public final class Converters {
  private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*([KkMmGg](?:i?B)?)?");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9})([dhms])");

  private Converters() {}

  /** {@code [ns/a/ns/b/]type/id/time} via {@link SnapshotPath#parse}. */
  static final class Snapshot implements ITypeConverter<SnapshotPath> {
    @Override
    public SnapshotPath convert(String value) {
      try {
        return SnapshotPath.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A namespace in the API form {@code a/b} ("" is the root). */
  static final class Namespace implements ITypeConverter<BackupNamespace> {
    @Override
    public BackupNamespace convert(String value) {
      try {
        return BackupNamespace.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A backup group {@code TYPE/ID} of some namespace, e.g. {@code vm/100}. */
  record GroupRef(org.jpbs.datastore.BackupType type, String id) {
    @Override
    public String toString() {
      return type.dirName() + "/" + id;
    }
  }

  /** {@code TYPE/ID} ({@code vm}, {@code ct} or {@code host}, then the id). */
  static final class Group implements ITypeConverter<GroupRef> {
    @Override
    public GroupRef convert(String value) {
      String[] p = value.split("/", -1);
      try {
        if (p.length != 2 || p[1].isEmpty()) {
          throw new IllegalArgumentException(
              "expected TYPE/ID, e.g. vm/100 or host/web1: '" + value + "'");
        }
        org.jpbs.datastore.BackupType type = org.jpbs.datastore.BackupType.parse(p[0]);
        org.jpbs.datastore.BackupNames.checkId(p[1]);
        return new GroupRef(type, p[1]);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** An Auth-ID ({@code user@realm} or {@code user@realm!token}), e.g. {@code root@pam}. */
  static final class Owner implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        org.jpbs.datastore.BackupNames.checkAuthId(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * A transfer rate in bytes per second: a number with an optional unit ({@code B}, {@code
   * K}/{@code KiB}, {@code M}/{@code MiB}, {@code G}/{@code GiB}, binary as PBS's {@code
   * HumanByte}) and an optional {@code /s}, e.g. {@code 20MiB} or {@code 500K/s}.
   */
  static final class Rate implements ITypeConverter<Long> {
    private static final java.util.regex.Pattern FORMAT =
        java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:i?B)?(?:/s)?");

    @Override
    public Long convert(String value) {
      java.util.regex.Matcher m = FORMAT.matcher(value.strip());
      if (!m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a rate such as 20MiB, 500K/s or 1048576");
      }
      int shift = "KMGT".indexOf(m.group(2).isEmpty() ? "-" : m.group(2)) + 1;
      double bytes = Double.parseDouble(m.group(1)) * (1L << (10 * shift));
      if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
        throw new TypeConversionException("rate out of range: '" + value + "'");
      }
      return (long) bytes;
    }
  }

  /** A point in time: Unix epoch seconds or RFC 3339 ({@code 2024-05-01T10:00:00Z}). */
  static final class Time implements ITypeConverter<java.time.Instant> {
    @Override
    public java.time.Instant convert(String value) {
      String t = value.strip();
      try {
        if (t.matches("[0-9]{1,12}")) {
          return java.time.Instant.ofEpochSecond(Long.parseLong(t));
        }
        return java.time.OffsetDateTime.parse(t).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new TypeConversionException(
            "invalid time '"
                + value
                + "': expected epoch seconds or RFC 3339, e.g. 2024-05-01T10:00:00Z");
      }
    }
  }

  /**
   * A {@code verify --outdated-after} duration: plain days ({@code 30}, as PBS) or {@code
   * NdNhNmNs}.
   */
  static final class Days implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String t = value.strip();
      try {
        if (t.matches("[0-9]{1,6}")) {
          return Duration.ofDays(Long.parseLong(t));
        }
        return parseDuration(t);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A {@code keep-within} duration {@code 1y2m3d4h}. */
  static final class Within implements ITypeConverter<KeepWithin> {
    @Override
    public KeepWithin convert(String value) {
      try {
        return KeepWithin.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * A GC cutoff: plain minutes ({@code 1445}, as PBS's {@code gc-atime-cutoff}) or {@code 24h5m}.
   */
  static final class Cutoff implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A GC mark order: {@code directory} or {@code index}, case-insensitive. */
  static final class MarkOrder extends LowerCaseEnum<org.jpbs.gc.GcOptions.MarkOrder> {
    MarkOrder() {
      super(org.jpbs.gc.GcOptions.MarkOrder.class);
    }
  }

  static final class MarkMode extends LowerCaseEnum<org.jpbs.gc.GcOptions.MarkMode> {
    MarkMode() {
      super(org.jpbs.gc.GcOptions.MarkMode.class);
    }
  }

  /** {@code --member-stat}: whether the sweep stats the mark set's members. */
  enum MemberStatMode {
    /** Stat every chunk: every PBS counter complete (the default). */
    FULL,
    /** Keep members without a stat: disk bytes unknown. */
    SKIP
  }

  /** {@code full} or {@code skip}. */
  static final class MemberStat extends LowerCaseEnum<MemberStatMode> {
    MemberStat() {
      super(MemberStatMode.class);
    }
  }

  /** A byte size: a number with an optional binary suffix K, M, G (KiB, MiB, GiB), e.g. 256M. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.trim());
      if (!m.matches()) {
        throw new TypeConversionException(
            "not a size (a number with an optional K, M or G suffix): " + value);
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "" : m.group(2).substring(0, 1).toUpperCase();
      int shift = unit.isEmpty() ? 0 : unit.equals("K") ? 10 : unit.equals("M") ? 20 : 30;
      return n << shift;
    }
  }

  /**
   * A {@code --progress} mode: {@code auto}, {@code tty}, {@code plain} or {@code none},
   * case-insensitive.
   */
  public static final class ProgressMode extends LowerCaseEnum<ProgressOptions.Mode> {
    ProgressMode() {
      super(ProgressOptions.Mode.class);
    }
  }

  /**
   * Enum values as the user types them, in lower case ({@code _} as {@code -}): the converter
   * (case-insensitive) and, as an {@code Iterable}, the completion candidates and the choices an
   * error lists (picocli's defaults show the constant names in upper case).
   */
  abstract static class LowerCaseEnum<E extends Enum<E>>
      implements ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;

    LowerCaseEnum(Class<E> type) {
      this.type = type;
    }

    static String name(Enum<?> e) {
      return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
      for (E e : type.getEnumConstants()) {
        if (name(e).equalsIgnoreCase(value.strip()) || e.name().equalsIgnoreCase(value.strip())) {
          return e;
        }
      }
      throw new TypeConversionException(
          "expected one of " + String.join(", ", this) + ": " + value);
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(type.getEnumConstants()).map(LowerCaseEnum::name).iterator();
    }
  }

  /**
   * Parses plain minutes or a sequence of {@code <n>d}, {@code <n>h}, {@code <n>m}, {@code <n>s}
   * (each unit at most once, in that order), e.g. {@code 24h5m}, {@code 90m}, {@code 1d}.
   *
   * @throws IllegalArgumentException if {@code text} is neither
   */
  static Duration parseDuration(String text) {
    String t = text.strip();
    if (t.matches("[0-9]{1,9}")) {
      return Duration.ofMinutes(Long.parseLong(t));
    }
    Matcher m = DURATION_PART.matcher(t);
    Duration d = Duration.ZERO;
    int pos = 0;
    int lastUnit = -1;
    while (pos < t.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "': expected minutes (e.g. 1445) or e.g. 24h5m");
      }
      int unit = "dhms".indexOf(m.group(2).charAt(0));
      if (unit <= lastUnit) {
        throw new IllegalArgumentException(
            "invalid duration '" + text + "': units must appear once each, in the order d h m s");
      }
      lastUnit = unit;
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (unit) {
                case 0 -> Duration.ofDays(n);
                case 1 -> Duration.ofHours(n);
                case 2 -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      pos = m.end();
    }
    if (pos == 0) {
      throw new IllegalArgumentException("empty duration");
    }
    return d;
  }
}
