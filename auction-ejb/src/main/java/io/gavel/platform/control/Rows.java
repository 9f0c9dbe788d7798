package io.gavel.platform.control;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Plain SQL for the few writes that JPA makes needlessly slow: many rows in one statement, and
 * several such statements in one round trip, in the caller's transaction, with no ids read back.
 * And the one EclipseLink query hint the application uses.
 *
 * <p>The statements run on plain JDBC, on the connection the caller's transaction already holds
 * (the container hands out the same enlisted connection to every user of the data source within
 * one transaction). Not as JPA native queries: EclipseLink turns every bound value of a native
 * query into a field of a record, looked up by a linear search, so a statement of n values cost
 * n² comparisons, and it prepares and translates the call again each time; for the bid batches'
 * inserts that was about half of the CPU they took on the bid worker.
 *
 * <p>Several statements go to the server as one text separated by semicolons, which the XA data
 * source allows ({@code allowMultiQueries}, see {@code SchemaMigration}; every statement of the
 * application binds its values as parameters). The server runs them in order and stops at the
 * first that fails; the driver reads every statement's result before the call returns and throws
 * that failure, so the caller's transaction rolls back as a whole (XaSliceIT checks this).
 */
public final class Rows {

  /** EclipseLink's hint for results that are only read: they are not tracked for changes. */
  public static final String READ_ONLY = "eclipselink.read-only";

  private record Statement(String sql, List<?> values) {}

  private final List<Statement> statements = new ArrayList<>();

  /** Starts an empty list of statements, to be {@link #write}n in order. */
  public Rows() {}

  /**
   * Adds {@code INSERT INTO <into> VALUES (...), (...) <then>}, one parenthesised group per row,
   * binding each row's values in order (an {@link Instant} as UTC date and time); nothing when
   * {@code rows} is empty.
   *
   * @param into the table and its column list, e.g. {@code "t (a, b)"}
   * @param then what follows the values ({@code ON DUPLICATE KEY UPDATE ...}), or empty
   * @return this
   */
  public Rows insert(String into, List<Object[]> rows, String then) {
    if (rows.isEmpty()) {
      return this;
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(into).append(" VALUES ");
    List<Object> values = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      for (int c = 0; c < rows.get(r).length; c++) {
        sql.append(c == 0 ? "?" : ", ?");
      }
      sql.append(')');
      values.addAll(Arrays.asList(rows.get(r)));
    }
    if (!then.isBlank()) {
      sql.append(' ').append(then.strip());
    }
    statements.add(new Statement(sql.toString(), values));
    return this;
  }

  /**
   * Adds any other statement ({@code UPDATE ...}), binding {@code values} to its parameters in
   * order.
   *
   * @return this
   */
  public Rows add(String sql, List<?> values) {
    statements.add(new Statement(sql, values));
    return this;
  }

  /**
   * Adds the insert of one row per item, with the values {@code columns} gives for it: see {@link
   * #insert(String, List, String)}.
   */
  public <T> Rows insert(String into, List<T> items, Function<T, Object[]> columns) {
    return insert(into, items.stream().map(columns).toList(), "");
  }

  /**
   * Runs the statements added so far, in order and in one round trip, on {@code db}'s connection
   * in the caller's transaction; nothing when none was added. Pending JPA changes are not flushed
   * first: a caller whose rows refer to them flushes its persistence context before.
   *
   * @param db a transactional (enlisted) data source, the persistence unit's
   * @throws PersistenceException when a statement fails (the caller's transaction then rolls back)
   */
  public void write(DataSource db) {
    if (statements.isEmpty()) {
      return;
    }
    try (Connection connection = db.getConnection();
        PreparedStatement sql = prepare(connection)) {
      sql.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("writing rows failed: " + e.getMessage(), e);
    }
  }

  /** The statements added so far as one text, prepared on {@code connection} with their values bound. */
  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement sql = connection.prepareStatement(text());
    List<Object> values = values();
    for (int p = 0; p < values.size(); p++) {
      sql.setObject(p + 1, column(values.get(p)));
    }
    return sql;
  }

  /** The statements added so far, as the one text {@link #write} sends. */
  String text() {
    StringBuilder text = new StringBuilder();
    for (Statement statement : statements) {
      text.append(text.isEmpty() ? "" : ";\n").append(statement.sql());
    }
    return text.toString();
  }

  /** The values of the statements added so far, in the order of their parameters. */
  List<Object> values() {
    List<Object> values = new ArrayList<>();
    statements.forEach(statement -> values.addAll(statement.values()));
    return values;
  }

  /** Instants are stored as UTC {@code DATETIME}s, as the entities store them. */
  private static Object column(Object value) {
    return value instanceof Instant instant ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : value;
  }
}
