package io.gavel.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.platform.entity.Refusal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

  @Test
  void aMemberNamedTwiceIsMalformedNotTheLastOneWins() {
    assertThatThrownBy(() -> RequestJson.parse("{\"amount\":\"10.00\",\"amount\":\"900.00\"}", Set.of("amount")))
        .isInstanceOfSatisfying(
            Refusal.class,
            r -> {
              assertThat(r.status()).isEqualTo(400);
              assertThat(r.code()).isEqualTo("MALFORMED_JSON");
              assertThat(r.getMessage()).contains("amount");
            });
  }

  @Test
  void soIsOneNamedTwiceInANestedObject() {
    String body = "{\"increment\":{\"kind\":\"FIXED\",\"amount\":\"1.00\",\"amount\":\"5.00\"}}";
    assertThatThrownBy(() -> RequestJson.parse(body, Set.of("increment")))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo("MALFORMED_JSON"));
  }

  @Test
  void distinctMembersAreRead() {
    RequestJson json = RequestJson.parse("{\"amount\":\"10.00\",\"maxAmount\":\"20.00\"}", Set.of("amount", "maxAmount"));
    assertThat(json.string("amount", true)).isEqualTo("10.00");
    assertThat(json.string("maxAmount", false)).isEqualTo("20.00");
  }
}
