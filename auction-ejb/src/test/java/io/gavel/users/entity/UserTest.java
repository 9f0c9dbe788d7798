package io.gavel.users.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration PERIOD = Duration.ofMinutes(5);

  @Test
  void aNewUserStartsActiveUnverifiedAndSeenAtCreation() {
    User user = new User("sub-1", "alice", null, T0);
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.NONE);
    assertThat(user.sellerVerified()).isFalse();
    assertThat(user.businessAccount()).isFalse();
    assertThat(user.mayBid()).isTrue();
    assertThat(user.displayName()).isEqualTo("alice");
    assertThat(user.lastSeenAt()).isEqualTo(T0);
  }

  @Test
  void isNotSeenAgainWithinThePeriodAfterCreation() {
    User user = new User("sub-1", "alice", "Alice", T0);
    assertThat(user.seenAgain(T0, PERIOD)).isFalse();
    assertThat(user.seenAgain(T0.plus(PERIOD).minusMillis(1), PERIOD)).isFalse();
    assertThat(user.lastSeenAt()).isEqualTo(T0);
  }

  @Test
  void isSeenAgainOnceThePeriodHasPassedAndTheClockMoves() {
    User user = new User("sub-1", "alice", "Alice", T0);
    Instant later = T0.plus(PERIOD);
    assertThat(user.seenAgain(later, PERIOD)).isTrue();
    assertThat(user.lastSeenAt()).isEqualTo(later);
    assertThat(user.seenAgain(later.plusSeconds(60), PERIOD)).isFalse();
    assertThat(user.lastSeenAt()).isEqualTo(later);
    Instant muchLater = later.plus(Duration.ofDays(1));
    assertThat(user.seenAgain(muchLater, PERIOD)).isTrue();
    assertThat(user.lastSeenAt()).isEqualTo(muchLater);
  }

  @Test
  void verificationRaisesTheLevelButNeverLowersItAndOnlyGrantsFlags() {
    User user = new User("sub-1", "alice", "Alice", T0);
    user.verified(User.KycLevel.VERIFIED, true, true);
    user.verified(User.KycLevel.BASIC, false, false);
    assertThat(user.kycLevel()).isEqualTo(User.KycLevel.VERIFIED);
    assertThat(user.sellerVerified()).isTrue();
    assertThat(user.businessAccount()).isTrue();
  }
}
