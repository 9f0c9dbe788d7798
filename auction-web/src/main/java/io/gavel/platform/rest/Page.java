package io.gavel.platform.rest;

import io.gavel.platform.entity.Refusal;
import java.util.List;

/** The contract's page envelope: {@code {"items", "page", "size", "total"}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

  /** Validated paging parameters: page ≥ 0, 1 ≤ size ≤ 100. */
  public record Request(int page, int size) {}

  public static Request request(String page, String size) {
    int p = number("page", page, 0, 1_000_000);
    int s = number("size", size, 1, 100);
    return new Request(p, s);
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw new Refusal(400, "INVALID_PAGING", "'" + name + "' must be an integer in " + min + ".." + max);
  }
}
