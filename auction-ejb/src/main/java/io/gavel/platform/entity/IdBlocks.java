package io.gavel.platform.entity;

/**
 * Where entity ids come from: the table {@value #TABLE}, one row per id sequence, each holding the
 * last id handed out. A node takes a block of ids at a time on a connection of its own (the
 * direct data source of {@code SchemaMigration}, outside the caller's transaction, so the row is
 * locked only for that short commit), then numbers new rows from memory.
 *
 * <p>The generators are declared once, in {@value #GENERATORS}; an entity names its own with
 * {@code @GeneratedValue(strategy = TABLE, generator = ...)}, and migration V12 seeds its row.
 *
 * <p>Why not the columns' {@code AUTO_INCREMENT} ({@code GenerationType.IDENTITY}): EclipseLink
 * 4.0.7, as Payara ships it, reads the generated key of each insert and never closes the
 * statement (eclipse-ee4j/eclipselink#2366). Connector/J keeps every open statement in a
 * copy-on-write list per connection, so each insert made every later statement on that connection
 * slower, and the list grew without bound: 50,000 open statements after a few minutes of bidding,
 * and up to 28 % of the node's CPU samples scanning them. Ids known before the insert also let a batch write
 * its rows with one multi-row {@code INSERT}. Ids are unique, not gap-free, and only roughly
 * ordered across nodes: order is kept by the auctions' own numbers ({@code seq}, command number).
 */
public final class IdBlocks {

  /** The mapping file that declares one table generator per id sequence. */
  public static final String GENERATORS = "META-INF/orm.xml";

  public static final String TABLE = "id_blocks";

  private IdBlocks() {}
}
