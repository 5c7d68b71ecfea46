package org.jpbs.datastore.sync;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jpbs.datastore.BackupType;

/**
 * One PBS group filter ({@code pbs-api-types GroupFilter}): {@code type:vm}, {@code group:vm/100}
 * or {@code regex:^vm/1}, optionally prefixed with {@code exclude:}. A regex is searched (not fully
 * matched) in {@code type/id}, as PBS's {@code Regex::is_match}.
 */
public final class GroupFilter {
  private enum Kind {
    TYPE,
    GROUP,
    REGEX
  }

  private final Kind kind;
  private final String value;
  private final Pattern regex;
  private final boolean exclude;

  private GroupFilter(Kind kind, String value, Pattern regex, boolean exclude) {
    this.kind = kind;
    this.value = value;
    this.regex = regex;
    this.exclude = exclude;
  }

  /**
   * Parses one filter.
   *
   * @throws IllegalArgumentException naming the filter if it is none of PBS's forms
   */
  public static GroupFilter parse(String text) {
    Objects.requireNonNull(text, "filter");
    boolean exclude = text.startsWith("exclude:");
    String f = exclude ? text.substring("exclude:".length()) : text;
    if (f.startsWith("type:")) {
      String t = f.substring(5);
      BackupType.parse(t); // validates
      return new GroupFilter(Kind.TYPE, t, null, exclude);
    }
    if (f.startsWith("group:")) {
      String g = f.substring(6);
      int slash = g.indexOf('/');
      if (slash <= 0 || slash == g.length() - 1) {
        throw new IllegalArgumentException("group filter must be group:TYPE/ID: '" + text + "'");
      }
      BackupType.parse(g.substring(0, slash));
      return new GroupFilter(Kind.GROUP, g, null, exclude);
    }
    if (f.startsWith("regex:")) {
      try {
        return new GroupFilter(
            Kind.REGEX, f.substring(6), Pattern.compile(f.substring(6)), exclude);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regex in group filter '" + text + "'", e);
      }
    }
    throw new IllegalArgumentException(
        "group filter must be [exclude:]type:TYPE, group:TYPE/ID or regex:REGEX: '" + text + "'");
  }

  /** True for an {@code exclude:} filter. */
  public boolean isExclude() {
    return exclude;
  }

  /** Whether the filter's condition (ignoring exclude) holds for group {@code type/id}. */
  public boolean matches(BackupType type, String id) {
    return switch (kind) {
      case TYPE -> type.dirName().equals(value);
      case GROUP -> (type.dirName() + '/' + id).equals(value);
      case REGEX -> regex.matcher(type.dirName() + '/' + id).find();
    };
  }

  /**
   * PBS {@code apply_filters}: included if there is no include filter or one matches, and no
   * exclude filter matches.
   */
  public static boolean accepts(List<GroupFilter> filters, BackupType type, String id) {
    boolean anyInclude = false;
    boolean included = false;
    for (GroupFilter f : filters) {
      if (!f.exclude) {
        anyInclude = true;
        included |= f.matches(type, id);
      }
    }
    if (anyInclude && !included) {
      return false;
    }
    for (GroupFilter f : filters) {
      if (f.exclude && f.matches(type, id)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return (exclude ? "exclude:" : "")
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + ':'
        + value;
  }
}
