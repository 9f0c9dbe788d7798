package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IncrementPolicyTest {

  @ParameterizedTest(name = "at {0} the increment is {1}")
  @CsvSource({
    "0.00, 0.05", "0.99, 0.05", "1.00, 0.25", "4.99, 0.25", "5.00, 0.50", "24.99, 0.50",
    "25.00, 1.00", "99.99, 1.00", "100.00, 2.50", "249.99, 2.50", "250.00, 5.00",
    "499.99, 5.00", "500.00, 10.00", "999.99, 10.00", "1000.00, 25.00", "2499.99, 25.00",
    "2500.00, 50.00", "4999.99, 50.00", "5000.00, 100.00", "7500000.00, 100.00"
  })
  void defaultTableFollowsTheContract(String price, String increment) {
    assertThat(IncrementPolicy.table().at(Money.of(price, "EUR")).toString()).isEqualTo(increment);
  }

  @Test
  void fixedAppliesEverywhere() {
    IncrementPolicy fixed = IncrementPolicy.fixed(new BigDecimal("5.00"));
    assertThat(fixed.at(Money.of("0.00", "EUR")).toString()).isEqualTo("5.00");
    assertThat(fixed.at(Money.of("123456.00", "EUR")).toString()).isEqualTo("5.00");
  }

  @Test
  void customStepsMustStartAtZeroAndAscend() {
    assertThatThrownBy(
            () -> IncrementPolicy.custom(List.of(step("1.00", "1.00"))))
        .hasMessageContaining("0.00");
    assertThatThrownBy(
            () -> IncrementPolicy.custom(List.of(step("0", "1.00"), step("100", "5"), step("50", "2"))))
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> IncrementPolicy.custom(List.of(step("0", "0"))))
        .hasMessageContaining("positive");
  }

  @Test
  void encodingRoundTrips() {
    IncrementPolicy custom = IncrementPolicy.custom(List.of(step("0.00", "1.00"), step("100.00", "5.00")));
    IncrementPolicy decoded = IncrementPolicy.decode(custom.kind(), custom.encode());
    assertThat(decoded.at(Money.of("99.99", "EUR")).toString()).isEqualTo("1.00");
    assertThat(decoded.at(Money.of("100.00", "EUR")).toString()).isEqualTo("5.00");
    assertThat(IncrementPolicy.decode(IncrementPolicy.Kind.TABLE, IncrementPolicy.table().encode()))
        .isEqualTo(IncrementPolicy.table());
  }

  private static IncrementPolicy.Step step(String from, String amount) {
    return new IncrementPolicy.Step(new BigDecimal(from), new BigDecimal(amount));
  }
}
