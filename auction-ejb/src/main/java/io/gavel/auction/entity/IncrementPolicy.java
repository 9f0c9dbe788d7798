package io.gavel.auction.entity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How much a bid must exceed the current price: a step table "from this price on, the increment
 * is that much". The first step starts at zero, so the table covers every price up to infinity.
 * Stored on the auction as text ({@link #encode()}) so that a running auction keeps the rule it
 * started with.
 */
public record IncrementPolicy(Kind kind, List<Step> steps) {

  public enum Kind {
    TABLE,
    FIXED,
    CUSTOM
  }

  /** From {@code from} (inclusive) upwards, bids rise by {@code amount}. */
  public record Step(BigDecimal from, BigDecimal amount) {
    public Step {
      if (from.signum() < 0) {
        throw new IllegalArgumentException("a step cannot start below zero: " + from);
      }
      if (amount.signum() <= 0) {
        throw new IllegalArgumentException("an increment must be positive: " + amount);
      }
    }
  }

  private static final IncrementPolicy DEFAULT_TABLE =
      new IncrementPolicy(
          Kind.TABLE,
          List.of(
              step("0.00", "0.05"),
              step("1.00", "0.25"),
              step("5.00", "0.50"),
              step("25.00", "1.00"),
              step("100.00", "2.50"),
              step("250.00", "5.00"),
              step("500.00", "10.00"),
              step("1000.00", "25.00"),
              step("2500.00", "50.00"),
              step("5000.00", "100.00")));

  public IncrementPolicy {
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("an increment table needs at least one step");
    }
    steps = List.copyOf(steps);
    if (steps.get(0).from().signum() != 0) {
      throw new IllegalArgumentException("the first step must start at 0.00");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).from().compareTo(steps.get(i - 1).from()) <= 0) {
        throw new IllegalArgumentException("steps must be in strictly ascending order of 'from'");
      }
    }
  }

  /** The contract's default table. */
  public static IncrementPolicy table() {
    return DEFAULT_TABLE;
  }

  public static IncrementPolicy fixed(BigDecimal amount) {
    return new IncrementPolicy(Kind.FIXED, List.of(new Step(BigDecimal.ZERO, amount)));
  }

  public static IncrementPolicy custom(List<Step> steps) {
    return new IncrementPolicy(Kind.CUSTOM, steps);
  }

  /** The increment that applies at {@code price}: that of the last step starting at or below it. */
  public Money at(Money price) {
    Step applicable = steps.get(0);
    for (Step step : steps) {
      if (step.from().compareTo(price.amount()) <= 0) {
        applicable = step;
      } else {
        break;
      }
    }
    return new Money(applicable.amount(), price.currency());
  }

  /** Every increment of this policy must be payable in {@code currency}'s minor units. */
  public void requireRepresentableIn(java.util.Currency currency) {
    for (Step step : steps) {
      new Money(step.from(), currency);
      new Money(step.amount(), currency);
    }
  }

  /** Compact text form, e.g. {@code 0=0.05;1.00=0.25}. */
  public String encode() {
    List<String> parts = new ArrayList<>();
    for (Step step : steps) {
      parts.add(step.from().toPlainString() + "=" + step.amount().toPlainString());
    }
    return String.join(";", parts);
  }

  public static IncrementPolicy decode(Kind kind, String text) {
    List<Step> steps = new ArrayList<>();
    for (String part : text.split(";")) {
      String[] pair = part.split("=", 2);
      steps.add(new Step(new BigDecimal(pair[0]), new BigDecimal(pair[1])));
    }
    return new IncrementPolicy(kind, Collections.unmodifiableList(steps));
  }

  private static Step step(String from, String amount) {
    return new Step(new BigDecimal(from), new BigDecimal(amount));
  }
}
