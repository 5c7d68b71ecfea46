package org.jpbs.format;

/** How an archive listed in a manifest was protected ({@code crypt-mode}, spec §2.6). */
public enum CryptMode {
  /** Plain. */
  NONE("none"),
  /** Encrypted chunks (digest keyed with the id key). */
  ENCRYPT("encrypt"),
  /** Plain chunks, manifest signed. */
  SIGN_ONLY("sign-only");

  private final String json;

  CryptMode(String json) {
    this.json = json;
  }

  /** The JSON string, e.g. {@code "sign-only"}. */
  public String json() {
    return json;
  }

  /** The mode written as {@code s}, or {@code null} if unknown. */
  public static CryptMode fromJson(String s) {
    for (CryptMode m : values()) {
      if (m.json.equals(s)) {
        return m;
      }
    }
    return null;
  }
}
