package io.gavel.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The yardstick: how many durable single-row commits per second the same MariaDB takes over plain
 * JDBC (one INSERT + COMMIT per transaction, autocommit off) into a scratch table that is created
 * before and dropped after. No XA, no JMS, no application server: the ceiling a bid path that
 * commits once per bid could reach.
 */
final class CommitYardstick implements AutoCloseable {

  static final String TABLE = "bench_commits";

  record Result(int threads, double seconds, long commits, long errors, Histogram latency) {
    double perSecond() {
      return commits / seconds;
    }
  }

  private final String url;
  private final String user;
  private final String password;

  CommitYardstick(String url, String user, String password) throws SQLException {
    this.url = url;
    this.user = user;
    this.password = password;
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute(
          "CREATE TABLE " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, worker INT NOT NULL,"
              + " n BIGINT NOT NULL, amount DECIMAL(19,2) NOT NULL, at TIMESTAMP(6) NOT NULL) ENGINE=InnoDB");
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** The server settings that decide what a commit costs (read only; never changed here). */
  Map<String, String> settings() {
    Map<String, String> v = new LinkedHashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('version','innodb_flush_log_at_trx_commit','sync_binlog',"
                    + "'log_bin','innodb_flush_method','innodb_buffer_pool_size','innodb_log_file_size',"
                    + "'innodb_doublewrite','max_connections','transaction_isolation','tx_isolation')")) {
      while (r.next()) {
        v.put(r.getString(1), r.getString(2));
      }
    } catch (SQLException e) {
      v.put("error", e.getMessage());
    }
    return v;
  }

  /** MariaDB's global count of XA COMMIT statements so far, or -1 if it cannot be read. */
  long xaCommits() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_xa_commit'")) {
      return r.next() ? r.getLong(2) : -1;
    } catch (SQLException e) {
      return -1;
    }
  }

  Result run(int threads, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong errors = new AtomicLong();
    List<Histogram> histograms = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int worker = i;
      Histogram h = new Histogram(60_000_000L, 3);
      long[] count = new long[1];
      histograms.add(h);
      counts.add(count);
      Thread t =
          new Thread(
              () -> {
                try (Connection c = connect();
                    PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + TABLE + " (worker, n, amount, at) VALUES (?, ?, ?, NOW(6))")) {
                  c.setAutoCommit(false);
                  long n = 0;
                  while (System.nanoTime() < end && n < 10_000_000) {
                    long t0 = System.nanoTime();
                    insert.setInt(1, worker);
                    insert.setLong(2, n++);
                    insert.setBigDecimal(3, java.math.BigDecimal.valueOf(1250 + n, 2));
                    insert.executeUpdate();
                    c.commit();
                    h.recordValue(Math.min((System.nanoTime() - t0) / 1_000, h.getHighestTrackableValue()));
                    count[0]++;
                  }
                } catch (SQLException e) {
                  errors.incrementAndGet();
                }
              },
              "commit-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
    for (Thread t : workers) {
      t.join(duration.toMillis() + 30_000);
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    Histogram all = new Histogram(60_000_000L, 3);
    long commits = 0;
    for (int i = 0; i < threads; i++) {
      all.add(histograms.get(i));
      commits += counts.get(i)[0];
    }
    return new Result(threads, duration.toNanos() / 1e9, commits, errors.get(), all);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
    }
  }
}
