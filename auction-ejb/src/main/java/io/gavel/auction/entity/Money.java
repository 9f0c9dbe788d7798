package io.gavel.auction.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount in one currency, always held at the currency's minor-unit scale (EUR 2, JPY 0,
 * BHD 3). There is no floating point anywhere on the money path: amounts enter as decimal strings
 * and leave as decimal strings.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

  /** The largest amount Gavel accepts: DECIMAL(19,4) leaves 15 integer digits; we keep 13. */
  public static final BigDecimal MAX = new BigDecimal("9999999999999");

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,4})?");

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("negative amount: " + amount);
    }
    int scale = minorDigits(currency);
    if (amount.stripTrailingZeros().scale() > scale) {
      throw new IllegalArgumentException("more than " + scale + " decimals: " + amount);
    }
    amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
  }

  /**
   * Parses a client's decimal string strictly: digits, an optional point and at most the
   * currency's minor digits. Signs, exponents, blanks and over-precise values are refused.
   *
   * @throws IllegalArgumentException with a message fit for the client
   */
  public static Money parse(String text, Currency currency) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "amount must be a decimal string such as \"125.00\", got " + describe(text));
    }
    BigDecimal value = new BigDecimal(text);
    int scale = minorDigits(currency);
    if (value.scale() > scale) {
      throw new IllegalArgumentException(
          currency.getCurrencyCode() + " amounts have at most " + scale + " decimals: " + text);
    }
    if (value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("amount is too large: " + text);
    }
    return new Money(value, currency);
  }

  public static Money of(String amount, String currencyCode) {
    return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  /**
   * This amount less {@code other}, in the same currency. Money is never negative, so taking away
   * more than there is is refused.
   *
   * @throws IllegalArgumentException on a currency mismatch or when {@code other} is larger
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    if (amount.compareTo(other.amount) < 0) {
      throw new IllegalArgumentException("cannot subtract " + other + " from " + this);
    }
    return new Money(amount.subtract(other.amount), currency);
  }

  /**
   * This amount taken {@code factor} times, exactly.
   *
   * @throws IllegalArgumentException when {@code factor} is negative
   */
  public Money times(long factor) {
    if (factor < 0) {
      throw new IllegalArgumentException("cannot multiply money by a negative factor: " + factor);
    }
    return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
  }

  public boolean isAtLeast(Money other) {
    return compareTo(other) >= 0;
  }

  public boolean isBelow(Money other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  /** The contract's wire form: a plain decimal string with the currency's minor digits. */
  @Override
  public String toString() {
    return amount.toPlainString();
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency + " vs " + other.currency);
    }
  }

  static int minorDigits(Currency currency) {
    return Math.max(0, currency.getDefaultFractionDigits());
  }

  private static String describe(String text) {
    if (text == null) {
      return "nothing";
    }
    return text.length() > 40 ? "\"" + text.substring(0, 40) + "…\"" : "\"" + text + "\"";
  }
}
