package io.gavel.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gavel.auction.entity.Auction;
import io.gavel.auction.entity.AuctionStatus;
import io.gavel.auction.entity.Money;
import jakarta.persistence.Entity;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityRowsTest {

  private static final EntityRows<Auction> AUCTIONS = EntityRows.of(Auction.class);
  private static final Instant T0 = Instant.parse("2026-12-01T18:00:00.000Z");

  /** An English auction's row as the database holds it: running, one bid in, soft close on. */
  private static Map<String, Object> auctionRow() {
    Map<String, Object> row = new HashMap<>();
    row.put("id", 42L);
    row.put("seller_id", "seller");
    row.put("category_id", 4L);
    row.put("title", "Leica M3, 1956");
    row.put("type", "ENGLISH");
    row.put("status", "ACTIVE");
    row.put("currency", "EUR");
    row.put("starting_price", new BigDecimal("100.00"));
    row.put("increment_kind", "TABLE");
    row.put("increment_steps", io.gavel.auction.entity.IncrementPolicy.table().encode());
    row.put("current_price", new BigDecimal("100.00"));
    row.put("leader_id", "ann");
    row.put("leader_alias", 1);
    row.put("bid_count", 1);
    row.put("participants", 1);
    row.put("starts_at", LocalDateTime.ofInstant(T0, ZoneOffset.UTC));
    row.put("ends_at", LocalDateTime.ofInstant(T0.plusSeconds(3600), ZoneOffset.UTC));
    row.put("original_ends_at", LocalDateTime.ofInstant(T0.plusSeconds(3600), ZoneOffset.UTC));
    row.put("soft_close_window_s", 120);
    row.put("soft_close_extension_s", 120);
    row.put("soft_close_max", 10);
    row.put("kyc_level_to_bid", "NONE");
    row.put("extensions", 0);
    row.put("seq", 1L);
    row.put("command_no", 1L);
    return row;
  }

  @Test
  void readsEveryMappedColumnAndNoTransientState() {
    List<String> columns = Arrays.asList(AUCTIONS.columns().split(", "));

    assertThat(AUCTIONS.table()).isEqualTo("auctions");
    assertThat(columns)
        .contains("id", "seller_id", "current_price", "leader_id", "ends_at", "seq", "command_no", "kyc_level_to_bid", "title")
        .doesNotContain("book", "tenders", "aliases")
        .doesNotHaveDuplicates();
  }

  @Test
  void anAuctionReadFromItsRowHasTheStoredState() throws Exception {
    Auction auction = AUCTIONS.read(row(auctionRow())).entity();

    assertThat(auction.id()).isEqualTo(42L);
    assertThat(auction.status()).isEqualTo(AuctionStatus.ACTIVE);
    assertThat(auction.currentPrice()).isEqualTo(Money.of("100.00", "EUR"));
    assertThat(auction.endsAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(auction.seq()).isEqualTo(1L);
    assertThat(auction.reservePrice()).isNull();
    assertThat(auction.kycRule().level()).isEqualTo("NONE");
  }

  @Test
  void writesOnlyTheColumnsABidChanged() throws Exception {
    EntityRows.Loaded<Auction> loaded = AUCTIONS.read(row(auctionRow()));
    Auction auction = loaded.entity();
    auction.attach(
        List.of(new io.gavel.auction.entity.BidBook.Entry("ann", Money.of("100.00", "EUR"), Money.of("100.00", "EUR"), 1)),
        Map.of("ann", 1));
    // a bid in the soft-close window: the price, leader, counts, end and extensions move
    Instant late = T0.plusSeconds(3600 - 30);
    auction.placeBid("bob", 2, Money.of("110.00", "EUR"), null, late);
    auction.admitParticipant();
    auction.nextSeq();
    Rows statements = new Rows();

    assertThat(AUCTIONS.update(statements, loaded)).isTrue();
    assertThat(statements.text())
        .isEqualTo(
            "UPDATE auctions SET current_price = ?, leader_id = ?, leader_alias = ?, bid_count = ?,"
                + " participants = ?, ends_at = ?, extensions = ?, seq = ?, command_no = ? WHERE id = ?");
    assertThat(statements.values())
        .containsExactly(
            new BigDecimal("110.00"), "bob", 2, 2, 2, T0.plusSeconds(3600 + 90), 1, 2L, 2L, 42L);
  }

  @Test
  void writesNothingWhenNothingChanged() throws Exception {
    EntityRows.Loaded<Auction> loaded = AUCTIONS.read(row(auctionRow()));
    Rows statements = new Rows();

    assertThat(AUCTIONS.update(statements, loaded)).isFalse();
    assertThat(statements.text()).isEmpty();
  }

  @Test
  void aColumnSetBackToNullIsWritten() throws Exception {
    Map<String, Object> stored = auctionRow();
    stored.put("status", "CLOSING");
    EntityRows.Loaded<Auction> loaded = AUCTIONS.read(row(stored));
    loaded.entity().close(
        new io.gavel.auction.entity.WinnerDetermination.Result(
            io.gavel.auction.entity.Outcome.NO_BIDS, null, null, List.of()),
        null,
        "[]",
        T0.plusSeconds(3600));
    Rows statements = new Rows();

    AUCTIONS.update(statements, loaded);

    assertThat(statements.text()).startsWith("UPDATE auctions SET status = ?, ").contains("closed_at = ?", "outcome = ?");
    assertThat(statements.values()).startsWith("CLOSED");
  }

  @Entity
  @Table(name = "ordinal")
  static class ByOrdinal {
    @Id Long id;
    @Enumerated AuctionStatus status;
  }

  @Entity
  @Table(name = "versioned")
  static class Versioned {
    @Id Long id;
    @Version long version;
  }

  @Entity
  @Table(name = "listed")
  static class WithList {
    @Id Long id;
    List<String> names;
  }

  @Test
  void refusesMappingsItCannotFollow() {
    assertThatThrownBy(() -> EntityRows.of(ByOrdinal.class)).hasMessageContaining("by name");
    assertThatThrownBy(() -> EntityRows.of(Versioned.class)).hasMessageContaining("@Version");
    assertThatThrownBy(() -> EntityRows.of(WithList.class)).hasMessageContaining("not supported");
    assertThatThrownBy(() -> EntityRows.of(String.class)).hasMessageContaining("no entity");
  }

  @Test
  void marksSeparateParameters() {
    assertThat(Reads.marks(1)).isEqualTo("?");
    assertThat(Reads.marks(3)).isEqualTo("?, ?, ?");
    assertThatThrownBy(() -> Reads.marks(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The current row of a result set with {@link #AUCTIONS}' columns, from values by column name. */
  private static ResultSet row(Map<String, Object> byColumn) {
    List<String> columns = Arrays.asList(AUCTIONS.columns().split(", "));
    Object[] last = new Object[1];
    return (ResultSet)
        Proxy.newProxyInstance(
            ResultSet.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (proxy, method, args) -> {
              if (method.getName().equals("wasNull")) {
                return last[0] == null;
              }
              Object value = byColumn.get(columns.get((Integer) args[0] - 1));
              last[0] = value;
              return switch (method.getName()) {
                case "getString", "getBigDecimal", "getObject" -> value;
                case "getLong" -> value == null ? 0L : ((Number) value).longValue();
                case "getInt" -> value == null ? 0 : ((Number) value).intValue();
                case "getBoolean" -> value != null && (Boolean) value;
                default -> throw new UnsupportedOperationException(method.getName());
              };
            });
  }
}
