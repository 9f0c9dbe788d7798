package io.gavel.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long MS = 1_000_000;

  @Test
  void aFullBucketGivesItsBurstThenOneTokenPerInterval() {
    TokenBucket bucket = new TokenBucket(50 * MS, 3, 0);
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).as("empty: wait one interval").isEqualTo(50 * MS);
    assertThat(bucket.take(49 * MS)).isEqualTo(MS);
    assertThat(bucket.take(50 * MS)).isZero();
    assertThat(bucket.full(50 * MS)).isFalse();
    assertThat(bucket.full(200 * MS)).isTrue();
  }

  @Test
  void aRefusedTakeCostsNothing() {
    TokenBucket bucket = new TokenBucket(10 * MS, 1, 0);
    assertThat(bucket.take(0)).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.take(0)).isPositive();
    }
    assertThat(bucket.take(10 * MS)).isZero();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
