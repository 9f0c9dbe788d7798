package io.gavel.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrokerTest {

  @Test
  void theCreatedBufferTimeoutBecomesZeroAndTransactionsStopWaitingForTheDisk() {
    String created =
        "<core>\n      <journal-type>NIO</journal-type>\n"
            + "      <journal-buffer-timeout>644000</journal-buffer-timeout>\n      <journal-max-io>1</journal-max-io>\n</core>";

    String tuned = Broker.tuned(created);

    assertThat(tuned)
        .contains("<journal-buffer-timeout>0</journal-buffer-timeout>")
        .contains("<journal-sync-transactional>false</journal-sync-transactional>")
        .doesNotContain("644000")
        .contains("<journal-type>NIO</journal-type>", "<journal-max-io>1</journal-max-io>");
    assertThat(Broker.tuned(tuned)).isEqualTo(tuned);
  }

  @Test
  void aMissingSettingIsAddedAfterTheJournalType() {
    String tuned = Broker.withSetting("<core><journal-type>NIO</journal-type></core>", Broker.NO_JOURNAL_BUFFER);

    assertThat(tuned)
        .startsWith("<core><journal-type>NIO</journal-type>")
        .contains("<journal-buffer-timeout>0</journal-buffer-timeout>")
        .endsWith("</core>");
  }

  @Test
  void anExplicitTransactionalSyncIsTurnedOff() {
    String tuned =
        Broker.tuned(
            "<core><journal-type>NIO</journal-type>"
                + "<journal-sync-transactional>true</journal-sync-transactional></core>");

    assertThat(tuned)
        .contains("<journal-sync-transactional>false</journal-sync-transactional>")
        .doesNotContain("<journal-sync-transactional>true</journal-sync-transactional>");
  }

  @Test
  void aConfigurationWithoutJournalIsRefused() {
    assertThatThrownBy(() -> Broker.tuned("<core/>")).isInstanceOf(PlatformException.class);
  }
}
