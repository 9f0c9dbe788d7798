package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency JPY = Currency.getInstance("JPY");

  @Test
  void parsesToTheCurrencysMinorDigits() {
    assertThat(Money.parse("125", EUR).toString()).isEqualTo("125.00");
    assertThat(Money.parse("125.5", EUR).toString()).isEqualTo("125.50");
    assertThat(Money.parse("125.55", EUR).toString()).isEqualTo("125.55");
    assertThat(Money.parse("3000", JPY).toString()).isEqualTo("3000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.005", "-1.00", "+1.00", "1e3", " 1.00", "1,00", "", "abc", "1.", ".5",
      "99999999999999"})
  void refusesAnythingButAPlainDecimalWithinPrecision(String text) {
    assertThatThrownBy(() -> Money.parse(text, EUR)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesDecimalsForCurrenciesWithoutMinorUnits() {
    assertThatThrownBy(() -> Money.parse("10.50", JPY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 0 decimals");
  }

  @Test
  void refusesMixingCurrencies() {
    assertThatThrownBy(() -> Money.of("1.00", "EUR").plus(Money.of("1.00", "USD")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesByAmount() {
    assertThat(Money.of("10.00", "EUR").isBelow(Money.of("10.01", "EUR"))).isTrue();
    assertThat(Money.of("10.00", "EUR").isAtLeast(Money.of("10", "EUR"))).isTrue();
  }

  @Test
  void subtractsExactlyButNeverBelowZero() {
    assertThat(Money.of("100.00", "EUR").minus(Money.of("57.50", "EUR")))
        .isEqualTo(Money.of("42.50", "EUR"));
    assertThat(Money.of("0.30", "EUR").minus(Money.of("0.10", "EUR")).toString())
        .isEqualTo("0.20");
    assertThat(Money.of("1.00", "EUR").minus(Money.of("1.00", "EUR")).toString())
        .isEqualTo("0.00");
    assertThatThrownBy(() -> Money.of("1.00", "EUR").minus(Money.of("1.01", "EUR")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Money.of("1.00", "EUR").minus(Money.of("0.50", "USD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("currency mismatch");
  }

  @Test
  void multipliesByAWholeNumberExactly() {
    assertThat(Money.of("0.10", "EUR").times(3).toString()).isEqualTo("0.30");
    assertThat(Money.of("10.00", "EUR").times(0).toString()).isEqualTo("0.00");
    assertThat(Money.of("3000", "JPY").times(4).toString()).isEqualTo("12000");
    assertThatThrownBy(() -> Money.of("1.00", "EUR").times(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
