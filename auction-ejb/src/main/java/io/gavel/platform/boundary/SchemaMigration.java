package io.gavel.platform.boundary;

import io.gavel.platform.control.LockWaits;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSDestinationDefinition;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the database schema up to date before anything else runs, and declares the
 * application's resources.
 *
 * <p>Two datasources point at the same database: the XA one for every business transaction
 * (bids and their events commit together with the JMS send), and a plain one for Flyway, which
 * manages its own commits and fails on an XA connection. Connection settings come from
 * MicroProfile Config ({@code auction.db.*}), so the same archive runs anywhere.
 *
 * <p>The JMS connection factory and topic live in the Artemis resource adapter deployed as
 * {@code artemis-rar} (see payara-config). Concurrent migrations from several nodes are safe:
 * Flyway takes a database lock.
 */
@DataSourceDefinition(
    name = SchemaMigration.DATA_SOURCE,
    className = "com.mysql.cj.jdbc.MysqlXADataSource",
    url = "${MPCONFIG=auction.db.url}",
    user = "${MPCONFIG=auction.db.user}",
    password = "${MPCONFIG=auction.db.password}",
    transactional = true,
    // READ COMMITTED: reads made after taking an auction's row lock must see the rows the previous
    // lock holder committed. Under REPEATABLE READ they would see the snapshot taken by the
    // transaction's first read (e.g. the caller's profile), from before the lock was granted.
    isolationLevel = java.sql.Connection.TRANSACTION_READ_COMMITTED,
    initialPoolSize = 2,
    minPoolSize = 2,
    maxPoolSize = 64,
    // The bid path runs the same few statements all day: the pool keeps each connection's
    // prepared statements, Connector/J keeps their parsed form, and a connection is validated at
    // most every few seconds rather than on every checkout. Batched inserts go in one round trip,
    // and so do several statements sent as one text (io.gavel.platform.control.Rows): every
    // statement of the application binds its values as parameters, none is built from input.
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=meta-data",
      "fish.payara.validate-atmost-once-period-in-seconds=5",
      "fish.payara.fail-all-connections=true",
      "fish.payara.statement-cache-size=128",
      // Without a type Payara passes the string "null", fails to load a class of that name and
      // runs with no statement cache at all (payara/Payara#6647): a blank type means LRU.
      "fish.payara.statement-cache-type= ",
      "cachePrepStmts=true",
      "prepStmtCacheSize=256",
      "prepStmtCacheSqlLimit=2048",
      "rewriteBatchedStatements=true",
      "allowMultiQueries=true",
      "cacheServerConfiguration=true",
      "useLocalSessionState=true",
      "elideSetAutoCommits=true",
      "maintainTimeStats=false",
      // a request waits this long for a row lock (io.gavel.platform.control.LockWaits), not 50 s
      "sessionVariables=innodb_lock_wait_timeout=" + LockWaits.SESSION_SECONDS
    })
// Work that commits on its own, outside any container transaction: the schema migrations at start,
// and blocks of entity ids (io.gavel.platform.entity.IdBlocks), so that a block's row is not
// locked until the caller's transaction ends. A global name: EclipseLink looks it up while the
// application deploys, outside any component.
@DataSourceDefinition(
    name = SchemaMigration.DIRECT_DATA_SOURCE,
    className = "com.mysql.cj.jdbc.MysqlDataSource",
    url = "${MPCONFIG=auction.db.url}",
    user = "${MPCONFIG=auction.db.user}",
    password = "${MPCONFIG=auction.db.password}",
    transactional = false,
    initialPoolSize = 0,
    minPoolSize = 0,
    maxPoolSize = 4)
@JMSConnectionFactoryDefinition(
    name = SchemaMigration.CONNECTION_FACTORY,
    interfaceName = "jakarta.jms.ConnectionFactory",
    resourceAdapter = "artemis-rar",
    user = "${MPCONFIG=auction.broker.user}",
    password = "${MPCONFIG=auction.broker.password}",
    transactional = true,
    minPoolSize = 0,
    maxPoolSize = 64)
@JMSDestinationDefinition(
    name = SchemaMigration.AUCTION_EVENTS_TOPIC,
    interfaceName = "jakarta.jms.Topic",
    resourceAdapter = "artemis-rar",
    destinationName = SchemaMigration.AUCTION_EVENTS_ADDRESS,
    properties = {"Address=" + SchemaMigration.AUCTION_EVENTS_ADDRESS})
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

  /** The XA data source of every business transaction (the persistence unit's). */
  public static final String DATA_SOURCE = "java:app/jdbc/auction";

  /** Not enlisted in container transactions: see the definition above. */
  public static final String DIRECT_DATA_SOURCE = "java:global/gavel/jdbc/direct";

  public static final String CONNECTION_FACTORY = "java:app/jms/gavel";
  public static final String AUCTION_EVENTS_TOPIC = "java:app/jms/auctionEvents";
  public static final String AUCTION_EVENTS_ADDRESS = "gavel.auction.events";

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  @Resource(lookup = DIRECT_DATA_SOURCE)
  DataSource migrations;

  @PostConstruct
  void migrate() {
    var result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(migrations)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    LOG.info(
        () ->
            "database schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }
}
