package io.gavel.platform.rest;

import io.gavel.platform.entity.Refusal;

/** Path ids are opaque to clients but positive numbers here: anything else cannot exist. */
public final class PathIds {

  private PathIds() {}

  /**
   * The id in a path segment.
   *
   * @param what what it names, for the 404 ("auction", "verification")
   * @throws Refusal 404 NOT_FOUND for anything but a positive number
   */
  public static long of(String id, String what) {
    try {
      long n = Long.parseLong(id);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // not a number: cannot exist
    }
    throw Refusal.notFound(what + " " + (id.length() > 40 ? id.substring(0, 40) : id));
  }
}
