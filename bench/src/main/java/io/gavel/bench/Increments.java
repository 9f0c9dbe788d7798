package io.gavel.bench;

/**
 * The contract's default English increment table, in minor units (cents), and the decimal-string
 * form the API speaks. Bidders bid the next minimum plus a whole number of increments, so every
 * amount they send is on the increment grid.
 */
final class Increments {

  /** Price from (cents) → increment (cents), ascending. */
  private static final long[][] TABLE = {
    {0, 5}, {100, 25}, {500, 50}, {2_500, 100}, {10_000, 250}, {25_000, 500},
    {50_000, 1_000}, {100_000, 2_500}, {250_000, 5_000}, {500_000, 10_000}
  };

  private Increments() {}

  static long incrementAt(long priceCents) {
    if (priceCents < 0) {
      throw new IllegalArgumentException("negative price " + priceCents);
    }
    long increment = TABLE[0][1];
    for (long[] step : TABLE) {
      if (priceCents >= step[0]) {
        increment = step[1];
      }
    }
    return increment;
  }

  /** The lowest valid bid once {@code currentPriceCents} has been bid. */
  static long nextMinimum(long currentPriceCents) {
    return currentPriceCents + incrementAt(currentPriceCents);
  }

  static String format(long cents) {
    return String.format("%d.%02d", cents / 100, cents % 100);
  }

  /** Parses "12.5", "12.50" or "12" into cents; no rounding: more than two decimals is an error. */
  static long parse(String amount) {
    String s = amount.trim();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return Math.multiplyExact(Long.parseLong(s), 100);
    }
    String fraction = s.substring(dot + 1);
    if (fraction.length() > 2) {
      throw new NumberFormatException("more than two decimals: " + amount);
    }
    long whole = dot == 0 ? 0 : Long.parseLong(s.substring(0, dot));
    long cents = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "0").substring(0, 2));
    return Math.addExact(Math.multiplyExact(whole, 100), cents);
  }
}
