package io.gavel.payments.control;

import io.gavel.auction.entity.Money;

/**
 * The house's payment service provider. Implementations talk to a real provider; {@link
 * SimulatedPaymentGateway} ships with the product for development, tests and demos.
 */
public interface PaymentGateway {

  /**
   * The provider's answer to an authorisation request.
   *
   * @param approved whether the hold was placed
   * @param reference the provider's reference of the hold (null when declined)
   * @param declineCode why not (null when approved), e.g. {@code insufficient_funds}
   */
  record Authorization(boolean approved, String reference, String declineCode) {

    public static Authorization approved(String reference) {
      return new Authorization(true, reference, null);
    }

    public static Authorization declined(String code) {
      return new Authorization(false, null, code);
    }
  }

  /**
   * Places a hold of {@code amount} on {@code paymentMethod} (a provider token), for {@code
   * purpose} (shown on the provider's side, e.g. "auction 1042").
   */
  Authorization authorize(String paymentMethod, Money amount, String purpose);
}
