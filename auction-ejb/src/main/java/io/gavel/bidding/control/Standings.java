package io.gavel.bidding.control;

import io.gavel.auction.entity.BidBook;
import java.util.Map;

/**
 * Every bidder's standing and alias in one auction as of command number {@code commandNo}: what
 * a batch needs besides the auction's row. A node keeps the standings its last batch left
 * behind and reuses them while the row still shows the same command number.
 */
public record Standings(
    long commandNo, Map<String, BidBook.Entry> entries, Map<String, Integer> aliases) {

  public Standings {
    entries = Map.copyOf(entries);
    aliases = Map.copyOf(aliases);
  }
}
