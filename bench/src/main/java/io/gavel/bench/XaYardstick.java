package io.gavel.bench;

import com.mysql.cj.jdbc.MysqlXADataSource;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

/**
 * The second yardstick (d): the shape of a bid batch's transaction with no application around it.
 * One thread runs, back to back, the least that one batch on one auction must do, in the round
 * trips the application needs for it: XA START on MariaDB; lock one row; update it and insert one
 * row, the two statements sent as one text; XA START on the broker and one non-persistent message
 * (the application's events are non-persistent); XA END and PREPARE on both; a forced record in a
 * log file (as the transaction manager writes its decision between the phases); XA COMMIT on
 * both. The connection has the application's pool settings. A warm-up runs first, unmeasured, so
 * that this JVM's compiler does not count.
 *
 * <p>The batches of one auction are serial, each in its own such transaction, so this rate bounds
 * the batches per second on one hot auction, and (b)'s accepted bids per second are at most this
 * rate times the accepted bids per batch. The same MariaDB and broker as the bids, before any
 * bidding; a scratch table and a scratch queue, dropped after.
 */
final class XaYardstick implements AutoCloseable {

  static final String TABLE = "bench_xa";
  static final String QUEUE = "bench.xa";
  private static final byte[] PAYLOAD =
      ("{\"type\":\"bid.placed\",\"auctionId\":\"1\",\"seq\":1,\"amount\":\"1250.00\",\"currentPrice\":\"1250.00\","
              + "\"nextMinimumBid\":\"1300.00\",\"leadingBidder\":\"Bidder 1\",\"at\":\"2026-11-27T10:00:00Z\"}")
          .getBytes(StandardCharsets.UTF_8);

  record Result(double seconds, long commits, long errors, Histogram latency, String firstError) {
    double perSecond() {
      return commits / seconds;
    }
  }

  /** The connection properties of the application's XA pool that decide its round trips. */
  private static final String POOL_SETTINGS =
      "allowMultiQueries=true&cachePrepStmts=true&useLocalSessionState=true&elideSetAutoCommits=true"
          + "&cacheServerConfiguration=true&maintainTimeStats=false";

  private final String jdbcUrl;
  private final String dbUser;
  private final String dbPassword;
  private final String brokerUri;
  private final String brokerUser;
  private final String brokerPassword;
  private final Path log;

  XaYardstick(String jdbcUrl, String dbUser, String dbPassword, String brokerUri, String brokerUser, String brokerPassword, Path log) {
    this.jdbcUrl = jdbcUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
    this.brokerUri = brokerUri;
    this.brokerUser = brokerUser;
    this.brokerPassword = brokerPassword;
    this.log = log;
  }

