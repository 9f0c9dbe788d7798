package io.gavel.platform.control;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;

/**
 * Plain SQL for the few writes that JPA makes needlessly slow: many rows in one statement, in the
 * caller's transaction, with no ids read back. And the one EclipseLink query hint the application
 * uses.
 */
public final class Rows {

  /** EclipseLink's hint for results that are only read: they are not tracked for changes. */
  public static final String READ_ONLY = "eclipselink.read-only";

  private Rows() {}

  /**
   * Runs {@code INSERT INTO <into> VALUES (...), (...) <then>}, one parenthesised group per row,
   * binding each row's values in order; nothing when {@code rows} is empty.
   *
   * @param into the table and its column list, e.g. {@code "t (a, b)"}
   * @param then what follows the values ({@code ON DUPLICATE KEY UPDATE ...}), or empty
   */
  public static void insert(EntityManager em, String into, List<Object[]> rows, String then) {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(into).append(" VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      for (int c = 0; c < rows.get(r).length; c++) {
        sql.append(c == 0 ? "?" : ", ?");
      }
      sql.append(')');
    }
    Query insert = em.createNativeQuery(sql.append(' ').append(then).toString().strip());
    int p = 1;
    for (Object[] row : rows) {
      for (Object value : row) {
        insert.setParameter(p++, value);
      }
    }
    insert.executeUpdate();
  }
}
