package io.gavel.catalogue.entity;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An identity-verification requirement: amounts from {@code threshold} on (every amount when it
 * is null) need someone verified to at least {@code level}. Level {@code NONE} requires nothing.
 */
public record KycRule(String level, BigDecimal threshold) {

  /** The verification levels, weakest first (the names of the users' KYC levels). */
  public static final List<String> LEVELS = List.of("NONE", "BASIC", "VERIFIED");

  /** Requires nothing. */
  public static final KycRule NONE = new KycRule("NONE", null);

  public KycRule {
    Objects.requireNonNull(level, "level");
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("unknown KYC level " + level + "; one of " + LEVELS);
    }
    if (threshold != null && threshold.signum() < 0) {
      throw new IllegalArgumentException("a KYC threshold cannot be negative");
    }
  }

  /** How strong {@code level} is: 0 for NONE; -1 for an unknown name. */
  public static int rank(String level) {
    return LEVELS.indexOf(level);
  }

  /** Whether an amount (null: no amount) falls under the rule. */
  public boolean appliesTo(BigDecimal amount) {
    if (rank(level) == 0) {
      return false;
    }
    return threshold == null || (amount != null && amount.compareTo(threshold) >= 0);
  }

  /** Whether a person verified to {@code personLevel} meets the rule wherever it applies. */
  public boolean satisfiedBy(String personLevel) {
    return rank(personLevel) >= rank(level);
  }

  /**
   * Whether this rule demands at least what {@code other} does for every amount: wherever the
   * other applies, this one applies too, with a level at least as high. An auction may tighten
   * its category's rule this way, never loosen it.
   */
  public boolean atLeastAsStrictAs(KycRule other) {
    if (rank(other.level) == 0) {
      return true;
    }
    if (rank(level) < rank(other.level)) {
      return false;
    }
    return threshold == null || (other.threshold != null && threshold.compareTo(other.threshold) <= 0);
  }

  @Override
  public String toString() {
    return rank(level) == 0
        ? "no verification"
        : level + (threshold == null ? " for every amount" : " from " + threshold.stripTrailingZeros().toPlainString());
  }
}
