package io.gavel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IncrementsTest {

  @Test
  void stepsFollowTheContractTable() {
    assertThat(Increments.nextMinimum(Increments.parse("0.95"))).isEqualTo(Increments.parse("1.00"));
    assertThat(Increments.nextMinimum(Increments.parse("1.00"))).isEqualTo(Increments.parse("1.25"));
    assertThat(Increments.nextMinimum(Increments.parse("10.00"))).isEqualTo(Increments.parse("10.50"));
    assertThat(Increments.nextMinimum(Increments.parse("24.50"))).isEqualTo(Increments.parse("25.00"));
    assertThat(Increments.nextMinimum(Increments.parse("25.00"))).isEqualTo(Increments.parse("26.00"));
    assertThat(Increments.nextMinimum(Increments.parse("130.00"))).isEqualTo(Increments.parse("132.50"));
    assertThat(Increments.nextMinimum(Increments.parse("999.99"))).isEqualTo(Increments.parse("1009.99"));
    assertThat(Increments.nextMinimum(Increments.parse("5000.00"))).isEqualTo(Increments.parse("5100.00"));
  }

  @Test
  void formatsAndParsesTwoDecimals() {
    assertThat(Increments.format(1250)).isEqualTo("12.50");
    assertThat(Increments.format(5)).isEqualTo("0.05");
    assertThat(Increments.parse("12.5")).isEqualTo(1250);
    assertThat(Increments.parse("12")).isEqualTo(1200);
    assertThat(Increments.parse("0.05")).isEqualTo(5);
    assertThatThrownBy(() -> Increments.parse("1.005")).isInstanceOf(NumberFormatException.class);
  }
}
