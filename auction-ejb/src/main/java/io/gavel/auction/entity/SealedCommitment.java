package io.gavel.auction.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The commitment that seals a bid: a SHA-256 fingerprint that binds the bid's id, its bidder, its
 * amount and a random salt, handed to the bidder when the bid is accepted. Until the reveal nobody
 * can learn the amount from the commitment (the salt makes guessing amounts useless), and after the
 * reveal nobody, Gavel included, can claim a different amount without the fingerprint changing.
 *
 * <p>The fingerprint is the lowercase hex SHA-256 of the UTF-8 text {@code
 * bidId|bidderId|amount|salt}, with the amount in its wire form (for example {@code 455.00}).
 *
 * <p>How a bidder verifies their bid after the reveal: take the bid id, bidder id, amount and salt
 * that the reveal publishes for the bid, join them with {@code |} and hash them, for example {@code
 * printf '%s' '42|alice-id|455.00|00112233445566778899aabbccddeeff' | sha256sum}. The result must
 * equal, character for character, the commitment received when the bid was placed; if it does not,
 * the revealed bid is not the one that was sealed.
 */
public final class SealedCommitment {

  private static final int SALT_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  private SealedCommitment() {}

  /**
   * The commitment for one bid: the lowercase hex SHA-256 of the UTF-8 text {@code
   * bidId|bidderId|amount|salt}, 64 characters long. The salt must not contain {@code |}, so that
   * the text can only be split back one way.
   *
   * @throws IllegalArgumentException when the salt is empty or contains {@code |}
   */
  public static String of(long bidId, String bidderId, Money amount, String salt) {
    Objects.requireNonNull(bidderId, "bidderId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(salt, "salt");
    if (salt.isEmpty() || salt.indexOf('|') >= 0) {
      throw new IllegalArgumentException("a salt must be non-empty and must not contain '|'");
    }
    String text = bidId + "|" + bidderId + "|" + amount + "|" + salt;
    return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Whether {@code commitment} is the commitment of this bid, compared in constant time. This is
   * the check a bidder makes after the reveal, as Gavel makes it.
   */
  public static boolean matches(
      String commitment, long bidId, String bidderId, Money amount, String salt) {
    Objects.requireNonNull(commitment, "commitment");
    byte[] expected = of(bidId, bidderId, amount, salt).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, commitment.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A fresh salt: 16 bytes from {@code random} as 32 lowercase hex characters. Production passes a
   * {@link java.security.SecureRandom}; a predictable generator would let anyone guess sealed
   * amounts.
   */
  public static String newSalt(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    byte[] bytes = new byte[SALT_BYTES];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