  Result run(Duration warmup, Duration duration) throws Exception {
    Histogram latency = new Histogram(60_000_000L, 3);
    MysqlXADataSource source = new MysqlXADataSource();
    source.setUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + POOL_SETTINGS);
    source.setUser(dbUser);
    source.setPassword(dbPassword);
    long commits = 0;
    long errors = 0;
    String firstError = null;
    Files.createDirectories(log.getParent());
    try (ServerLocator locator = ActiveMQClient.createServerLocator(brokerUri);
        ClientSessionFactory factory = locator.createSessionFactory();
        ClientSession broker = factory.createSession(brokerUser, brokerPassword, true, false, false, false, locator.getAckBatchSize());
        FileChannel file =
            FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      XAConnection xa = source.getXAConnection();
      try (Connection c = xa.getConnection()) {
        prepareScratch(c, broker);
        XAResource db = xa.getXAResource();
        ClientProducer producer = broker.createProducer(QUEUE);
        try (PreparedStatement lock = c.prepareStatement("SELECT amount FROM " + TABLE + " WHERE id = 1 FOR UPDATE");
            PreparedStatement write =
                c.prepareStatement("UPDATE " + TABLE + " SET amount = ?, n = ? WHERE id = 1; INSERT INTO " + TABLE
                    + " (amount, n) VALUES (?, ?)")) {
          ByteBuffer record = ByteBuffer.allocate(128);
          long measureFrom = System.nanoTime() + warmup.toNanos();
          long end = measureFrom + duration.toNanos();
          long n = 0;
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            Xid xid = new BenchXid(++n);
            try {
              db.start(xid, XAResource.TMNOFLAGS);
              try (ResultSet r = lock.executeQuery()) {
                r.next();
              }
              write.setLong(1, 1000 + n);
              write.setLong(2, n);
              write.setLong(3, 1000 + n);
              write.setLong(4, n);
              write.execute();
              while (write.getMoreResults() || write.getUpdateCount() != -1) {
                // the insert's count
              }
              broker.start(xid, XAResource.TMNOFLAGS);
              ClientMessage message = broker.createMessage(false);
              message.getBodyBuffer().writeBytes(PAYLOAD);
              producer.send(message);
              db.end(xid, XAResource.TMSUCCESS);
              broker.end(xid, XAResource.TMSUCCESS);
              db.prepare(xid);
              broker.prepare(xid);
              record.clear();
              record.putLong(n).put(xid.getGlobalTransactionId()).flip();
              file.write(record, 0);
              file.force(true);
              db.commit(xid, false);
              broker.commit(xid, false);
              if (t0 >= measureFrom) {
                latency.recordValue(Math.min((System.nanoTime() - t0) / 1_000, latency.getHighestTrackableValue()));
                commits++;
              }
            } catch (Exception e) {
              rollBack(db, broker, xid);
              errors++;
              if (firstError == null) {
                firstError = e.toString();
              }
              if (errors > 100) {
                break;
              }
            }
          }
        }
      } finally {
        xa.close();
      }
    }
    return new Result(duration.toNanos() / 1e9, commits, errors, latency, firstError);
  }

  /** After a failed round: leaves neither branch open, whatever state it reached. */
  private static void rollBack(XAResource db, XAResource broker, Xid xid) {
    for (XAResource resource : new XAResource[] {db, broker}) {
      try {
        resource.end(xid, XAResource.TMFAIL);
      } catch (Exception e) {
        // not started or already ended
      }
      try {
        resource.rollback(xid);
      } catch (Exception e) {
        // not started, or already gone
      }
    }
  }

  private static void prepareScratch(Connection c, ClientSession broker) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("CREATE TABLE " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, amount BIGINT NOT NULL, n BIGINT NOT NULL)"
          + " ENGINE=InnoDB");
      s.execute("INSERT INTO " + TABLE + " (amount, n) VALUES (1000, 0)");
    }
    if (!broker.queueQuery(org.apache.activemq.artemis.api.core.SimpleString.of(QUEUE)).isExists()) {
      broker.createQueue(QueueConfiguration.of(QUEUE).setRoutingType(RoutingType.ANYCAST).setDurable(false));
    }
  }

  @Override
  public void close() throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
    }
    try (ServerLocator locator = ActiveMQClient.createServerLocator(brokerUri);
        ClientSessionFactory factory = locator.createSessionFactory();
        ClientSession broker = factory.createSession(brokerUser, brokerPassword, false, true, true, false, locator.getAckBatchSize())) {
      if (broker.queueQuery(org.apache.activemq.artemis.api.core.SimpleString.of(QUEUE)).isExists()) {
        broker.deleteQueue(QUEUE);
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** A transaction id of this yardstick: its own format id, the run's sequence number as the global id. */
  private record BenchXid(long n) implements Xid {
    @Override
    public int getFormatId() {
      return 0x4741_5645; // "GAVE"
    }

    @Override
    public byte[] getGlobalTransactionId() {
      return ByteBuffer.allocate(16).putLong(System.identityHashCode(XaYardstick.class)).putLong(n).array();
    }

    @Override
    public byte[] getBranchQualifier() {
      return new byte[] {1};
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Xid x
          && x.getFormatId() == getFormatId()
          && Arrays.equals(x.getGlobalTransactionId(), getGlobalTransactionId())
          && Arrays.equals(x.getBranchQualifier(), getBranchQualifier());
    }

    @Override
    public int hashCode() {
      return Long.hashCode(n);
    }
  }
}
