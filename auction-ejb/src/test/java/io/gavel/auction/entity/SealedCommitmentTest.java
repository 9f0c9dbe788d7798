package io.gavel.auction.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Known answers computed outside Java, e.g. {@code printf '%s'
 * '42|alice-id|455.00|00112233445566778899aabbccddeeff' | sha256sum}.
 */
class SealedCommitmentTest {

  private static final String SALT = "00112233445566778899aabbccddeeff";

  @Test
  void isTheHexSha256OfIdBidderAmountAndSaltJoinedByBars() {
    assertThat(SealedCommitment.of(42, "alice-id", Money.of("455.00", "EUR"), SALT))
        .isEqualTo("2afd207c55ac514c7f6db9ab4f401fc3f62f863f3f736c3c1dd42753a0bf8f0b");
  }

  @Test
  void usesTheWireFormOfTheAmountWhateverItsScaleOnInput() {
    assertThat(SealedCommitment.of(42, "alice-id", Money.of("455", "EUR"), SALT))
        .isEqualTo("2afd207c55ac514c7f6db9ab4f401fc3f62f863f3f736c3c1dd42753a0bf8f0b");
    assertThat(
            SealedCommitment.of(
                7, "bob", Money.of("1000", "JPY"), "ffeeddccbbaa99887766554433221100"))
        .isEqualTo("5fa087ebf0e0389069638aee3987e3856fbc2faa41c3e28a9b352c6c82c66278");
  }

  @Test
  void oneMinorUnitMoreGivesAnotherCommitment() {
    assertThat(SealedCommitment.of(42, "alice-id", Money.of("455.01", "EUR"), SALT))
        .isEqualTo("bc946216f64f3f4c5b974b6bf76f05729cd9026eafa3d9470e1b7186459ba278");
  }

  @Test
  void hashesTheTextAsUtf8() {
    assertThat(SealedCommitment.of(9, "zo\u00eb-\u00fc", Money.of("0.05", "EUR"), "abc123"))
        .isEqualTo("c707a97343e3dc80bec491f729ccae1f7d16a5a927c3025c065e91e95379bb4d");
  }

  @Test
  void aBidderVerifiesTheirRevealedBidAgainstTheirCommitment() {
    String commitment = "2afd207c55ac514c7f6db9ab4f401fc3f62f863f3f736c3c1dd42753a0bf8f0b";
    Money amount = Money.of("455.00", "EUR");
    assertThat(SealedCommitment.matches(commitment, 42, "alice-id", amount, SALT)).isTrue();
    assertThat(SealedCommitment.matches(commitment, 43, "alice-id", amount, SALT)).isFalse();
    assertThat(SealedCommitment.matches(commitment, 42, "bob-id", amount, SALT)).isFalse();
    assertThat(
            SealedCommitment.matches(commitment, 42, "alice-id", Money.of("454.99", "EUR"), SALT))
        .isFalse();
    assertThat(
            SealedCommitment.matches(
                commitment, 42, "alice-id", amount, "00112233445566778899aabbccddeef0"))
        .isFalse();
    assertThat(SealedCommitment.matches("", 42, "alice-id", amount, SALT)).isFalse();
  }

  @Test
  void refusesSaltsThatWouldMakeTheTextAmbiguous() {
    Money amount = Money.of("1.00", "EUR");
    assertThatThrownBy(() -> SealedCommitment.of(1, "a", amount, "ab|cd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'|'");
    assertThatThrownBy(() -> SealedCommitment.of(1, "a", amount, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SealedCommitment.of(1, "a", amount, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aSaltIsSixteenRandomBytesAsThirtyTwoLowercaseHexCharacters() {
    assertThat(SealedCommitment.newSalt(new SecureRandom())).matches("[0-9a-f]{32}");
    SplittableRandom seeded = new SplittableRandom(7);
    Set<String> salts = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String salt = SealedCommitment.newSalt(seeded);
      assertThat(salt).matches("[0-9a-f]{32}");
      salts.add(salt);
    }
    assertThat(salts).hasSize(1000);
  }

  @Test
  void theSaltComesFromTheGivenGenerator() {
    assertThat(SealedCommitment.newSalt(new SplittableRandom(42)))
        .isEqualTo(SealedCommitment.newSalt(new SplittableRandom(42)));
    assertThat(SealedCommitment.newSalt(new FixedBytes((byte) 0xab)))
        .isEqualTo("abababababababababababababababab");
  }

  /** A generator whose every byte is the same, to pin the hex encoding. */
  private record FixedBytes(byte value) implements java.util.random.RandomGenerator {
    @Override
    public long nextLong() {
      long b = value & 0xffL;
      return b * 0x0101010101010101L;
    }
  }
}
