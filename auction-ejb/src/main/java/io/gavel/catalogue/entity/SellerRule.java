package io.gavel.catalogue.entity;

import io.gavel.platform.entity.Refusal;
import java.math.BigDecimal;

/**
 * What a category demands of the people who list in it: identity verification to at least {@code
 * kycLevel}, and a verified seller for listings whose highest stated price (starting price,
 * reserve or Dutch start price) reaches {@code verifiedSellerThreshold} (null: never).
 */
public record SellerRule(String category, String kycLevel, BigDecimal verifiedSellerThreshold) {

  public SellerRule {
    new KycRule(kycLevel, null); // validates the level's name
  }

  /**
   * Refuses a seller who may not list a lot priced up to {@code highestPrice}.
   *
   * @throws Refusal 403 KYC_REQUIRED below the level to sell; 403 SELLER_VERIFICATION_REQUIRED
   *     for an unverified seller at or above the threshold
   */
  public void admit(String sellerLevel, boolean sellerVerified, BigDecimal highestPrice) {
    if (!new KycRule(kycLevel, null).satisfiedBy(sellerLevel)) {
      throw new Refusal(
          403,
          "KYC_REQUIRED",
          "listing in '" + category + "' needs identity verification " + kycLevel + "; yours is " + sellerLevel);
    }
    if (!sellerVerified
        && verifiedSellerThreshold != null
        && highestPrice.compareTo(verifiedSellerThreshold) >= 0) {
      throw new Refusal(
          403,
          "SELLER_VERIFICATION_REQUIRED",
          "listings in '" + category + "' priced at " + verifiedSellerThreshold.stripTrailingZeros().toPlainString()
              + " or more need a verified seller");
    }
  }
}
