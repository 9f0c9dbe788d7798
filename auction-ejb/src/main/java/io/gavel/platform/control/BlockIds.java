package io.gavel.platform.control;

import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.platform.entity.IdBlocks;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Ids for rows written without JPA ({@link Rows}), from the same blocks as EclipseLink's table
 * generators: a block is taken from {@value IdBlocks#TABLE} the way they take one (add the block
 * size to the row's last id, read it back, commit), on the direct data source, outside the
 * caller's transaction. Blocks taken by any node or generator never overlap.
 */
@ApplicationScoped
public class BlockIds {

  @Resource(lookup = SchemaMigration.DIRECT_DATA_SOURCE)
  DataSource direct;

  private final Map<String, IdBlocks.Block> blocks = new HashMap<>();

  /**
   * The next id of the sequence {@code name} (a row of {@value IdBlocks#TABLE}), taking a block of
   * {@code size} ids when this node has none left.
   */
  public synchronized long next(String name, int size) {
    IdBlocks.Block block = blocks.get(name);
    if (block == null || block.exhausted()) {
      block = take(name, size);
      blocks.put(name, block);
    }
    return block.next();
  }

  private IdBlocks.Block take(String name, int size) {
    try (Connection connection = direct.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement add =
              connection.prepareStatement(
                  "UPDATE " + IdBlocks.TABLE + " SET last_id = last_id + ? WHERE name = ?");
          PreparedStatement read =
              connection.prepareStatement(
                  "SELECT last_id FROM " + IdBlocks.TABLE + " WHERE name = ?")) {
        add.setInt(1, size);
        add.setString(2, name);
        if (add.executeUpdate() != 1) {
          throw new IllegalStateException("no id sequence " + name + " in " + IdBlocks.TABLE);
        }
        read.setString(1, name);
        long last;
        try (ResultSet row = read.executeQuery()) {
          row.next();
          last = row.getLong(1);
        }
        connection.commit();
        return IdBlocks.Block.endingAt(last, size);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take a block of " + name + " ids", e);
    }
  }
}
