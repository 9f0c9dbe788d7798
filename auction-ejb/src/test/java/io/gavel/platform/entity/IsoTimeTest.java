package io.gavel.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void writesTheContractsForm() {
    assertEquals("2026-11-26T12:00:05.007Z", IsoTime.format(Instant.parse("2026-11-26T12:00:05.007999Z")));
    assertEquals("1970-01-01T00:00:00.000Z", IsoTime.format(Instant.EPOCH));
    assertEquals("1969-12-31T23:59:59.999Z", IsoTime.format(Instant.EPOCH.minusNanos(1)));
    assertEquals("0001-01-01T00:00:00.000Z", IsoTime.format(Instant.parse("0001-01-01T00:00:00Z")));
    assertEquals("9999-12-31T23:59:59.999Z", IsoTime.format(Instant.parse("9999-12-31T23:59:59.999999999Z")));
    assertNull(IsoTime.format(null));
  }

  @Test
  void agreesWithTheFormatterEverywhere() {
    SplittableRandom random = new SplittableRandom(26);
    long min = Instant.parse("-0500-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000));
      assertEquals(REFERENCE.format(t), IsoTime.format(t), t::toString);
    }
  }
}
