package io.gavel.auction.boundary;

import io.gavel.auction.entity.InstantConverter;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster-wide presence per auction: {@code watchers} (subscribed connections, summed over the
 * nodes' fresh reports) and {@code participants} (distinct bidders). Kept in the database, which
 * every node already shares: one small upsert per node and second for the auctions whose count
 * changed, and one grouped read for the auctions a node's clients watch.
 */
@Stateless
public class Presence {

  /** A node's report older than this no longer counts (the node is gone). */
  public static final Duration FRESH = Duration.ofSeconds(30);

  /** One auction's presence. */
  public record Count(int watchers, int participants) {}

  @PersistenceContext EntityManager em;

  private final InstantConverter utc = new InstantConverter();

  /**
   * Writes {@code node}'s watcher counts (0 removes the row) and marks all of its rows fresh at
   * {@code now}.
   */
  public void report(String node, Map<Long, Integer> watchers, Instant now) {
    for (Map.Entry<Long, Integer> e : watchers.entrySet()) {
      if (e.getValue() > 0) {
        em.createNativeQuery(
                "INSERT INTO presence (node_id, auction_id, watchers, updated_at) VALUES (?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE watchers = VALUES(watchers), updated_at = VALUES(updated_at)")
            .setParameter(1, node)
            .setParameter(2, e.getKey())
            .setParameter(3, e.getValue())
            .setParameter(4, utc.convertToDatabaseColumn(now))
            .executeUpdate();
      } else {
        em.createNativeQuery("DELETE FROM presence WHERE node_id = ? AND auction_id = ?")
            .setParameter(1, node)
            .setParameter(2, e.getKey())
            .executeUpdate();
      }
    }
    em.createNativeQuery("UPDATE presence SET updated_at = ? WHERE node_id = ?")
        .setParameter(1, utc.convertToDatabaseColumn(now))
        .setParameter(2, node)
        .executeUpdate();
  }

  /** Presence of each of {@code auctionIds} (absent auctions are left out). */
  public Map<Long, Count> of(Collection<Long> auctionIds, Instant now) {
    Map<Long, Count> counts = new HashMap<>();
    if (auctionIds.isEmpty()) {
      return counts;
    }
    List<Long> ids = List.copyOf(auctionIds);
    Query query =
        em.createNativeQuery(
            "SELECT a.id, a.participants, COALESCE((SELECT SUM(p.watchers) FROM presence p"
                + " WHERE p.auction_id = a.id AND p.updated_at >= ?), 0)"
                + " FROM auctions a WHERE a.id IN (" + placeholders(ids.size()) + ")");
    query.setParameter(1, utc.convertToDatabaseColumn(now.minus(FRESH)));
    for (int i = 0; i < ids.size(); i++) {
      query.setParameter(i + 2, ids.get(i));
    }
    for (Object row : query.getResultList()) {
      Object[] r = (Object[]) row;
      counts.put(
          ((Number) r[0]).longValue(),
          new Count(((Number) r[2]).intValue(), ((Number) r[1]).intValue()));
    }
    return counts;
  }

  /** Forgets reports that went stale (nodes that stopped without cleaning up). */
  public void expire(Instant now) {
    em.createNativeQuery("DELETE FROM presence WHERE updated_at < ?")
        .setParameter(1, utc.convertToDatabaseColumn(now.minus(FRESH).minus(FRESH)))
        .executeUpdate();
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
