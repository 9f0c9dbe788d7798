package io.gavel.catalogue.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KycRuleTest {

  private static KycRule rule(String level, String threshold) {
    return new KycRule(level, threshold == null ? null : new BigDecimal(threshold));
  }

  @Test
  void levelNoneNeverApplies() {
    assertThat(KycRule.NONE.appliesTo(null)).isFalse();
    assertThat(KycRule.NONE.appliesTo(BigDecimal.ZERO)).isFalse();
    assertThat(KycRule.NONE.appliesTo(new BigDecimal("1000000"))).isFalse();
    assertThat(rule("NONE", "0").appliesTo(new BigDecimal("5"))).isFalse();
  }

  @Test
  void withoutThresholdTheRuleAppliesToEveryAmountEvenNoAmount() {
    KycRule basic = rule("BASIC", null);
    assertThat(basic.appliesTo(null)).isTrue();
    assertThat(basic.appliesTo(BigDecimal.ZERO)).isTrue();
    assertThat(basic.appliesTo(new BigDecimal("0.01"))).isTrue();
    assertThat(basic.appliesTo(new BigDecimal("99999999.99"))).isTrue();
  }

  @Test
  void theThresholdIsInclusive() {
    KycRule verified = rule("VERIFIED", "1000.00");
    assertThat(verified.appliesTo(new BigDecimal("999.99"))).isFalse();
    assertThat(verified.appliesTo(new BigDecimal("1000.00"))).isTrue();
    assertThat(verified.appliesTo(new BigDecimal("1000"))).as("scale does not matter").isTrue();
    assertThat(verified.appliesTo(new BigDecimal("1000.01"))).isTrue();
  }

  @Test
  void aThresholdRuleDoesNotApplyWithoutAnAmount() {
    assertThat(rule("BASIC", "10").appliesTo(null)).isFalse();
  }

  @Test
  void isSatisfiedByTheLevelOrAHigherOne() {
    KycRule basic = rule("BASIC", null);
    assertThat(basic.satisfiedBy("NONE")).isFalse();
    assertThat(basic.satisfiedBy("BASIC")).isTrue();
    assertThat(basic.satisfiedBy("VERIFIED")).isTrue();
    KycRule verified = rule("VERIFIED", "100");
    assertThat(verified.satisfiedBy("BASIC")).isFalse();
    assertThat(verified.satisfiedBy("VERIFIED")).isTrue();
    assertThat(KycRule.NONE.satisfiedBy("NONE")).isTrue();
  }

  @Test
  void anUnknownPersonLevelSatisfiesNoRequirement() {
    assertThat(rule("BASIC", null).satisfiedBy("PLATINUM")).isFalse();
  }

  @Test
  void everyRuleIsAtLeastAsStrictAsNone() {
    assertThat(KycRule.NONE.atLeastAsStrictAs(KycRule.NONE)).isTrue();
    assertThat(rule("BASIC", "500").atLeastAsStrictAs(KycRule.NONE)).isTrue();
    assertThat(rule("VERIFIED", null).atLeastAsStrictAs(KycRule.NONE)).isTrue();
    assertThat(rule("BASIC", "500").atLeastAsStrictAs(rule("NONE", "10"))).isTrue();
  }

  @Test
  void aLowerLevelIsNeverAsStrict() {
    assertThat(KycRule.NONE.atLeastAsStrictAs(rule("BASIC", "100"))).isFalse();
    assertThat(rule("BASIC", null).atLeastAsStrictAs(rule("VERIFIED", "1000000"))).isFalse();
    assertThat(rule("BASIC", "0").atLeastAsStrictAs(rule("VERIFIED", "100"))).isFalse();
  }

  @Test
  void anEqualOrHigherLevelIsAsStrictWhenItsThresholdIsNoHigher() {
    assertThat(rule("BASIC", "100").atLeastAsStrictAs(rule("BASIC", "100"))).isTrue();
    assertThat(rule("BASIC", "100").atLeastAsStrictAs(rule("BASIC", "100.00"))).isTrue();
    assertThat(rule("BASIC", "50").atLeastAsStrictAs(rule("BASIC", "100"))).isTrue();
    assertThat(rule("VERIFIED", "100").atLeastAsStrictAs(rule("BASIC", "100"))).isTrue();
    assertThat(rule("VERIFIED", "50").atLeastAsStrictAs(rule("BASIC", "100"))).isTrue();
  }

  @Test
  void aHigherThresholdIsLooserWhateverTheLevel() {
    assertThat(rule("BASIC", "100.01").atLeastAsStrictAs(rule("BASIC", "100"))).isFalse();
    assertThat(rule("VERIFIED", "200").atLeastAsStrictAs(rule("BASIC", "100"))).isFalse();
  }

  @Test
  void noThresholdIsTheStrictest() {
    assertThat(rule("BASIC", null).atLeastAsStrictAs(rule("BASIC", null))).isTrue();
    assertThat(rule("BASIC", null).atLeastAsStrictAs(rule("BASIC", "0"))).isTrue();
    assertThat(rule("VERIFIED", null).atLeastAsStrictAs(rule("BASIC", null))).isTrue();
    assertThat(rule("VERIFIED", null).atLeastAsStrictAs(rule("VERIFIED", "100"))).isTrue();
  }

  @Test
  void aThresholdIsLooserThanNoThresholdEvenAtZero() {
    assertThat(rule("BASIC", "0").atLeastAsStrictAs(rule("BASIC", null))).isFalse();
    assertThat(rule("VERIFIED", "1").atLeastAsStrictAs(rule("BASIC", null))).isFalse();
  }

  @Test
  void rejectsAnUnknownLevel() {
    assertThatThrownBy(() -> rule("PLATINUM", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rule("basic", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rule(null, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void rejectsANegativeThresholdButAcceptsZero() {
    assertThatThrownBy(() -> rule("BASIC", "-0.01")).isInstanceOf(IllegalArgumentException.class);
    assertThat(rule("BASIC", "0").threshold()).isZero();
  }
}
