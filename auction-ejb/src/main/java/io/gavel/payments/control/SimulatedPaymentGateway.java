package io.gavel.payments.control;

import io.gavel.auction.entity.Money;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * A payment provider simulator with test payment methods in the style of real providers:
 *
 * <ul>
 *   <li>{@code tok_visa}: approves up to 1,000,000.00;
 *   <li>{@code tok_mastercard}: approves up to 50,000.00, above that {@code insufficient_funds};
 *   <li>{@code tok_insufficient_funds}, {@code tok_expired_card}, {@code tok_card_declined}:
 *       always declined with that code;
 *   <li>anything else: {@code invalid_payment_method}.
 * </ul>
 *
 * Limits are in the amount's own currency units. Holds are recorded only by the caller.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

  private static final Map<String, BigDecimal> LIMITS =
      Map.of("tok_visa", new BigDecimal("1000000.00"), "tok_mastercard", new BigDecimal("50000.00"));

  private static final Map<String, String> ALWAYS_DECLINED =
      Map.of(
          "tok_insufficient_funds", "insufficient_funds",
          "tok_expired_card", "expired_card",
          "tok_card_declined", "card_declined");

  @Override
  public Authorization authorize(String paymentMethod, Money amount, String purpose) {
    String declined = ALWAYS_DECLINED.get(paymentMethod);
    if (declined != null) {
      return Authorization.declined(declined);
    }
    BigDecimal limit = LIMITS.get(paymentMethod);
    if (limit == null) {
      return Authorization.declined("invalid_payment_method");
    }
    if (amount.amount().compareTo(limit) > 0) {
      return Authorization.declined("insufficient_funds");
    }
    return Authorization.approved("sim_auth_" + UUID.randomUUID().toString().replace("-", ""));
  }
}
