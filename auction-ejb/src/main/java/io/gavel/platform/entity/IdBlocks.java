package io.gavel.platform.entity;

/**
 * Where entity ids come from: the table {@value #TABLE}, one row per id sequence, each holding the
 * last id handed out. A node takes a block of ids at a time on a connection of its own (the
 * direct data source of {@code SchemaMigration}, outside the caller's transaction, so the row is
 * locked only for that short commit), then numbers new rows from memory.
 *
 * <p>The generators are declared once, in {@value #GENERATORS}; an entity names its own with
 * {@code @GeneratedValue(strategy = TABLE, generator = ...)}, and migration V12 seeds its row.
 * Rows written without JPA (bids) take their ids through {@code
 * io.gavel.platform.control.BlockIds}, which takes blocks from the same rows the same way.
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

  /** The ids of one block not handed out yet: {@code next} up to {@code last}, both included. */
  public static final class Block {

    private long next;
    private final long last;

    private Block(long next, long last) {
      this.next = next;
      this.last = last;
    }

    /** The block of {@code size} ids whose largest is {@code last}, the row's new last id. */
    public static Block endingAt(long last, int size) {
      if (size < 1) {
        throw new IllegalArgumentException("a block holds at least one id, not " + size);
      }
      return new Block(last - size + 1, last);
    }

    public boolean exhausted() {
      return next > last;
    }

    /** Hands out the block's next id. */
    public long next() {
      if (exhausted()) {
        throw new IllegalStateException("block used up at " + last);
      }
      return next++;
    }
  }
}
