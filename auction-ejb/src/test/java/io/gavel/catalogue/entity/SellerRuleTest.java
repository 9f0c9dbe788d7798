package io.gavel.catalogue.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.platform.entity.Refusal;
import java.math.BigDecimal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SellerRuleTest {

  private static final SellerRule WATCHES = new SellerRule("watches", "BASIC", new BigDecimal("1000.00"));

  private static void assertRefused(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(403);
              assertThat(r.code()).isEqualTo(code);
            });
  }

  @Test
  void aSellerBelowTheLevelIsRefused() {
    assertRefused(() -> WATCHES.admit("NONE", true, new BigDecimal("10")), "KYC_REQUIRED");
    SellerRule art = new SellerRule("art", "VERIFIED", null);
    assertRefused(() -> art.admit("BASIC", true, new BigDecimal("10")), "KYC_REQUIRED");
  }

  @Test
  void anUnverifiedSellerIsRefusedFromTheThresholdOn() {
    assertRefused(() -> WATCHES.admit("BASIC", false, new BigDecimal("1000.00")), "SELLER_VERIFICATION_REQUIRED");
    assertRefused(() -> WATCHES.admit("BASIC", false, new BigDecimal("1000")), "SELLER_VERIFICATION_REQUIRED");
    assertRefused(() -> WATCHES.admit("VERIFIED", false, new BigDecimal("5000")), "SELLER_VERIFICATION_REQUIRED");
  }

  @Test
  void anUnverifiedSellerMayListBelowTheThreshold() {
    assertThatCode(() -> WATCHES.admit("BASIC", false, new BigDecimal("999.99"))).doesNotThrowAnyException();
  }

  @Test
  void aVerifiedSellerMayListAtAnyPrice() {
    assertThatCode(() -> WATCHES.admit("BASIC", true, new BigDecimal("1000.00"))).doesNotThrowAnyException();
    assertThatCode(() -> WATCHES.admit("VERIFIED", true, new BigDecimal("1000000"))).doesNotThrowAnyException();
  }

  @Test
  void withoutThresholdNoSellerVerificationIsNeeded() {
    SellerRule books = new SellerRule("books", "BASIC", null);
    assertThatCode(() -> books.admit("BASIC", false, new BigDecimal("1000000"))).doesNotThrowAnyException();
    SellerRule open = new SellerRule("misc", "NONE", null);
    assertThatCode(() -> open.admit("NONE", false, new BigDecimal("1000000"))).doesNotThrowAnyException();
  }

  @Test
  void theKycLevelIsCheckedFirst() {
    assertRefused(() -> WATCHES.admit("NONE", false, new BigDecimal("5000")), "KYC_REQUIRED");
  }

  @Test
  void rejectsAnUnknownLevel() {
    assertThatThrownBy(() -> new SellerRule("x", "GOLD", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
