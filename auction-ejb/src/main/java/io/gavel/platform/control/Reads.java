package io.gavel.platform.control;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Several queries sent as one text, in one round trip, on the connection the caller's transaction
 * already holds; each query's result goes to its own handler, in order. The reading counterpart of
 * {@link Rows}, for a hot path whose every round trip counts (a bid batch reads its bidders and
 * locks its auctions at once). Values are bound as parameters, as in {@link Rows}.
 */
public final class Reads {

  /** Reads one query's result. */
  @FunctionalInterface
  public interface Handler {
    void read(ResultSet rows) throws SQLException;
  }

  /** The queries, sent as {@link Rows} sends its statements. */
  private final Rows queries = new Rows();

  private final List<Handler> handlers = new ArrayList<>();

  /** Starts an empty list of queries, to be {@link #run} in order. */
  public Reads() {}

  /**
   * Adds a query; {@code handler} gets its result when they {@link #run}.
   *
   * @param values the values of its parameters, in order (an {@code Instant} as UTC date and time)
   * @return this
   */
  public Reads add(String sql, List<?> values, Handler handler) {
    queries.add(sql, values);
    handlers.add(handler);
    return this;
  }

  /** {@code n} parameter marks separated by commas, for {@code IN (...)}; n must be positive. */
  public static String marks(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one value is needed, got " + n);
    }
    return "?, ".repeat(n - 1) + "?";
  }

  /**
   * Runs the queries added so far, in one round trip, on {@code db}'s connection in the caller's
   * transaction, handing each result to its handler in order; nothing when none was added.
   *
   * @param db a transactional (enlisted) data source, the persistence unit's
   * @throws PersistenceException when a query or a handler fails
   */
  public void run(DataSource db) {
    if (handlers.isEmpty()) {
      return;
    }
    try (Connection connection = db.getConnection();
        PreparedStatement sql = queries.prepare(connection)) {
      boolean result = sql.execute();
      for (Handler handler : handlers) {
        if (!result) {
          throw new SQLException("a query gave no result");
        }
        try (ResultSet rows = sql.getResultSet()) {
          handler.read(rows);
        }
        result = sql.getMoreResults();
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading rows failed: " + e.getMessage(), e);
    }
  }
}
