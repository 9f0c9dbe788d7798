package io.gavel.payments.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.gavel.auction.entity.Money;
import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {

  private final SimulatedPaymentGateway gateway = new SimulatedPaymentGateway();

  @Test
  void testCardsApproveUpToTheirLimit() {
    PaymentGateway.Authorization visa = gateway.authorize("tok_visa", Money.of("250000.00", "EUR"), "t");
    assertThat(visa.approved()).isTrue();
    assertThat(visa.reference()).startsWith("sim_auth_");
    assertThat(gateway.authorize("tok_visa", Money.of("250000.00", "EUR"), "t").reference())
        .isNotEqualTo(visa.reference());
    assertThat(gateway.authorize("tok_mastercard", Money.of("50000.00", "EUR"), "t").approved()).isTrue();
    PaymentGateway.Authorization over = gateway.authorize("tok_mastercard", Money.of("50000.01", "EUR"), "t");
    assertThat(over.approved()).isFalse();
    assertThat(over.declineCode()).isEqualTo("insufficient_funds");
    assertThat(over.reference()).isNull();
  }

  @Test
  void declinedAndUnknownPaymentMethodsSayWhy() {
    Money small = Money.of("1.00", "EUR");
    assertThat(gateway.authorize("tok_insufficient_funds", small, "t").declineCode()).isEqualTo("insufficient_funds");
    assertThat(gateway.authorize("tok_expired_card", small, "t").declineCode()).isEqualTo("expired_card");
    assertThat(gateway.authorize("tok_card_declined", small, "t").declineCode()).isEqualTo("card_declined");
    assertThat(gateway.authorize("4111111111111111", small, "t").declineCode()).isEqualTo("invalid_payment_method");
  }
}
