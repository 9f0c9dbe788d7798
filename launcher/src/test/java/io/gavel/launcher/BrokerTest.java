package io.gavel.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerTest {

  @Test
  void theCreatedBufferTimeoutBecomesZero() {
    String created =
        "<core>\n      <journal-type>NIO</journal-type>\n"
            + "      <journal-buffer-timeout>644000</journal-buffer-timeout>\n      <journal-max-io>1</journal-max-io>\n</core>";

    String tuned = Broker.withoutJournalBuffer(created);

    assertThat(tuned)
        .contains("<journal-buffer-timeout>0</journal-buffer-timeout>")
        .doesNotContain("644000")
        .contains("<journal-type>NIO</journal-type>", "<journal-max-io>1</journal-max-io>");
    assertThat(Broker.withoutJournalBuffer(tuned)).isEqualTo(tuned);
  }

  @Test
  void aMissingBufferTimeoutIsAddedAfterTheJournalType() {
    String tuned = Broker.withoutJournalBuffer("<core><journal-type>NIO</journal-type></core>");

    assertThat(tuned)
        .startsWith("<core><journal-type>NIO</journal-type>")
        .contains("<journal-buffer-timeout>0</journal-buffer-timeout>")
        .endsWith("</core>");
  }

  @Test
  void aConfigurationWithoutJournalIsRefused() {
    assertThatThrownBy(() -> Broker.withoutJournalBuffer("<core/>")).isInstanceOf(PlatformException.class);
  }
}
